using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Session.Publishing.OpenData;

namespace Session.Publishing.Tests.Support;

/// <summary>
/// Validates a CSV against one of the ua-835 CSVW table schemas as published: header names and order, every
/// <c>required</c> column filled on every row, datatypes (string, integer, date, dateTime, anyURL). Errors name the
/// file, the line and the column. The known schema defect (a column named "votingAgainst\n") is read as the name it
/// means. «null» is the annex's word for a value that does not exist: it fills a required text column, but an empty
/// or blank field never does.
/// </summary>
public static partial class CsvwValidator
{
    public sealed record SchemaColumn(string Name, string Datatype, bool Required);

    public static IReadOnlyList<SchemaColumn> Load(string schemaPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(schemaPath));
        return doc.RootElement.GetProperty("tableSchema").GetProperty("columns").EnumerateArray()
            .Select(c => new SchemaColumn(
                c.GetProperty("name").GetString()!.Trim(),
                c.GetProperty("datatype").GetString()!,
                // CSVW: a column without "required" is optional; a non-boolean value is a broken schema, not "optional".
                c.TryGetProperty("required", out var r) && r.GetBoolean()))
            .ToArray();
    }

    /// <summary>Our own tables (not in annex 29) in the same form, to hold them to the same rules.</summary>
    public static IReadOnlyList<SchemaColumn> From(TableDef table) =>
        table.Columns.Select(c => new SchemaColumn(c.Name, c.Datatype, c.Required)).ToArray();

    public static List<string> Validate(string file, byte[] csv, IReadOnlyList<SchemaColumn> schema)
    {
        var errors = new List<string>();
        if (csv.Length < 3 || csv[0] != 0xEF || csv[1] != 0xBB || csv[2] != 0xBF) errors.Add($"{file}: no UTF-8 byte-order mark");
        List<CsvRecord> rows;
        try { rows = CsvReader.Records(csv); }
        catch (FormatException ex) { errors.Add($"{file}: not CSV: {ex.Message}"); return errors; }
        if (rows.Count == 0) { errors.Add($"{file}: empty file"); return errors; }
        var header = rows[0].Fields;
        var names = schema.Select(c => c.Name).ToArray();
        if (!header.SequenceEqual(names))
        {
            errors.Add($"{file}:{rows[0].Line}: header [{string.Join(",", header)}] is not [{string.Join(",", names)}]");
            return errors;
        }
        foreach (var (line, row) in rows.Skip(1))
        {
            if (row.Length != names.Length) { errors.Add($"{file}:{line}: {row.Length} fields, not {names.Length}"); continue; }
            for (int c = 0; c < names.Length; c++)
            {
                var col = schema[c];
                var v = row[c];
                if (string.IsNullOrWhiteSpace(v))
                {
                    if (col.Required) errors.Add($"{file}:{line}: column {col.Name} is required but empty");
                    continue;
                }
                if (v == "null" && (!col.Required || col.Datatype is "string" or "anyURL")) continue;
                if (!Fits(v, col.Datatype)) errors.Add($"{file}:{line}: column {col.Name} '{v}' is not a {col.Datatype}");
            }
        }
        return errors;
    }

    private static bool Fits(string v, string datatype) => datatype switch
    {
        "string" => true,
        "integer" => IntegerRx().IsMatch(v),
        "date" => DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "dateTime" => DateTimeRx().IsMatch(v) && DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        // The schemas: «Посилання має починатися з http:// або https://» — a bare file name is not a link.
        "anyURL" => Uri.TryCreate(v, UriKind.Absolute, out var u) && !v.Contains(' ') && u.Scheme is "http" or "https",
        _ => throw new NotSupportedException($"datatype {datatype} is not in the ua-835 schemas"),
    };

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex IntegerRx();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTimeRx();
}
