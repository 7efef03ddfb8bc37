using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Certificates;
using PkiRevocation.Cli.Output;
using PkiRevocation.Diagnostics;
using PkiRevocation.Ocsp;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev ocsp: Test-OcspStatus for hosts without PowerShell.</summary>
public static class OcspCommand
{
    public static Command Create(CliContext context)
    {
        var cert = new Option<string[]>("--cert") { Description = "Certificate file to check (PEM: every certificate in it; DER). Repeatable.", Arity = ArgumentArity.OneOrMore, Required = true };
        var issuer = new Option<string[]>("--issuer") { Description = "Issuer certificate file (PEM or DER). Repeatable. Default: found among the checked certificates or the CA/Root stores.", Arity = ArgumentArity.ZeroOrMore };
        var url = new Option<string?>("--url") { Description = "Responder URL; overrides the OCSP URIs of the certificate's AIA extension." };
        var proxy = new Option<string?>("--proxy") { Description = "HTTP proxy for the responders (default: the system proxy, such as http_proxy)." };
        var response = new Option<string?>("--response") { Description = "A saved DER OCSP response to verify offline (no network)." };
        var trusted = new Option<string[]>("--trusted-responder") { Description = "A responder certificate you trust (self-signed allowed). Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var noNonce = new Option<bool>("--no-nonce") { Description = "Send no nonce." };
        var requireNonce = new Option<bool>("--require-nonce") { Description = "Refuse a response that does not echo the nonce." };
        var sha256 = new Option<bool>("--sha256") { Description = "CertID hashed with SHA-256 (default SHA-1)." };
        var get = new Option<bool>("--get") { Description = "Use HTTP GET when the request is short enough (default POST)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds for each responder (connect and whole exchange).", DefaultValueFactory = _ => 10 };
        var throttle = new Option<int>("--throttle-limit") { Description = "How many requests are in flight at once.", DefaultValueFactory = _ => 8 };
        var batch = new Option<bool>("--batch") { Description = "Ask for certificates that share issuer and responder in one request." };
        var at = CommonOptions.At();
        var json = CommonOptions.Json();

        var command = new Command("ocsp", "Check the OCSP status of certificates (RFC 6960), verifying signer, CertID, freshness and nonce.")
        {
            cert, issuer, url, proxy, response, at, trusted, noNonce, requireNonce, sha256, get, timeout, throttle, batch, json,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            if (!CommonOptions.TryGetAt(parseResult, at, context, out var reference)) return Task.FromResult(ExitCodes.BadInput);
            if (parseResult.GetValue(noNonce) && parseResult.GetValue(requireNonce))
            {
                context.WriteError(ErrorIds.InvalidArgument, "--no-nonce and --require-nonce cannot be used together.");
                return Task.FromResult(ExitCodes.BadInput);
            }

            var request = new OcspCheckRequest
            {
                At = reference,
                UseNonce = !parseResult.GetValue(noNonce),
                RequireNonce = parseResult.GetValue(requireNonce),
                HashAlgorithm = parseResult.GetValue(sha256) ? OcspHashAlgorithm.Sha256 : OcspHashAlgorithm.Sha1,
                UseGet = parseResult.GetValue(get),
                Timeout = TimeSpan.FromSeconds(Math.Clamp(parseResult.GetValue(timeout), 1, 600)),
                ThrottleLimit = Math.Clamp(parseResult.GetValue(throttle), 1, 64),
                Batch = parseResult.GetValue(batch),
            };

            var urlText = parseResult.GetValue(url);
            if (urlText != null)
            {
                if (Uri.TryCreate(urlText, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)) request.ResponderUri = uri;
                else context.WriteError(ErrorIds.InvalidArgument, $"--url '{urlText}' is not an http(s) URL.");
            }

            var proxyText = parseResult.GetValue(proxy);
            if (proxyText != null)
            {
                if (Uri.TryCreate(proxyText, UriKind.Absolute, out var proxyUri) && (proxyUri.Scheme == Uri.UriSchemeHttp || proxyUri.Scheme == Uri.UriSchemeHttps)) request.Proxy = proxyUri;
                else context.WriteError(ErrorIds.InvalidArgument, $"--proxy '{proxyText}' is not an http(s) URL.");
            }

            // What configures the check (issuers, trusted responders, a saved response, the URL) must be right before
            // anything is checked; a certificate file or certificate that cannot be read is reported and the others go on.
            foreach (var file in parseResult.GetValue(issuer) ?? []) Load(file, request.Issuers, context);
            foreach (var file in parseResult.GetValue(trusted) ?? []) Load(file, request.TrustedResponders, context);
            var responseFile = parseResult.GetValue(response);
            if (responseFile != null) request.Response = ReadResponse(responseFile, context);
            if (context.HadInputFailure) return Task.FromResult(ExitCodes.BadInput);

            var sources = new List<string>();
            foreach (var file in parseResult.GetValue(cert) ?? [])
            {
                foreach (var loaded in Read(file, context))
                {
                    request.EncodedCertificates.Add(loaded.RawData);
                    sources.Add(loaded.Source);
                }
            }

            if (request.EncodedCertificates.Count == 0) return Task.FromResult(ExitCodes.BadInput);

            var asJson = parseResult.GetValue(json);
            var table = new TextTable("Status", "Reason", "Serial", "Subject", "Responder", "Trust");
            var allGood = true;
            var index = 0;
            foreach (var result in context.EngineFactory().Ocsp.Check(request, null, cancellationToken))
            {
                // One result per certificate, in order: the JSON "certificate" is the DER that was checked.
                var der = request.EncodedCertificates[index];
                if (result.FailureReason == OcspFailureReason.MalformedCertificate)
                {
                    CertificateStructure.IsWellFormed(der, out var problem);
                    context.WriteError(ErrorIds.NotACertificate, $"A certificate in '{sources[index]}' cannot be decoded: {problem}");
                }

                index++;
                allGood &= result.Status == OcspStatus.Good;
                if (asJson) JsonLines.Write(context.Out, result, der);
                else table.Add(result.Status, result.FailureReason?.ToString() ?? result.RevocationReason ?? "", result.SerialNumber, result.Subject, result.ResponderUri ?? result.Method, result.TrustPath);
            }

            if (!asJson) table.Write(context.Out);
            if (context.HadInputFailure) return Task.FromResult(ExitCodes.BadInput);
            return Task.FromResult(allGood ? ExitCodes.Success : ExitCodes.Finding);
        });
        return command;
    }

