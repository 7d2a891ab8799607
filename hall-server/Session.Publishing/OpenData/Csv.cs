using System.Text;

namespace Session.Publishing.OpenData;

/// <summary>
/// RFC 4180 CSV as the annex-29 portals read it: comma, CRLF, fields quoted when they hold a comma, quote or line break.
/// Files start with a UTF-8 byte-order mark so a spreadsheet opens the Ukrainian text without mojibake
/// (CSVW's default dialect skips the mark).
/// </summary>
public sealed class CsvBuilder
{
    private readonly StringBuilder _text = new();
    private readonly int _width;

    public CsvBuilder(IReadOnlyList<string> header)
    {
        _width = header.Count;
        Row(header);
    }

    public CsvBuilder Row(IReadOnlyList<string?> fields)
    {
        if (fields.Count != _width) throw new ArgumentException($"a row of {fields.Count} fields in a table of {_width} columns", nameof(fields));
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0) _text.Append(',');
            Append(fields[i] ?? "");
        }
        _text.Append("\r\n");
        return this;
    }

    private void Append(string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0) { _text.Append(field); return; }
        _text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    public byte[] ToBytes() => Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(_text.ToString())).ToArray();

    public override string ToString() => _text.ToString();
}

/// <summary>Reads the CSV we write (and any RFC 4180 file): used by the verifier and the tests.</summary>
public static class CsvReader
{
    public static List<string[]> Parse(byte[] bytes) => Records(bytes).Select(r => r.Fields).ToList();

    public static List<string[]> Parse(string text) => Records(text).Select(r => r.Fields).ToList();

    /// <summary>Each record with the line of the file it starts on (1 = the header), so an error can name the line.</summary>
    public static List<CsvRecord> Records(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        return Records(text);
    }

    public static List<CsvRecord> Records(string text)
    {
        var rows = new List<CsvRecord>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int line = 1, start = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0: quoted = true; any = true; break;
                case '"': throw new FormatException($"a quote inside an unquoted field at line {line}");
                case ',': row.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    row.Add(field.ToString()); field.Clear();
                    rows.Add(new CsvRecord(start, row.ToArray())); row.Clear(); any = false;
                    start = ++line;
                    break;
                default: field.Append(c); any = true; break;
            }
        }
        if (quoted) throw new FormatException("the file ends inside a quoted field");
        if (any || field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(new CsvRecord(start, row.ToArray())); }
        return rows;
    }
}

/// <summary>One CSV record and the line of the file it starts on (a quoted field may span lines).</summary>
public sealed record CsvRecord(int Line, string[] Fields);
