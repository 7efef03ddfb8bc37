using PkiRevocation.Crl;
using PkiRevocation.Expiry;
using PkiRevocation.Revocation;
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
            Crl = new CrlService(Environment);
            Policies = new RevocationPolicyService(Environment);
            Revocation = new RevocationService(Environment, Crl, Policies, Ocsp);
            Monitor = new MonitorService(Environment, Expiry);
            Sessions = new SessionCheckService(Environment, new RevocationSessionChecker(Revocation, Policies));
        }

        public EngineEnvironment Environment { get; }

        /// <summary>Certificate expiry from files, stores, endpoints and given certificates.</summary>
        public ExpiryService Expiry { get; }

        /// <summary>OCSP revocation checking (RFC 6960), online or from a saved response.</summary>
        public OcspService Ocsp { get; }

        /// <summary>Certificate status from CRLs and delta CRLs (files, URLs, distribution points).</summary>
        public CrlService Crl { get; }

        /// <summary>Named revocation policies (one policies.json per scope) and policy selection.</summary>
        public RevocationPolicyService Policies { get; }

        /// <summary>The combined check: the policy's methods (OCSP, CRL, None) in order.</summary>
        public RevocationService Revocation { get; }

        /// <summary>Cached CRLs and OCSP responses (list, clear).</summary>
        public RevocationCache RevocationCache => Crl.Cache;

        /// <summary>The certificate monitor: settings, scheduled runs with mail/webhook/event log digests, expired-certificate clean-up.</summary>
        public MonitorService Monitor { get; }

        /// <summary>Long-lived session checks: settings, registry and the periodic expiry/revocation check.</summary>
        public SessionCheckService Sessions { get; }
    }
}
