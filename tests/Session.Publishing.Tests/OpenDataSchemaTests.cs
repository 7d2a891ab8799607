using System.Text.Json;
using Session.Publishing.Model;
using Session.Publishing.OpenData;
using Session.Publishing.Tests.Support;

namespace Session.Publishing.Tests;

/// <summary>The published files against the schemas in ../shared/opendata, read where they are.</summary>
public sealed class OpenDataSchemaTests(Published published) : IClassFixture<Published>
{
    public static TheoryData<string, string> Tables => new()
    {
        { "ua-835/convocations.csv", "convocations.schema.json" },
        { "ua-835/sessions.csv", "sessions.schema.json" },
        { "ua-835/motions.csv", "motions.schema.json" },
        { "ua-835/voteEvents.csv", "voteEvents.schema.json" },
        { "ua-835/vote.csv", "vote.schema.json" },
        { "ua-835/deputies.csv", "deputies.schema.json" },
        { "ua-835-legacy/motions.csv", "motions2.schema.json" },
        { "ua-835-legacy/votings.csv", "votings.schema.json" },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void Csv_has_the_schema_header_required_fields_and_datatypes(string file, string schema)
    {
        var columns = CsvwValidator.Load(SharedSchemas.Ua835(schema));
        var errors = CsvwValidator.Validate(File.ReadAllBytes(published.File(file)), columns);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.True(CsvReader.Parse(File.ReadAllBytes(published.File(file))).Count > 1, "the table has rows");
    }

    [Fact]
    public void Validator_rejects_a_misspelt_header_and_a_bad_integer()
    {
        var columns = CsvwValidator.Load(SharedSchemas.Ua835("voteEvents.schema.json"));
        var good = File.ReadAllText(published.File("ua-835/voteEvents.csv"));
        var misspelt = System.Text.Encoding.UTF8.GetBytes(good.Replace("votingAgainst", "vottingAgains"));
        Assert.NotEmpty(CsvwValidator.Validate(misspelt, columns));
        var lines = good.Split("\r\n");
        var fields = lines[1].Split(',');
        fields[7] = "сім";
        lines[1] = string.Join(',', fields);
        Assert.Contains(CsvwValidator.Validate(System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", lines)), columns), e => e.Contains("votingFor"));
    }

    [Fact]
    public void Results_use_only_the_allowed_values()
    {
        foreach (var (file, column) in new[] { ("ua-835/vote.csv", 2), ("ua-835-legacy/votings.csv", 4) })
            foreach (var row in CsvReader.Parse(File.ReadAllBytes(published.File(file))).Skip(1))
                Assert.Contains(row[column], LegalResult.All);
        foreach (var (file, column) in new[] { ("ua-835/voteEvents.csv", 6), ("ua-835-legacy/motions.csv", 15) })
            foreach (var row in CsvReader.Parse(File.ReadAllBytes(published.File(file))).Skip(1))
                Assert.Contains(row[column], LegalResult.VoteEventResults);
    }

    [Fact]
    public void Totals_equal_the_per_deputy_rows()
    {
        var events = CsvReader.Parse(File.ReadAllBytes(published.File("ua-835/voteEvents.csv"))).Skip(1).ToArray();
        var rows = CsvReader.Parse(File.ReadAllBytes(published.File("ua-835/vote.csv"))).Skip(1).GroupBy(r => r[0]).ToDictionary(g => g.Key, g => g.ToArray());
        int named = 0;
        foreach (var e in events)
        {
            if (!rows.TryGetValue(e[0], out var rc)) continue; // the secret ballot has none
            named++;
            Assert.Equal(int.Parse(e[7]), rc.Count(r => r[2] == "За"));
            Assert.Equal(int.Parse(e[8]), rc.Count(r => r[2] == "Проти"));
            Assert.Equal(int.Parse(e[9]), rc.Count(r => r[2] == "Утримався"));
            Assert.Equal(int.Parse(e[10]), rc.Count(r => r[2] == "Не голосував"));
            Assert.Equal(int.Parse(e[11]), rc.Count(r => r[2] == "Відсутній"));
            Assert.Equal(27, rc.Length);
        }
        Assert.Equal(events.Length - 1, named);
    }

    [Fact]
    public void Csv_metadata_describes_every_table_with_the_corrected_vote_key()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(published.File("ua-835/csv-metadata.json")));
        var tables = doc.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("url").GetString()!);
        foreach (var f in new[] { "convocations.csv", "sessions.csv", "motions.csv", "voteEvents.csv", "vote.csv", "deputies.csv", "voteNotes.csv" })
        {
            Assert.True(tables.ContainsKey(f), f);
            Assert.True(File.Exists(published.File("ua-835/" + f)), f);
        }
        Assert.Equal(["uid", "voterUid"], tables["vote.csv"].GetProperty("tableSchema").GetProperty("primaryKey").EnumerateArray().Select(x => x.GetString()));
        var againstColumn = tables["voteEvents.csv"].GetProperty("tableSchema").GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString()!.StartsWith("votingAgainst"));
        Assert.Equal("votingAgainst", againstColumn.GetProperty("name").GetString());
    }

    [Fact]
    public void Popolo_validates_against_the_draft03_schemas()
    {
        var v = new Draft03Validator(SharedSchemas.PopoloDir);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(published.File("popolo.json")));
        var errors = new List<string>();
        foreach (var (member, schema) in new[] { ("persons", "person.json"), ("organizations", "organization.json"), ("memberships", "membership.json"), ("events", "event.json"), ("vote_events", "vote_event.json") })
        {
            var items = doc.RootElement.GetProperty(member).EnumerateArray().ToArray();
            Assert.NotEmpty(items);
            for (int i = 0; i < items.Length; i++) errors.AddRange(v.Validate(items[i], v.Schema(schema), $"{member}[{i}]"));
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Draft03_validator_rejects_a_wrong_type_and_a_missing_required_property()
    {
        var v = new Draft03Validator(SharedSchemas.PopoloDir);
        using var bad = JsonDocument.Parse("""{"id":"x","counts":[{"option":"yes","value":"сім"},{"value":3}],"start_date":"вчора"}""");
        var errors = v.Validate(bad.RootElement, v.Schema("vote_event.json"));
        Assert.Contains(errors, e => e.Contains("counts[0].value"));
        Assert.Contains(errors, e => e.Contains("required property 'option'"));
        Assert.Contains(errors, e => e.Contains("start_date"));
    }

    [Fact]
    public void Popolo_counts_agree_with_the_votes_and_options_are_popolo_words()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(published.File("popolo.json")));
        string[] options = ["yes", "no", "abstain", "absent", "not voting"];
        foreach (var e in doc.RootElement.GetProperty("vote_events").EnumerateArray())
        {
            var counts = e.GetProperty("counts").EnumerateArray().ToDictionary(c => c.GetProperty("option").GetString()!, c => c.GetProperty("value").GetInt32());
            Assert.Equal(options.Order(), counts.Keys.Order());
            if (!e.TryGetProperty("votes", out var votes)) { Assert.True(e.GetProperty("secret").GetBoolean()); continue; }
            foreach (var o in options)
                Assert.Equal(counts[o], votes.EnumerateArray().Count(x => x.GetProperty("option").GetString() == o));
        }
    }
}
