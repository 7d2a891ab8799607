using System.Text;

namespace Session.HallServer.Registry;

/// <summary>
/// RFC 4180 CSV, as councils' spreadsheets save it: UTF-8 (a BOM is dropped), commas or semicolons (told from the
/// header), quoted fields with doubled quotes and line breaks. Each row keeps the line number it starts on.
/// </summary>
public static class CsvReader
{
    public const int MaxRows = 5000;

    public static List<(int Line, string[] Fields)> Read(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var firstLine = text.Split('\n', 2)[0];
        char sep = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        var rows = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int line = 1, rowStart = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else { if (ch == '\n') line++; field.Append(ch); }
                continue;
            }
            if (ch == '"' && field.Length == 0) { quoted = true; any = true; }
            else if (ch == sep) { fields.Add(field.ToString()); field.Clear(); any = true; }
            else if (ch == '\r') { }
            else if (ch == '\n')
            {
                EndRow();
                line++;
                rowStart = line;
            }
            else { field.Append(ch); any = true; }
        }
        EndRow();
        return rows;

        void EndRow()
        {
            if (!any && field.Length == 0 && fields.Count == 0) return;
            fields.Add(field.ToString());
            if (fields.Any(f => f.Trim().Length > 0)) rows.Add((rowStart, fields.Select(f => f.Trim()).ToArray()));
            if (rows.Count > MaxRows + 1)
                throw Refuse.Bad("too-many-rows", $"У файлі понад {MaxRows} рядків", $"The file has more than {MaxRows} rows");
            fields = new List<string>();
            field.Clear();
            any = false;
        }
    }
}
