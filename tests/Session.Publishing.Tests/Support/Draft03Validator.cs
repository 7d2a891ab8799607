using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Session.Publishing.Tests.Support;

/// <summary>
/// A focused JSON Schema draft-03 validator for exactly the features the Popolo schemas in ../shared/opendata/popolo use:
/// <c>type</c> (a name or a list), per-property <c>required: true</c>, <c>properties</c>, <c>items</c>, <c>$ref</c> to
/// another schema by its <c>id</c> URL, <c>pattern</c>, and <c>format</c> date-time / uri / email. Unknown keywords fail loudly.
/// </summary>
public sealed class Draft03Validator
{
    private static readonly HashSet<string> Known = ["$schema", "id", "title", "description", "type", "properties", "required", "items", "$ref", "pattern", "format"];
    private readonly Dictionary<string, JsonElement> _byId = new();

    public Draft03Validator(string directory)
    {
        foreach (var f in Directory.EnumerateFiles(directory, "*.json"))
        {
            var root = JsonDocument.Parse(File.ReadAllText(f)).RootElement;
            _byId[root.GetProperty("id").GetString()!.TrimEnd('#')] = root;
        }
    }

    public JsonElement Schema(string file) => _byId[$"http://www.popoloproject.com/schemas/{file}"];

    public List<string> Validate(JsonElement value, JsonElement schema, string path = "$")
    {
        var errors = new List<string>();
        Check(value, schema, path, errors, depth: 0);
        return errors;
    }

    private void Check(JsonElement v, JsonElement s, string path, List<string> errors, int depth)
    {
        if (depth > 20) return;
        foreach (var p in s.EnumerateObject())
            if (!Known.Contains(p.Name)) throw new NotSupportedException($"draft-03 keyword '{p.Name}' is not handled by this validator");
        if (s.TryGetProperty("$ref", out var r))
        {
            var target = r.GetString()!.TrimEnd('#');
            if (!_byId.TryGetValue(target, out var referenced)) { errors.Add($"{path}: unresolvable $ref {target}"); return; }
            Check(v, referenced, path, errors, depth + 1);
        }
        if (s.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!];
            if (!types.Any(t => IsType(v, t))) { errors.Add($"{path}: {v.ValueKind} is not {string.Join("|", types)}"); return; }
        }
        if (v.ValueKind == JsonValueKind.String)
        {
            var text = v.GetString()!;
            if (s.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!))
                errors.Add($"{path}: '{text}' does not match {pattern.GetString()}");
            if (s.TryGetProperty("format", out var format) && !FormatHolds(text, format.GetString()!))
                errors.Add($"{path}: '{text}' is not a {format.GetString()}");
        }
        if (v.ValueKind == JsonValueKind.Object && s.TryGetProperty("properties", out var props))
        {
            foreach (var prop in props.EnumerateObject())
            {
                bool required = prop.Value.TryGetProperty("required", out var req) && req.GetBoolean();
                if (v.TryGetProperty(prop.Name, out var child)) Check(child, prop.Value, $"{path}.{prop.Name}", errors, depth + 1);
                else if (required) errors.Add($"{path}: required property '{prop.Name}' is missing");
            }
        }
        if (v.ValueKind == JsonValueKind.Array && s.TryGetProperty("items", out var items))
        {
            int i = 0;
            foreach (var item in v.EnumerateArray()) Check(item, items, $"{path}[{i++}]", errors, depth + 1);
        }
    }

    private static bool IsType(JsonElement v, string t) => t switch
    {
        "string" => v.ValueKind == JsonValueKind.String,
        "null" => v.ValueKind == JsonValueKind.Null,
        "object" => v.ValueKind == JsonValueKind.Object,
        "array" => v.ValueKind == JsonValueKind.Array,
        "boolean" => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => v.ValueKind == JsonValueKind.Number,
        "integer" => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _),
        "any" => true,
        _ => throw new NotSupportedException($"draft-03 type '{t}'"),
    };

    private static bool FormatHolds(string text, string format) => format switch
    {
        "date-time" => Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
                       && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "uri" => Uri.TryCreate(text, UriKind.Absolute, out _),
        "email" => Regex.IsMatch(text, @"^[^@\s]+@[^@\s]+$"),
        _ => true,
    };
}
