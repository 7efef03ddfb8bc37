using System.Net;
using System.Net.Sockets;

namespace PkiRevocation.TestSupport;

/// <summary>
/// Serves any number of requests per connection: the script gets (connection number, request number on it, request)
/// and returns the raw answer (null: never answer). It closes after each answer, or keeps the connection and
/// optionally drops it once idle for a while.
/// </summary>
public sealed class ScriptedHttpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<int, int, RawHttpRequest, byte[]?> _script;
    private readonly bool _closeAfterEach;
    private readonly TimeSpan? _closeIdleAfter;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<RawHttpRequest> _requests = new();
    private int _connections;
    private int _droppedIdle;

    /// <param name="address">The loopback address to listen on (IPv4 by default).</param>
    public ScriptedHttpServer(Func<int, int, RawHttpRequest, byte[]?> script, bool closeAfterEach = false, TimeSpan? closeIdleAfter = null, IPAddress? address = null)
    {
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _script = script;
        _closeAfterEach = closeAfterEach;
        _closeIdleAfter = closeIdleAfter;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(AcceptLoop);
    }

    public int Port { get; }

    public string Url => ((IPEndPoint)_listener.LocalEndpoint).Address.AddressFamily == AddressFamily.InterNetworkV6
        ? $"http://[::1]:{Port}/ocsp"
        : $"http://127.0.0.1:{Port}/ocsp";

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections the server has dropped for being idle longer than closeIdleAfter.</summary>
    public int DroppedIdle => Volatile.Read(ref _droppedIdle);

    /// <summary>Waits (at most <paramref name="limit"/>) until the server has dropped that many idle connections.</summary>
    public bool WaitForDroppedIdle(int count, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DroppedIdle < count)
        {
            if (DateTime.UtcNow > deadline) return false;
            Thread.Sleep(20);
        }

        return true;
    }

    public IReadOnlyList<RawHttpRequest> Requests { get { lock (_requests) return _requests.ToList(); } }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            var number = Interlocked.Increment(ref _connections);
            _ = Task.Run(() => Serve(client, number));
        }
    }

    private async Task Serve(TcpClient client, int connection)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                for (var index = 1; ; index++)
                {
                    RawHttpRequest? request;
                    using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                    {
                        if (_closeIdleAfter.HasValue && index > 1) idle.CancelAfter(_closeIdleAfter.Value);
                        try
                        {
                            request = await RawHttpRequest.ReadAsync(stream, idle.Token);
                        }
                        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                        {
                            // Idle too long: drop the connection (closed before the count moves, so a waiter sees it closed).
                            client.Close();
                            Interlocked.Increment(ref _droppedIdle);
                            return;
                        }
                    }

                    if (request == null) return;
                    lock (_requests) _requests.Add(request);
                    var answer = _script(connection, index, request);
                    if (answer == null)
                    {
                        await Task.Delay(System.Threading.Timeout.Infinite, _stop.Token);
                        return;
                    }

                    await stream.WriteAsync(answer, _stop.Token);
                    if (_closeAfterEach)
                    {
                        client.Client.Shutdown(SocketShutdown.Send);
                        await Task.Delay(100, _stop.Token);
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
