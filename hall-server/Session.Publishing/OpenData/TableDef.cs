namespace Session.Publishing.OpenData;

/// <summary>A column as CSVW describes it (W3C "CSV on the Web", the form of the annex-29 schemas).</summary>
public sealed record Column(string Name, string Datatype, bool Required, string Title);

/// <summary>
/// A published table: its file, columns in order and primary key. Where the published ua-835 schema is wrong
/// we write what it means (DOMAIN.md): <c>votingAgainst</c> without the stray line break, and <c>vote</c>'s key
/// is <c>uid</c> + <c>voterUid</c>, since one vote event has a row per deputy.
/// </summary>
public sealed record TableDef(string Url, string Title, IReadOnlyList<Column> Columns, IReadOnlyList<string> PrimaryKey)
{
    /// <summary>What the table is for, when it is ours rather than the annex's (csv-metadata.json <c>dc:description</c>).</summary>
    public string? Description { get; init; }

    public IReadOnlyList<string> Header => Columns.Select(c => c.Name).ToArray();

    internal static IReadOnlyList<Column> Parse(string spec) => spec
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line => line.Split('|'))
        .Select(p => new Column(p[0], p[1], p[2] == "1", p[3]))
        .ToArray();
}
