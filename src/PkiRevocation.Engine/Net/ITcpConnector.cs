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
    }
}
