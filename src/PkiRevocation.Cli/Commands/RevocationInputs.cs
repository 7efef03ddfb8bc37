using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Certificates;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Cli.Commands;

/// <summary>Option parsing shared by the crl, revocation, ocsp and policy commands: certificate files, http(s) URLs, kebab-case enums.</summary>
internal static class RevocationInputs
{
    /// <summary>Every certificate in the files (PEM bundles included); a file that cannot be read is reported and skipped.</summary>
    public static List<X509Certificate2> Certificates(IEnumerable<string>? paths, CliContext context)
    {
        var certificates = new List<X509Certificate2>();
        foreach (var loaded in Loaded(paths, context))
        {
            var certificate = loaded.Certificate ?? TryPlatform(loaded.RawData);
            if (certificate != null) certificates.Add(certificate);
            else context.WriteError(ErrorIds.NotACertificate, $"A certificate in '{loaded.Source}' cannot be used by the platform.");
        }

        return certificates;
    }

    /// <summary>Every certificate in the files as read (DER and source, no platform object built); a file that cannot be read is reported and skipped.</summary>
    public static List<LoadedCertificate> Loaded(IEnumerable<string>? paths, CliContext context)
    {
        var loaded = new List<LoadedCertificate>();
        foreach (var path in paths ?? []) loaded.AddRange(context.Read(CertificateFileReader.Read(Path.GetFullPath(path))) ?? []);
        return loaded;
    }

    /// <summary>An absolute http or https URL; writes the error and returns false on anything else.</summary>
    public static bool TryHttpUri(string? text, string option, CliContext context, out Uri? uri)
    {
        uri = null;
        if (text == null) return true;
        if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps))
        {
            uri = parsed;
            return true;
        }

        context.WriteError(ErrorIds.InvalidArgument, $"{option} '{text}' is not an http(s) URL.");
        return false;
    }

    private static X509Certificate2? TryPlatform(byte[] der)
    {
        try { return X509CertificateLoader.LoadCertificate(der); }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
    }

    /// <summary>One certificate from a file (the first one), or null with the error written.</summary>
    public static X509Certificate2? Certificate(string? path, string option, CliContext context)
    {
        if (path == null) return null;
        var certificates = Certificates([path], context);
        if (certificates.Count == 0 && !context.HadInputFailure) context.WriteError(ErrorIds.NotACertificate, $"{option} '{path}' holds no certificate.");
        return certificates.FirstOrDefault();
    }

    /// <summary>"not-revoked", "NotRevoked", "notrevoked" → NotRevoked. Writes the error and returns false on anything else.</summary>
    public static bool TryEnum<T>(string? text, string option, CliContext context, out T? value) where T : struct, Enum
    {
        value = null;
        if (text == null) return true;
        var wanted = text.Replace("-", "").Replace("_", "");
        foreach (var name in Enum.GetNames<T>())
        {
            if (!string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase)) continue;
            value = Enum.Parse<T>(name);
            return true;
        }

        context.WriteError(ErrorIds.InvalidArgument, $"{option} '{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(Kebab))}.");
        return false;
    }

    /// <summary>"ocsp,crl,none" (or repeated) → the ordered list.</summary>
    public static bool TryMethods(string[]? texts, string option, CliContext context, out Revocation.RevocationMethod[]? methods)
    {
        methods = null;
        if (texts == null || texts.Length == 0) return true;
        var list = new List<Revocation.RevocationMethod>();
        foreach (var part in texts.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!TryEnum<Revocation.RevocationMethod>(part, option, context, out var method)) return false;
            list.Add(method!.Value);
        }

        methods = list.ToArray();
        return true;
    }

    public static string Kebab(string name) => string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
