using PkiRevocation.Crl;
using PkiRevocation.Expiry;

namespace PkiRevocation
{
    /// <summary>
    /// The one entry point both front ends use: the cmdlets and pkirev build a PkiEngine and call one service
    /// per operation. Every service takes a reference time, so every decision can be replayed.
    /// </summary>
    public sealed class PkiEngine
    {
        public PkiEngine(EngineEnvironment? environment = null)
        {
            Environment = environment ?? EngineEnvironment.FromProcess();
            Expiry = new ExpiryService(Environment);
            Crl = new CrlService(Environment);
        }

        public EngineEnvironment Environment { get; }

        /// <summary>Certificate expiry from files, stores, endpoints and given certificates.</summary>
        public ExpiryService Expiry { get; }

        /// <summary>Certificate status from CRLs and delta CRLs (files, URLs, distribution points).</summary>
        public CrlService Crl { get; }
    }
}
