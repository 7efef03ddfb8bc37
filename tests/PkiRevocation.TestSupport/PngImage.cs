using System.Buffers.Binary;
using System.IO.Compression;

namespace PkiRevocation.TestSupport;

/// <summary>
/// Reads an 8-bit RGB or RGBA, non-interlaced PNG (what chromium's --screenshot writes) into pixels, so a test can ask
/// what a rendering shows: its size, and how many pixels have a given colour.
/// </summary>
public sealed class PngImage
{
    private readonly byte[] _pixels;
    private readonly int _channels;

    private PngImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        _channels = channels;
        _pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }

    public static PngImage Read(string path)
    {
        var data = File.ReadAllBytes(path);
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (data.Length < 8 || !data.AsSpan(0, 8).SequenceEqual(signature)) throw new InvalidDataException($"{path} is not a PNG.");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at + 8 <= data.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(data, at + 4, 4);
            var body = data.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                if (body[8] != 8 || body[12] != 0) throw new InvalidDataException($"{path}: only 8-bit non-interlaced PNGs are read here.");
                channels = body[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"{path}: colour type {body[9]} is not RGB(A).") };
            }
            else if (type == "IDAT") idat.Write(body);
            else if (type == "IEND") break;
            at += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(inflated);
        var raw = inflated.ToArray();
        var stride = width * channels;
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var line = raw.AsSpan(y * (stride + 1) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var up = y > 0 ? pixels.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (var x = 0; x < stride; x++)
            {
                int a = x >= channels ? row[x - channels] : 0, b = up[x], c = x >= channels ? up[x - channels] : 0;
                row[x] = (byte)(line[x] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"{path}: filter {filter}."),
                });
            }
        }

        return new PngImage(width, height, channels, pixels);
    }

    /// <summary>How many pixels are within <paramref name="tolerance"/> per channel of the colour "#RRGGBB".</summary>
    public int Count(string hex, int tolerance = 6)
    {
        var r = Convert.ToInt32(hex.Substring(1, 2), 16);
        var g = Convert.ToInt32(hex.Substring(3, 2), 16);
        var b = Convert.ToInt32(hex.Substring(5, 2), 16);
        var count = 0;
        for (var i = 0; i + 2 < _pixels.Length; i += _channels)
            if (Math.Abs(_pixels[i] - r) <= tolerance && Math.Abs(_pixels[i + 1] - g) <= tolerance && Math.Abs(_pixels[i + 2] - b) <= tolerance) count++;
        return count;
    }

    /// <summary>The lowest row that is not the background colour of the top-left pixel: how tall the content is.</summary>
    public int ContentBottom()
    {
        var stride = Width * _channels;
        for (var y = Height - 1; y >= 0; y--)
            for (var x = 0; x < stride; x++)
                if (_pixels[y * stride + x] != _pixels[x % _channels]) return y;
        return -1;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
