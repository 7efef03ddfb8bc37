using System.Collections.Concurrent;
using System.Net;

namespace PkiRevocation.TestSupport;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 (HttpListener) serving byte arrays by path, with ETag / If-None-Match and
/// Last-Modified / If-Modified-Since, a request log, and Stop() to play a server that is down.
/// </summary>
public sealed class StaticHttpServer : IDisposable
{
    private readonly ConcurrentDictionary<string, (byte[] Body, string ETag)> _content = new();
    private readonly ConcurrentQueue<string> _log = new();
    private HttpListener? _listener;
    private Task? _loop;

    public StaticHttpServer()
    {
        // A free port can be taken by someone else before we bind it: try a few.
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort.Next();
            try
            {
                Start();
                return;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                _listener = null;
            }
        }
    }

    public int Port { get; private set; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>"GET /path 200", "GET /path 304", ... in arrival order.</summary>
    public IReadOnlyList<string> Log => _log.ToList();

    public static readonly DateTimeOffset LastModified = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Url(string path) => BaseUrl + "/" + path.TrimStart('/');

    public void Set(string path, byte[] body) => _content["/" + path.TrimStart('/')] = (body, "\"" + Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(body))[..16] + "\"");

    public void Remove(string path) => _content.TryRemove("/" + path.TrimStart('/'), out _);

    public void Start()
    {
        if (_listener != null) return;
        var listener = new HttpListener();
        listener.Prefixes.Add(BaseUrl + "/");
        try
        {
            listener.Start();
        }
        catch
        {
            // Closing a listener that never started would try to bind again (managed HttpListener on Unix): drop it.
            throw;
        }

        _listener = listener;
        _loop = Task.Run(() => Serve(listener));
    }

    public void Stop()
    {
        var listener = _listener;
        _listener = null;
        if (listener == null) return;
        // Close alone: Stop followed by Close makes the managed HttpListener re-bind the port to unregister it.
        try { listener.Close(); } catch (HttpListenerException) { }
        try { _loop?.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }

    private async Task Serve(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) { return; }
            try
            {
                var path = context.Request.Url!.AbsolutePath;
                if (!_content.TryGetValue(path, out var item))
                {
                    context.Response.StatusCode = 404;
                }
                else if (context.Request.Headers["If-None-Match"] == item.ETag
                         || (context.Request.Headers["If-None-Match"] == null && context.Request.Headers["If-Modified-Since"] != null))
                {
                    context.Response.StatusCode = 304;
                    context.Response.Headers["ETag"] = item.ETag;
                }
                else
                {
                    context.Response.StatusCode = 200;
                    context.Response.Headers["ETag"] = item.ETag;
                    context.Response.Headers["Last-Modified"] = LastModified.ToString("r");
                    context.Response.ContentType = "application/pkix-crl";
                    context.Response.ContentLength64 = item.Body.Length;
                    await context.Response.OutputStream.WriteAsync(item.Body);
                }

                _log.Enqueue($"GET {path} {context.Response.StatusCode}");
                context.Response.Close();
            }
            catch (Exception)
            {
                try { context.Response.Abort(); } catch (Exception) { }
            }
        }
    }

    public void Dispose() => Stop();
}
