using PkiRevocation.Expiry;
using PkiRevocation.Monitoring;
using PkiRevocation.Ocsp;
using PkiRevocation.Sessions;

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
            Ocsp = new OcspService(Environment);
            Monitor = new MonitorService(Environment, Expiry);
            Sessions = new SessionCheckService(Environment);
        }

        public EngineEnvironment Environment { get; }

        /// <summary>Certificate expiry from files, stores, endpoints and given certificates.</summary>
        public ExpiryService Expiry { get; }

        /// <summary>OCSP revocation checking (RFC 6960), online or from a saved response.</summary>
        public OcspService Ocsp { get; }

        /// <summary>The certificate monitor: settings, scheduled runs with mail/webhook/event log digests, expired-certificate clean-up.</summary>
        public MonitorService Monitor { get; }

        /// <summary>Long-lived session checks: settings, registry and the periodic expiry/revocation check.</summary>
        public SessionCheckService Sessions { get; }
    }
}
