using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Session.Core.Journal;

/// <summary>
/// The one JSON form of journal events: camelCase, enums as camelCase strings, no whitespace,
/// non-ASCII letters written as themselves so the published journal reads in Ukrainian.
/// </summary>
public static class JournalJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = false,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    private static readonly Dictionary<string, Type> TypesByName = typeof(SittingEvent).Assembly
        .GetTypes()
        .Where(t => t.IsSubclassOf(typeof(SittingEvent)) && !t.IsAbstract)
        .ToDictionary(t => t.Name, t => t);

    public static string TypeName(SittingEvent e) => e.GetType().Name;

    public static Type? TypeOf(string name) => TypesByName.GetValueOrDefault(name);

    public static IReadOnlyCollection<string> TypeNames => TypesByName.Keys;
}
