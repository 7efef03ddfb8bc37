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
            HttpHandlerInjected = httpHandlerFactory != null;
            Paths = paths ?? PkiRevocationPaths.FromEnvironment();
        }

        public IClock Clock { get; }

        public ITcpConnector Tcp { get; }

        /// <summary>Creates the HTTP handler for OCSP/CRL traffic (redirects are never followed silently).</summary>
        public Func<HttpMessageHandler> HttpHandlerFactory { get; }

        /// <summary>
        /// An HTTP handler factory was given: all HTTP goes through it. Otherwise plain http:// OCSP exchanges that no
        /// proxy applies to use the engine's own HTTP/1.1 client over <see cref="Tcp"/>.
        /// </summary>
        internal bool HttpHandlerInjected { get; }

        public PkiRevocationPaths Paths { get; }

        public static EngineEnvironment FromProcess() => new EngineEnvironment();
    }
}
