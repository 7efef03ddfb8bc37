using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace PkiRevocation.Net
{
    /// <summary>Opens TCP connections. Injected so tests can substitute the network; production uses <see cref="TcpConnector"/>.</summary>
    public interface ITcpConnector
    {
        /// <summary>Connects to host:port. Throws SocketException, or OperationCanceledException when <paramref name="cancellationToken"/> fires.</summary>
        Task<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken);

        /// <summary>
        /// Connects to host:port on the calling thread, for blocking I/O on the returned stream (it may support read and
        /// write timeouts). Throws SocketException, or OperationCanceledException when <paramref name="cancellationToken"/> fires.
        /// </summary>
        Stream Connect(string host, int port, CancellationToken cancellationToken);
    }
}
