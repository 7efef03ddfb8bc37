using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Certificates;
using PkiRevocation.Diagnostics;
using PkiRevocation.Expiry;
using PkiRevocation.Net;
using PkiRevocation.PowerShell.Completion;

namespace PkiRevocation.PowerShell.Commands
{
    /// <summary>Get-CertificateExpiry: expiry and RFC 5280 time encoding of certificates from the pipeline, files, stores and TLS endpoints.</summary>
    [Cmdlet(VerbsCommon.Get, "CertificateExpiry", DefaultParameterSetName = "Default")]
    [OutputType(typeof(CertificateExpiry))]
    public sealed class GetCertificateExpiryCommand : PkiCmdlet
    {
        private const string Activity = "Reading certificate expiry";
        private readonly HashSet<string> _pathsDone = new HashSet<string>(StringComparer.Ordinal);
        private bool _anySource;

        [Parameter(ValueFromPipeline = true)]
        public X509Certificate2[]? Certificate { get; set; }

        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Path { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath")]
        public string[]? LiteralPath { get; set; }

        [Parameter]
        public SwitchParameter Recurse { get; set; }

        [Parameter]
        public SecureString? Password { get; set; }

        /// <summary>"My", "My@CurrentUser" or "store://LocalMachine/Root" (a location written here wins over -StoreLocation).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(StoreNameCompleter))]
        public string[]? StoreName { get; set; }

        [Parameter]
        public StoreLocation StoreLocation { get; set; } = CertificateStoreReference.Default.Location;

        [Parameter]
        [Alias("HostName")]
        public string[]? ComputerName { get; set; }

        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 443;

        [Parameter]
        public StartTlsProtocol StartTls { get; set; }

        [Parameter]
        [ValidateRange(InputRanges.MinWithinDays, InputRanges.MaxWithinDays)]
        public int WithinDays { get; set; }

        [Parameter]
        public DateTime At { get; set; }

        [Parameter]
        public SwitchParameter Strict { get; set; }

        [Parameter]
        [ValidateRange(InputRanges.MinTimeoutSeconds, InputRanges.MaxTimeoutSeconds)]
        public int TimeoutSec { get; set; } = 10;

        [Parameter]
        [ValidateRange(InputRanges.MinThrottleLimit, InputRanges.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = 8;

        protected override void ProcessRecord()
        {
            var request = NewRequest();
            foreach (var certificate in Certificate ?? Array.Empty<X509Certificate2>())
                if (certificate != null) request.Certificates.Add((certificate, "Pipeline"));

            foreach (var path in PathResolver.Resolve(this, Path, literal: false, skipNonFileSystem: false))
                if (_pathsDone.Add(path)) request.Paths.Add(path);
            // A certificate piped from the Cert: drive also binds its PSPath here: that is the same certificate, not a file.
            foreach (var path in PathResolver.Resolve(this, LiteralPath, literal: true, skipNonFileSystem: Certificate != null))
                if (_pathsDone.Add(path)) request.Paths.Add(path);

            if (!request.HasSources) return;
            _anySource = true;
            WriteOutcomes(Engine.Expiry.Scan(request, Progress, CancellationToken), Activity);
        }

        protected override void EndProcessing()
        {
            var request = NewRequest();
            foreach (var name in StoreName ?? Array.Empty<string>())
            {
                if (CertificateStoreReference.TryParse(name, out var store, out var error, StoreLocation)) request.Stores.Add(store!);
                else WriteError(ErrorMapping.ToErrorRecord(ErrorIds.StoreNameInvalid, FailureKind.InvalidArgument, $"Cannot use the store: {error}.", name));
            }

            var defaultPort = IsBound(nameof(Port)) ? Port : StartTls == StartTlsProtocol.Ldap ? 389 : StartTls == StartTlsProtocol.Smtp ? 25 : Port;
            foreach (var name in ComputerName ?? Array.Empty<string>())
            {
                if (TlsEndpoint.TryParse(name, out var endpoint, out var error, defaultPort))
                    request.Endpoints.Add(endpoint!.StartTls == StartTlsProtocol.None && StartTls != StartTlsProtocol.None
                        ? new TlsEndpoint(endpoint.Host, endpoint.Port, StartTls) : endpoint);
                else
                    WriteError(ErrorMapping.ToErrorRecord(ErrorIds.EndpointInvalid, FailureKind.InvalidArgument, $"Cannot use the endpoint: {error}.", name));
            }

            // With no source at all the engine reads the default store (LocalMachine\My on Windows).
            if (!request.HasSources && _anySource) return;
            if (!request.HasSources && (StoreName != null || ComputerName != null)) return;
            WriteOutcomes(Engine.Expiry.Scan(request, Progress, CancellationToken), Activity);
        }

        private ExpiryRequest NewRequest() => new ExpiryRequest
        {
            At = BoundTime(nameof(At), At),
            WithinDays = IsBound(nameof(WithinDays)) ? WithinDays : (int?)null,
            Strict = Strict,
            Recurse = Recurse,
            Password = Password,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            ThrottleLimit = ThrottleLimit,
        };
    }
}
