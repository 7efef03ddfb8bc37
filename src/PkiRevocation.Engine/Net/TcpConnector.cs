using System.IO;
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