    /// <summary>Issuers and trusted responders (a few): platform objects.</summary>
    private static void Load(string file, IList<X509Certificate2> into, CliContext context)
    {
        foreach (var loaded in Read(file, context))
        {
            try
            {
                into.Add(loaded.Certificate ?? X509CertificateLoader.LoadCertificate(loaded.RawData));
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                context.WriteError(ErrorIds.NotACertificate, $"A certificate in '{loaded.Source}' cannot be decoded: {ex.Message}");
            }
        }
    }

    /// <summary>The certificates of a file (each names the file as its Source); none, with an error written, when it cannot be read.</summary>
    private static IReadOnlyList<LoadedCertificate> Read(string file, CliContext context)
    {
        var path = Path.GetFullPath(file);
        var outcome = CertificateFileReader.Read(path);
        if (outcome.IsFailure)
        {
            context.WriteFailure(outcome.Failure!);
            return [];
        }

        if (outcome.Result!.Count == 0) context.WriteError(ErrorIds.NotACertificate, $"'{path}' holds no certificate.");
        return outcome.Result;
    }

    private static byte[]? ReadResponse(string file, CliContext context)
    {
        var path = Path.GetFullPath(file);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            var id = ex is FileNotFoundException || ex is DirectoryNotFoundException ? ErrorIds.PathNotFound : ErrorIds.FileUnreadable;
            context.WriteError(id, $"Cannot read the OCSP response '{path}': {ex.Message}");
            return null;
        }
    }
}
