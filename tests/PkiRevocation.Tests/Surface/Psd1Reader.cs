using System.Globalization;
using System.Text;

namespace PkiRevocation.Tests.Surface;

/// <summary>
/// Reads the PowerShell data-language subset a module manifest uses, without PowerShell: hashtables @{ k = v },
/// arrays @( ) and bare comma lists, 'single' and "double" quoted strings (no interpolation: a "$" that is not
/// escaped is rejected, as Import-PowerShellDataFile would refuse a variable), single- and double-quoted here-strings,
/// integers and decimals, $true/$false/$null, # and &lt;# #&gt; comments. Anything else is an error naming line and
/// column: an honest reader fails rather than guessing.
/// Values: <see cref="Dictionary{TKey,TValue}"/> (case-insensitive keys), <see cref="List{T}"/>, string, long,
/// decimal, bool, null.
/// </summary>
public sealed class Psd1Reader
{
    private readonly string _text;
    private int _pos;

    private Psd1Reader(string text) => _text = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;

    public static Dictionary<string, object?> ReadFile(string path) => Read(File.ReadAllText(path));

    public static Dictionary<string, object?> Read(string text)
    {
        var reader = new Psd1Reader(text);
        reader.SkipTrivia(newlines: true);
        if (!reader.TryTake("@{")) throw reader.Error("a manifest must be one hashtable @{ ... }");
        var table = reader.ReadHashtableBody();
        reader.SkipTrivia(newlines: true);
        if (reader._pos != reader._text.Length) throw reader.Error("unexpected text after the hashtable");
        return table;
    }

    private Dictionary<string, object?> ReadHashtableBody()
    {
        var table = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        for (;;)
        {
            SkipTrivia(newlines: true);
            while (TryTake(";")) SkipTrivia(newlines: true);
            if (_pos >= _text.Length) throw Error("unterminated hashtable: '}' expected");
            if (TryTake("}")) return table;
            var keyLine = Line();
            var key = ReadKey();
            SkipTrivia(newlines: false);
            if (!TryTake("=")) throw Error($"'=' expected after key '{key}'");
            SkipTrivia(newlines: true);
            var value = ReadStatementValue();
            if (!table.TryAdd(key, value)) throw new FormatException($"line {keyLine}: duplicate key '{key}'");
            SkipTrivia(newlines: false);
            if (Peek() is '\r' or '\n' or ';' or '}' or '#') continue;
            if (AtLineCommentOrEnd()) continue;
            throw Error("newline, ';' or '}' expected after a value");
        }
    }

    private bool AtLineCommentOrEnd() => _pos >= _text.Length || Peek() == '#' || Starts("<#");

    private string ReadKey()
    {
        var c = Peek();
        if (c is '\'' or '"') return ReadString();
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-' or '.')) _pos++;
        if (_pos == start) throw Error("a key is expected");
        return _text[start.._pos];
    }

    // A value as it appears after '=' or as an array statement: a bare comma list makes an array.
    private object? ReadStatementValue()
    {
        var first = ReadValue();
        SkipTrivia(newlines: false);
        if (Peek() != ',') return first;
        var list = new List<object?> { first };
        while (TryTake(","))
        {
            SkipTrivia(newlines: true);
            list.Add(ReadValue());
            SkipTrivia(newlines: false);
        }
        return list;
    }

    private object? ReadValue()
    {
        if (Starts("@{")) { _pos += 2; return ReadHashtableBody(); }
        if (Starts("@(")) { _pos += 2; return ReadArrayBody(); }
        if (Starts("@'") || Starts("@\"")) return ReadHereString();
        var c = Peek();
        if (c is '\'' or '"') return ReadString();
        if (c == '$') return ReadVariable();
        if (c == '-' || c == '+' || char.IsDigit(c)) return ReadNumber();
        throw Error($"a value is expected (found '{c}')");
    }

    private List<object?> ReadArrayBody()
    {
        var list = new List<object?>();
        for (;;)
        {
            SkipTrivia(newlines: true);
            if (_pos >= _text.Length) throw Error("unterminated array: ')' expected");
            if (TryTake(")")) return list;
            var value = ReadStatementValue();
            if (value is List<object?> items) list.AddRange(items); else list.Add(value);   // @() flattens, as in PowerShell
            SkipTrivia(newlines: false);
            if (TryTake(";")) continue;
            if (Peek() is '\r' or '\n' or ')' || AtLineCommentOrEnd()) continue;
            throw Error("',', newline or ')' expected in an array");
        }
    }

