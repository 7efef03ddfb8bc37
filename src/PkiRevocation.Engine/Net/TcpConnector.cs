using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace PkiRevocation.Net
{
    /// <summary>Plain TCP over the operating system's sockets.</summary>
    public sealed class TcpConnector : ITcpConnector
    {
        public static readonly TcpConnector Instance = new TcpConnector();

        public async Task<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
        {
            var client = new TcpClient { NoDelay = true };
            try
            {
                // netstandard2.0 has no cancellable ConnectAsync: closing the socket aborts the attempt.
                using (cancellationToken.Register(() => client.Dispose()))
                {
                    await client.ConnectAsync(host, port).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
                return new OwningNetworkStream(client);
            }
            catch (System.Exception) when (cancellationToken.IsCancellationRequested)
            {
                client.Dispose();
                throw new System.OperationCanceledException(cancellationToken);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        /// <summary>
        /// A blocking connect that watches the token: each address of the host in turn; a cancellation (or the caller's
        /// deadline) closes the socket, which ends a connect in progress at once. Blocking, because a non-blocking
        /// connect costs an exception or an event round trip per connection (measurable per OCSP exchange).
        /// </summary>
        public Stream Connect(string host, int port, CancellationToken cancellationToken)
        {
            var addresses = IPAddress.TryParse(host, out var literal) ? new[] { literal } : Resolve(host, cancellationToken);
            SocketException? last = null;
            foreach (var address in addresses)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    using (cancellationToken.Register(() => socket.Dispose()))
                    {
                        socket.Connect(new IPEndPoint(address, port));
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    socket.Dispose();
                    throw new OperationCanceledException(cancellationToken);
                }
                catch (SocketException ex)
                {
                    socket.Dispose();
                    last = ex;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }

            throw last ?? new SocketException((int)SocketError.HostNotFound);
        }

        private static IPAddress[] Resolve(string host, CancellationToken cancellationToken)
        {
            var lookup = Dns.GetHostAddressesAsync(host);
            try
            {
                lookup.Wait(cancellationToken);
            }
            catch (AggregateException ex) when (ex.InnerException is SocketException socket)
            {
                throw socket;
            }

            return lookup.Result;
        }

        /// <summary>A NetworkStream that closes its TcpClient with it.</summary>
        private sealed class OwningNetworkStream : NetworkStream
        {
            private readonly TcpClient _client;

            public OwningNetworkStream(TcpClient client) : base(client.Client, ownsSocket: true) => _client = client;

            protected override void Dispose(bool disposing)
            {
                base.Dispose(disposing);
                if (disposing) _client.Dispose();
            }
        }
    }
}
