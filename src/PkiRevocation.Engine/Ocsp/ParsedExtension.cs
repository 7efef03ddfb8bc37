namespace PkiRevocation.Ocsp
{
    /// <summary>An extension: OID, criticality, and the extnValue octets.</summary>
    internal sealed class ParsedExtension
    {
        public ParsedExtension(string oid, bool critical, byte[] value)
        {
            Oid = oid;
            Critical = critical;
            Value = value;
        }

        public string Oid { get; }

        public bool Critical { get; }

        public byte[] Value { get; }
    }
}
