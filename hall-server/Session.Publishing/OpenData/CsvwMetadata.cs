using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Session.Publishing.OpenData;

/// <summary>
/// The CSVW <c>csv-metadata.json</c> beside the CSVs (W3C "Metadata Vocabulary for Tabular Data").
/// The schemas' <c>anyURL</c> is not a CSVW datatype; we declare the intended <c>anyURI</c>.
/// </summary>
public static class CsvwMetadata
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Build(string title, string publisher, IReadOnlyList<TableDef> tables, IReadOnlyList<(string From, string Column, string To, string Reference)> foreignKeys)
    {
        var root = new JsonObject
        {
            ["@context"] = new JsonArray("http://www.w3.org/ns/csvw", new JsonObject { ["@language"] = "uk" }),
            ["dc:title"] = title,
            ["dc:publisher"] = publisher,
            ["dialect"] = new JsonObject { ["encoding"] = "utf-8", ["header"] = true, ["delimiter"] = "," },
            ["tables"] = new JsonArray(tables.Select(t => (JsonNode)Table(t, foreignKeys)).ToArray()),
        };
        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString(Json) + "\n");
    }

    private static JsonObject Table(TableDef t, IReadOnlyList<(string From, string Column, string To, string Reference)> foreignKeys)
    {
        var schema = new JsonObject
        {
            ["columns"] = new JsonArray(t.Columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["titles"] = c.Title,
                ["datatype"] = c.Datatype == "anyURL" ? "anyURI" : c.Datatype,
                ["required"] = c.Required,
            }).ToArray()),
            ["primaryKey"] = t.PrimaryKey.Count == 1 ? JsonValue.Create(t.PrimaryKey[0]) : new JsonArray(t.PrimaryKey.Select(k => (JsonNode)JsonValue.Create(k)!).ToArray()),
        };
        var fks = foreignKeys.Where(f => f.From == t.Url).ToArray();
        if (fks.Length > 0)
            schema["foreignKeys"] = new JsonArray(fks.Select(f => (JsonNode)new JsonObject
            {
                ["columnReference"] = f.Column,
                ["reference"] = new JsonObject { ["resource"] = f.To, ["columnReference"] = f.Reference },
            }).ToArray());
        var table = new JsonObject { ["url"] = t.Url, ["dc:title"] = t.Title };
        if (t.Description is not null) table["dc:description"] = t.Description;
        table["tableSchema"] = schema;
        return table;
    }

    public static readonly IReadOnlyList<(string, string, string, string)> NormalizedKeys =
    [
        ("sessions.csv", "convocationUid", "convocations.csv", "uid"),
        ("motions.csv", "sessionUid", "sessions.csv", "uid"),
        ("voteEvents.csv", "motionUid", "motions.csv", "uid"),
        ("vote.csv", "uid", "voteEvents.csv", "uid"),
        ("voteNotes.csv", "uid", "voteEvents.csv", "uid"),
        ("secretBallots.csv", "uid", "voteEvents.csv", "uid"),
    ];

    public static readonly IReadOnlyList<(string, string, string, string)> LegacyKeys =
    [
        ("votings.csv", "motionUid", "motions.csv", "uid"),
        ("secretBallots.csv", "uid", "motions.csv", "uid"),
    ];
}
