namespace PkiRevocation.Crl
{
    /// <summary>A parsed CRL and where it came from.</summary>
    internal sealed class LoadedCrl
    {
        public LoadedCrl(CrlIndex index, string source, bool fromCache = false)
        {
            Index = index;
            Source = source;
            FromCache = fromCache;
        }

        public CrlIndex Index { get; }

        public string Source { get; }

        public bool FromCache { get; }
    }
}
