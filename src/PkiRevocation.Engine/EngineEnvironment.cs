using System;
using System.Net.Http;
using PkiRevocation.Configuration;
using PkiRevocation.Net;

namespace PkiRevocation
{
    /// <summary>
    /// What the engine needs from the outside world, injected: the clock, the network and where files live.
    /// Front ends build one from the process environment; tests build their own.
    /// </summary>
    public sealed class EngineEnvironment
    {
        public EngineEnvironment(IClock? clock = null, ITcpConnector? tcp = null, Func<HttpMessageHandler>? httpHandlerFactory = null, PkiRevocationPaths? paths = null)
        {
            Clock = clock ?? SystemClock.Instance;
            Tcp = tcp ?? TcpConnector.Instance;
            HttpHandlerFactory = httpHandlerFactory ?? (() => new HttpClientHandler { AllowAutoRedirect = false });
            Paths = paths ?? PkiRevocationPaths.FromEnvironment();
        }

        public IClock Clock { get; }

        public ITcpConnector Tcp { get; }

        /// <summary>Creates the HTTP handler for OCSP/CRL traffic (redirects are never followed silently).</summary>
        public Func<HttpMessageHandler> HttpHandlerFactory { get; }

        public PkiRevocationPaths Paths { get; }

        public static EngineEnvironment FromProcess() => new EngineEnvironment();
    }
}