    private string ReadString()
    {
        var quote = _text[_pos++];
        var sb = new StringBuilder();
        while (_pos < _text.Length)
        {
            var c = _text[_pos++];
            if (quote == '\'')
            {
                if (c == '\'' ) { if (Peek() == '\'') { _pos++; sb.Append('\''); continue; } return sb.ToString(); }
                sb.Append(c);
                continue;
            }
            if (c == '"') { if (Peek() == '"') { _pos++; sb.Append('"'); continue; } return sb.ToString(); }
            if (c == '`')
            {
                if (_pos >= _text.Length) break;
                var e = _text[_pos++];
                sb.Append(e switch { 'n' => '\n', 'r' => '\r', 't' => '\t', '0' => '\0', _ => e });
                continue;
            }
            if (c == '$' && _pos < _text.Length && (char.IsLetter(_text[_pos]) || _text[_pos] is '{' or '(' or '_'))
                throw Error("variables and subexpressions are not allowed in a data file string");
            sb.Append(c);
        }
        throw Error("unterminated string");
    }

    private string ReadHereString()
    {
        var quote = _text[_pos + 1];
        _pos += 2;
        SkipSpaces();
        if (!TryTakeNewline()) throw Error("a here-string's opening quote must end its line");
        var terminator = quote + "@";
        var sb = new StringBuilder();
        var first = true;
        while (_pos < _text.Length)
        {
            var end = _text.IndexOf('\n', _pos);
            var line = end < 0 ? _text[_pos..] : _text[_pos..end];
            if (line.TrimEnd('\r').StartsWith(terminator, StringComparison.Ordinal))
            {
                _pos += terminator.Length;
                return sb.ToString();
            }
            if (quote == '"' && line.Contains('$')) throw Error("variables are not allowed in a data file here-string");
            if (!first) sb.Append('\n');
            sb.Append(line.TrimEnd('\r'));
            first = false;
            if (end < 0) break;
            _pos = end + 1;
        }
        throw Error("unterminated here-string");
    }

    private object? ReadVariable()
    {
        foreach (var (name, value) in new (string, object?)[] { ("$true", true), ("$false", false), ("$null", null) })
        {
            if (string.Compare(_text, _pos, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (_pos + name.Length >= _text.Length || !char.IsLetterOrDigit(_text[_pos + name.Length])))
            {
                _pos += name.Length;
                return value;
            }
        }
        throw Error("only $true, $false and $null are allowed in a data file");
    }

    private object ReadNumber()
    {
        var start = _pos;
        if (Peek() is '-' or '+') _pos++;
        while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.')) _pos++;
        var token = _text[start.._pos];
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return integer;
        if (decimal.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return number;
        throw Error($"'{token}' is not a number (a version must be quoted)");
    }

    private void SkipTrivia(bool newlines)
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t') { _pos++; continue; }
            if (newlines && c is '\r' or '\n') { _pos++; continue; }
            if (c == '`' && _pos + 1 < _text.Length && _text[_pos + 1] is '\r' or '\n') { _pos++; TryTakeNewline(); continue; }
            if (Starts("<#"))
            {
                var end = _text.IndexOf("#>", _pos + 2, StringComparison.Ordinal);
                if (end < 0) throw Error("unterminated block comment");
                _pos = end + 2;
                continue;
            }
            if (c == '#') { while (_pos < _text.Length && _text[_pos] != '\n') _pos++; continue; }
            return;
        }
    }

    private void SkipSpaces() { while (_pos < _text.Length && _text[_pos] is ' ' or '\t') _pos++; }

    private bool TryTakeNewline()
    {
        if (TryTake("\r\n") || TryTake("\n")) return true;
        return false;
    }

    private bool Starts(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private bool TryTake(string s)
    {
        if (!Starts(s)) return false;
        _pos += s.Length;
        return true;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private int Line() => 1 + _text.AsSpan(0, Math.Min(_pos, _text.Length)).Count('\n');

    private FormatException Error(string message)
    {
        var lineStart = _text.LastIndexOf('\n', Math.Max(0, Math.Min(_pos, _text.Length) - 1)) + 1;
        return new FormatException($"line {Line()}, column {_pos - lineStart + 1}: {message}");
    }
}
