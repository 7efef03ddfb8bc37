using System.Text;

namespace PkiRevocation.TestSupport;

/// <summary>One HTTP request as <see cref="RawHttpServer"/> read it.</summary>
public sealed class RawHttpRequest
{
    public string Method { get; private init; } = "";

    public string Target { get; private init; } = "";

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[] Body { get; private set; } = [];

    public static async Task<RawHttpRequest?> ReadAsync(Stream stream, CancellationToken token)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 65536)
        {
            var read = await stream.ReadAsync(one, token);
            if (read == 0) return null;
            head.Add(one[0]);
            var n = head.Count;
            if (n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n' && head[n - 2] == '\r' && head[n - 1] == '\n') break;
        }

        var lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n");
        var first = lines[0].Split(' ');
        var request = new RawHttpRequest { Method = first[0], Target = first.Length > 1 ? first[1] : "" };
        foreach (var line in lines.Skip(1).Where(l => l.Contains(':')))
        {
            var colon = line.IndexOf(':');
            request.Headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        if (request.Headers.TryGetValue("Content-Length", out var lengthText) && int.TryParse(lengthText, out var length) && length > 0)
        {
            var body = new byte[length];
            var offset = 0;
            while (offset < length)
            {
                var read = await stream.ReadAsync(body.AsMemory(offset), token);
                if (read == 0) break;
                offset += read;
            }

            request.Body = body;
        }

        return request;
    }
}
