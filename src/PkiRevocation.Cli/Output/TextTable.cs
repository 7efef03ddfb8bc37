namespace PkiRevocation.Cli.Output;

/// <summary>A plain, aligned text table for people (the default output when --json is not given).</summary>
public sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = new();

    public TextTable(params string[] headers) => _headers = headers;

    public int Count => _rows.Count;

    public void Add(params object?[] cells) => _rows.Add(cells.Select(c => c?.ToString() ?? "").ToArray());

    public void Write(TextWriter writer)
    {
        var widths = _headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        // The last column is not padded, so long subjects do not leave trailing blanks.
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
        writer.WriteLine(Line(_headers));
        writer.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray()));
        foreach (var row in _rows) writer.WriteLine(Line(row));
    }
}
