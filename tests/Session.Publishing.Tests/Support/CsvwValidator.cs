using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Session.Publishing.OpenData;

namespace Session.Publishing.Tests.Support;

/// <summary>
/// Validates a CSV against one of the ua-835 CSVW table schemas as published: header names and order, required
/// fields, datatypes (string, integer, date, dateTime, anyURL). The known schema defect (a column named
/// "votingAgainst\n") is read as the name it means. «null» is the annex's word for a missing value.
/// </summary>
public static partial class CsvwValidator
{
    public sealed record SchemaColumn(string Name, string Datatype, bool Required);

    public static IReadOnlyList<SchemaColumn> Load(string schemaPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(schemaPath));
        return doc.RootElement.GetProperty("tableSchema").GetProperty("columns").EnumerateArray()
            .Select(c => new SchemaColumn(c.GetProperty("name").GetString()!.Trim(), c.GetProperty("datatype").GetString()!, c.GetProperty("required").GetBoolean()))
            .ToArray();
    }

    public static List<string> Validate(byte[] csv, IReadOnlyList<SchemaColumn> schema)
    {
        var errors = new List<string>();
        if (csv.Length < 3 || csv[0] != 0xEF || csv[1] != 0xBB || csv[2] != 0xBF) errors.Add("no UTF-8 byte-order mark");
        var rows = CsvReader.Parse(csv);
        if (rows.Count == 0) { errors.Add("empty file"); return errors; }
        var header = rows[0];
        var names = schema.Select(c => c.Name).ToArray();
        if (!header.SequenceEqual(names))
        {
            errors.Add($"header [{string.Join(",", header)}] is not [{string.Join(",", names)}]");
            return errors;
        }
        for (int r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Length != names.Length) { errors.Add($"row {r + 1}: {row.Length} fields, not {names.Length}"); continue; }
            for (int c = 0; c < names.Length; c++)
            {
                var col = schema[c];
                var v = row[c];
                bool missing = v.Length == 0 || v == "null";
                if (v.Length == 0 && col.Required) { errors.Add($"row {r + 1}: required {col.Name} is empty"); continue; }
                if (missing && (!col.Required || col.Datatype is "string" or "anyURL")) continue;
                if (!Fits(v, col.Datatype)) errors.Add($"row {r + 1}: {col.Name} '{v}' is not a {col.Datatype}");
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
        "anyURL" => Uri.TryCreate(v, UriKind.RelativeOrAbsolute, out var u) && !v.Contains(' ') && (!u.IsAbsoluteUri || u.Scheme is "http" or "https"),
        _ => throw new NotSupportedException($"datatype {datatype} is not in the ua-835 schemas"),
    };

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex IntegerRx();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTimeRx();
}
