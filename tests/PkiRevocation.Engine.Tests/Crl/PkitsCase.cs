using PkiRevocation.TestSupport;

namespace PkiRevocation.Engine.Tests.Crl;

/// <summary>One line of ../shared/corpora/pkits/pkits-expected.tsv (sections 4.4, 4.14 and 4.15 only).</summary>
public sealed record PkitsCase(string Number, bool Valid, string Title, string[] Certificates, string[] Crls)
{
    private static readonly Lazy<List<PkitsCase>> All = new(Read);

    public static string Root => Path.Combine(Tools.Corpora, "pkits");

    public static string CertificatePath(string name) => Path.Combine(Root, "certs", name);

    public static string CrlPath(string name) => Path.Combine(Root, "crls", name);

    public static IReadOnlyList<PkitsCase> Load() => All.Value;

    private static List<PkitsCase> Read() =>
        File.ReadAllLines(Path.Combine(Root, "pkits-expected.tsv"))
            .Where(l => !l.StartsWith('#') && l.Length > 0)
            .Select(l => l.Split('\t'))
            .Where(f => f[0].StartsWith("4.4.", StringComparison.Ordinal) || f[0].StartsWith("4.14.", StringComparison.Ordinal) || f[0].StartsWith("4.15.", StringComparison.Ordinal))
            .Select(f => new PkitsCase(f[0], f[1] == "VALID", f[2], f[3].Split(','), f.Length > 4 && f[4].Length > 0 ? f[4].Split(',') : []))
            .ToList();
}
