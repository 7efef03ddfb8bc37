using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using PkiRevocation.Configuration;
using PkiRevocation.Net;

namespace PkiRevocation.Sessions
{
    /// <summary>
    /// A long-lived session to watch: registered in sessions.json, or handed over for one check (the pipeline).
    /// The peer chain comes from the pinned certificate when there is one, from a fresh TLS handshake otherwise.
    /// </summary>
    public sealed class LongLivedSession
    {
        /// <summary>The session's name; unique within a scope's registry.</summary>
        public string Name { get; set; } = "";

        public SessionKind Kind { get; set; } = SessionKind.Other;

        /// <summary>ldap://host:389 (StartTLS), ldaps://host:636, tls://host:port, or host:port. Optional when a certificate is pinned.</summary>
        public string? Endpoint { get; set; }

        /// <summary>When the session was established (UTC): its age decides whether it is long-lived.</summary>
        public DateTime EstablishedAt { get; set; }

        /// <summary>The peer's certificate, base64 DER, for sessions whose peer cannot be asked again (IPsec).</summary>
        public string? PinnedCertificate { get; set; }

        /// <summary>The pinned certificate's issuers, base64 DER, nearest first (optional; revocation checking may need them).</summary>
        public string[] PinnedIssuers { get; set; } = Array.Empty<string>();

        /// <summary>Which registry the session came from (never stored in the file; null for sessions from the pipeline).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public ConfigurationScope? Scope { get; set; }

        /// <summary>How far after the reference time (or now) EstablishedAt may lie: clock skew between hosts, not a session from the future.</summary>
        public static readonly TimeSpan MaximumFutureSkew = TimeSpan.FromDays(1);

        /// <summary>
        /// The reason this session cannot be checked (naming the session and the field), or null when it can.
        /// With <paramref name="now"/>, an EstablishedAt more than <see cref="MaximumFutureSkew"/> after it is refused
        /// (9999-12-31 would otherwise make every later date computation of the check fail).
        /// </summary>
        public string? Validate(DateTime? now = null)
        {
            var label = string.IsNullOrWhiteSpace(Name) ? (string.IsNullOrWhiteSpace(Endpoint) ? "(unnamed)" : Endpoint) : Name;
            if (string.IsNullOrWhiteSpace(Name)) return $"The session {label} has no Name.";
            if (!Enum.IsDefined(typeof(SessionKind), Kind)) return $"The session '{label}' has the unknown Kind '{(int)Kind}' (use Cti, Ldap, IPsec or Other).";
            if (EstablishedAt == default) return $"The session '{label}' has no EstablishedAt time.";
            if (now.HasValue && ReferenceTime.ToUtc(EstablishedAt) > Latest(now.Value))
                return $"The session '{label}' has EstablishedAt {ReferenceTime.ToUtc(EstablishedAt):yyyy-MM-dd'T'HH:mm:ss'Z'}, in the future "
                    + $"(later than {Latest(now.Value):yyyy-MM-dd'T'HH:mm:ss'Z'}): give the time the session was established.";
            if (string.IsNullOrWhiteSpace(PinnedCertificate) && string.IsNullOrWhiteSpace(Endpoint))
                return $"The session '{label}' has neither an Endpoint nor a PinnedCertificate: there is no way to get its peer certificate.";
            if (!string.IsNullOrWhiteSpace(Endpoint) && !TlsEndpoint.TryParse(Endpoint, out _, out var endpointError))
                return $"The session '{label}' has an invalid Endpoint: {endpointError}.";
            if (!string.IsNullOrWhiteSpace(PinnedCertificate) && !IsCertificate(PinnedCertificate!))
                return $"The session '{label}' has a PinnedCertificate that is not a base64 DER certificate.";
            foreach (var issuer in PinnedIssuers ?? Array.Empty<string>())
                if (!IsCertificate(issuer)) return $"The session '{label}' has a PinnedIssuers entry that is not a base64 DER certificate.";
            return null;
        }

        private static DateTime Latest(DateTime now) =>
            now > DateTime.MaxValue - MaximumFutureSkew ? DateTime.MaxValue : ReferenceTime.ToUtc(now) + MaximumFutureSkew;

        /// <summary>The endpoint, parsed; null when the session has none. Call <see cref="Validate"/> first.</summary>
        public TlsEndpoint? ParseEndpoint() => string.IsNullOrWhiteSpace(Endpoint) ? null : TlsEndpoint.Parse(Endpoint!);

        public LongLivedSession Clone() => new LongLivedSession
        {
            Name = Name,
            Kind = Kind,
            Endpoint = Endpoint,
            EstablishedAt = EstablishedAt,
            PinnedCertificate = PinnedCertificate,
            PinnedIssuers = (PinnedIssuers ?? Array.Empty<string>()).Clone() as string[] ?? Array.Empty<string>(),
            Scope = Scope,
        };

        public override string ToString() => string.IsNullOrEmpty(Endpoint) ? Name : $"{Name} ({Endpoint})";

        private static bool IsCertificate(string base64)
        {
            try
            {
                using (new X509Certificate2(Convert.FromBase64String(base64.Trim()))) return true;
            }
            catch (FormatException) { return false; }
            catch (CryptographicException) { return false; }
        }
    }
}
