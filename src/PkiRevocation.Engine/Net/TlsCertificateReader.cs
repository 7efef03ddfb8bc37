using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using PkiRevocation.Certificates;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Net
{
    /// <summary>
    /// Reads the certificate chain a TLS server presents, without trusting it: the handshake accepts any
    /// certificate, because the point is to report on it. Connect, StartTLS and handshake share one timeout.
    /// </summary>
    public sealed class TlsCertificateReader
    {
        private readonly ITcpConnector _tcp;

        public TlsCertificateReader(ITcpConnector tcp) => _tcp = tcp;

        /// <summary>The presented chain, leaf first, or a failure naming the endpoint.</summary>
        public async Task<Outcome<IReadOnlyList<LoadedCertificate>>> ReadAsync(TlsEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var source = endpoint.ToString();
            using (var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeoutSource.CancelAfter(timeout);
                var token = timeoutSource.Token;
                Stream? stream = null;
                try
                {
                    stream = await _tcp.ConnectAsync(endpoint.Host, endpoint.Port, token).ConfigureAwait(false);
                    using (token.Register(() => stream.Dispose()))
                    {
                        await StartTlsNegotiator.NegotiateAsync(stream, endpoint.StartTls, token).ConfigureAwait(false);
                        var presented = new List<X509Certificate2>();
                        using (var tls = new SslStream(stream, leaveInnerStreamOpen: true, (sender, certificate, chain, errors) =>
                               {
                                   Capture(certificate, chain, presented);
                                   return true;
                               }))
                        {
                            await tls.AuthenticateAsClientAsync(endpoint.Host, null, SslProtocols.None, checkCertificateRevocation: false).ConfigureAwait(false);
                        }

                        token.ThrowIfCancellationRequested();
                        if (presented.Count == 0)
                            return Fail(endpoint, ErrorIds.TlsHandshakeFailed, FailureKind.ProtocolError, "the server presented no certificate", null);
                        var result = new List<LoadedCertificate>(presented.Count);
                        foreach (var certificate in presented)
                            result.Add(new LoadedCertificate(certificate.RawData, source, CertificateFormat.Endpoint, certificate));
                        return Outcome<IReadOnlyList<LoadedCertificate>>.Success(result);
                    }
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException("Cancelled.", ex, cancellationToken);
                }
                catch (Exception ex) when (timeoutSource.IsCancellationRequested)
                {
                    return Fail(endpoint, ErrorIds.EndpointTimeout, FailureKind.Timeout, $"no answer within {timeout.TotalSeconds:0.###} s", ex);
                }
                catch (StartTlsRefusedException ex)
                {
                    return Fail(endpoint, ErrorIds.StartTlsRefused, FailureKind.ProtocolError, ex.Message, ex);
                }
                catch (SocketException ex)
                {
                    return FromSocket(endpoint, ex);
                }
                catch (Exception ex) when (ex is AuthenticationException || ex is IOException || ex is ObjectDisposedException)
                {
                    if (ex.InnerException is SocketException socket) return FromSocket(endpoint, socket);
                    return Fail(endpoint, ErrorIds.TlsHandshakeFailed, FailureKind.ProtocolError, "the TLS handshake failed: " + Innermost(ex).Message, ex);
                }
                finally
                {
                    stream?.Dispose();
                }
            }
        }

        private static void Capture(X509Certificate? certificate, X509Chain? chain, List<X509Certificate2> presented)
        {
            if (certificate == null) return;
            var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
            presented.Add(new X509Certificate2(leaf.RawData));
            if (chain == null) return;

            // The certificates the server sent beyond the leaf are in ExtraStore; fall back to the built chain.
            var extra = chain.ChainPolicy.ExtraStore;
            IEnumerable<X509Certificate2> others = extra.Count > 0 ? (IEnumerable<X509Certificate2>)extra : ChainElements(chain);
            foreach (var other in others)
                if (!ContainsRaw(presented, other)) presented.Add(new X509Certificate2(other.RawData));
        }

        private static IEnumerable<X509Certificate2> ChainElements(X509Chain chain)
        {
            foreach (var element in chain.ChainElements) yield return element.Certificate;
        }

        private static bool ContainsRaw(List<X509Certificate2> list, X509Certificate2 candidate)
        {
            foreach (var item in list)
                if (item.Thumbprint == candidate.Thumbprint) return true;
            return false;
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex;
        }

        private static InputFailure FromSocket(TlsEndpoint endpoint, SocketException ex) => ex.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => Fail(endpoint, ErrorIds.EndpointRefused, FailureKind.ConnectionFailed, "the connection was refused", ex),
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => Fail(endpoint, ErrorIds.HostNotFound, FailureKind.NotFound, $"the host name '{endpoint.Host}' cannot be resolved", ex),
            SocketError.TimedOut => Fail(endpoint, ErrorIds.EndpointTimeout, FailureKind.Timeout, "the connection timed out", ex),
            _ => Fail(endpoint, ErrorIds.EndpointUnreachable, FailureKind.ConnectionFailed, ex.Message, ex),
        };

        private static InputFailure Fail(TlsEndpoint endpoint, string errorId, FailureKind kind, string message, Exception? ex) =>
            new InputFailure(endpoint.ToString(), errorId, kind, $"Cannot read the certificate of {endpoint}: {message}.", ex);
    }
}
