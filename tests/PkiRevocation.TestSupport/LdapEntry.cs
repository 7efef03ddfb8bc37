namespace PkiRevocation.TestSupport;

/// <summary>One directory entry for <see cref="LdapPeer.StartDirectory"/>: object classes, text and binary values.</summary>
public sealed class LdapEntry
{
    public LdapEntry(string dn, params string[] objectClasses)
    {
        Dn = dn;
        ObjectClasses = objectClasses;
    }

    public string Dn { get; }

    public string[] ObjectClasses { get; }

    public List<(string Attribute, string Value)> Text { get; } = new();

    /// <summary>Binary values, written base64 (name them with ;binary for certificate and CRL syntaxes).</summary>
    public List<(string Attribute, byte[] Value)> Binary { get; } = new();

    public LdapEntry With(string attribute, string value) { Text.Add((attribute, value)); return this; }

    public LdapEntry With(string attribute, byte[] value) { Binary.Add((attribute, value)); return this; }

    public string ToLdif()
    {
        var lines = new List<string> { "dn: " + Dn };
        lines.AddRange(ObjectClasses.Select(c => "objectClass: " + c));
        lines.AddRange(Text.Select(t => $"{t.Attribute}: {t.Value}"));
        lines.AddRange(Binary.Select(b => $"{b.Attribute}:: {Convert.ToBase64String(b.Value)}"));
        return string.Join("\n", lines) + "\n";
    }
}
