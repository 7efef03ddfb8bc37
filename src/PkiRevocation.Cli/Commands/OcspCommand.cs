using System.CommandLine;
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
        var noAiaFetch = new Option<bool>("--no-aia-fetch") { Description = "Do not fetch a missing issuer from the certificate's AIA caIssuers URLs." };
        var at = CommonOptions.At();
        var json = CommonOptions.Json();

        var command = new Command("ocsp", "Check the OCSP status of certificates (RFC 6960), verifying signer, CertID, freshness and nonce.")
        {
            cert, issuer, url, proxy, response, at, trusted, noNonce, requireNonce, sha256, get, timeout, throttle, batch, noAiaFetch, json,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            if (!CommonOptions.TryGetAt(parseResult, at, context, out var reference)
                || !CommonOptions.TryTimeout(parseResult, timeout, context, out var timeoutValue)
                || !CommonOptions.TryInRange(parseResult.GetValue(throttle), "--throttle-limit", InputRanges.MinThrottleLimit, InputRanges.MaxThrottleLimit, "at once", context))
                return Task.FromResult(ExitCodes.BadInput);
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
                Timeout = timeoutValue,
                ThrottleLimit = parseResult.GetValue(throttle),
                Batch = parseResult.GetValue(batch),
                FetchIssuers = !parseResult.GetValue(noAiaFetch),
            };

            // What configures the check (URLs, issuers, trusted responders, a saved response) must be right before
            // anything is checked; a certificate file or certificate that cannot be read is reported and the others go on.
            RevocationInputs.TryHttpUri(parseResult.GetValue(url), "--url", context, out var responderUri);
            RevocationInputs.TryHttpUri(parseResult.GetValue(proxy), "--proxy", context, out var proxyUri);
            request.ResponderUri = responderUri;
            request.Proxy = proxyUri;
            foreach (var c in RevocationInputs.Certificates(parseResult.GetValue(issuer), context)) request.Issuers.Add(c);
            foreach (var c in RevocationInputs.Certificates(parseResult.GetValue(trusted), context)) request.TrustedResponders.Add(c);
            var responseFile = parseResult.GetValue(response);
            if (responseFile != null) request.Response = context.Read(OcspResponseFile.Read(Path.GetFullPath(responseFile)));
            if (context.HadInputFailure) return Task.FromResult(ExitCodes.BadInput);

            var certificates = RevocationInputs.Loaded(parseResult.GetValue(cert), context);
            foreach (var loaded in certificates) request.EncodedCertificates.Add(loaded.RawData);
            if (certificates.Count == 0) return Task.FromResult(ExitCodes.BadInput);

            var asJson = parseResult.GetValue(json);
            var table = new TextTable("Status", "Reason", "Serial", "Subject", "Responder", "Trust");
            var allGood = true;
            var index = 0;
            foreach (var result in context.EngineFactory().Ocsp.Check(request, null, cancellationToken))
            {
                // One result per certificate, in order: the JSON "certificate" is the DER that was checked.
                var loaded = certificates[index++];
                if (result.FailureReason == OcspFailureReason.MalformedCertificate)
                {
                    CertificateStructure.IsWellFormed(loaded.RawData, out var problem);
                    context.WriteError(ErrorIds.NotACertificate, $"A certificate in '{loaded.Source}' cannot be decoded: {problem}");
                }

                allGood &= result.Status == OcspStatus.Good;
                if (asJson) JsonLines.Write(context.Out, result, loaded.RawData);
                else table.Add(result.Status, result.FailureReason?.ToString() ?? result.RevocationReason ?? "", result.SerialNumber, result.Subject, result.ResponderUri ?? result.Method, result.TrustPath);
            }

            if (!asJson) table.Write(context.Out);
            if (context.HadInputFailure) return Task.FromResult(ExitCodes.BadInput);
            return Task.FromResult(allGood ? ExitCodes.Success : ExitCodes.Finding);
        });
        return command;
    }
}
