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
        var errors = CsvwValidator.Validate(file, File.ReadAllBytes(published.File(file)), columns);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.True(CsvReader.Parse(File.ReadAllBytes(published.File(file))).Count > 1, "the table has rows");
    }

    public static TheoryData<string> OwnTables => new() { "ua-835/voteNotes.csv", "ua-835/secretBallots.csv", "ua-835-legacy/secretBallots.csv" };

    [Theory]
    [MemberData(nameof(OwnTables))]
    public void Our_own_tables_fill_every_required_column_of_their_metadata(string file)
    {
        var table = Ua835Tables.Normalized.Concat(Ua835Tables.Legacy).First(t => file.EndsWith("/" + t.Url, StringComparison.Ordinal));
        var errors = CsvwValidator.Validate(file, File.ReadAllBytes(published.File(file)), CsvwValidator.From(table));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.True(CsvReader.Parse(File.ReadAllBytes(published.File(file))).Count > 1, "the table has rows");
    }

    [Fact]
    public void Every_shared_ua835_schema_is_checked_against_a_published_file()
    {
        var shared = Directory.GetFiles(Path.GetDirectoryName(SharedSchemas.Ua835("x"))!, "*.schema.json").Select(Path.GetFileName).Order();
        Assert.Equal(shared, Tables.Select(t => (string)t[1]).Distinct().Order());
    }

    [Fact]
    public void Validator_rejects_an_empty_required_value_naming_the_file_line_and_column()
    {
        const string file = "ua-835/convocations.csv";
        var columns = CsvwValidator.Load(SharedSchemas.Ua835("convocations.schema.json"));
        var rows = CsvReader.Parse(File.ReadAllBytes(published.File(file)));
        foreach (var (column, blank) in new[] { ("dateUntil", ""), ("authorityName", "  ") })
        {
            var fields = (string[])rows[1].Clone();
            fields[Array.IndexOf(rows[0], column)] = blank;
            var csv = new CsvBuilder(rows[0]).Row(fields).ToBytes();
            Assert.Contains($"{file}:2: column {column} is required but empty", CsvwValidator.Validate(file, csv, columns));
        }
        // A quoted field over two lines moves the next record's line number.
        var deputies = CsvwValidator.Load(SharedSchemas.Ua835("vote.schema.json"));
        var text = "\uFEFFuid,voterUid,result\r\n\"a\nb\",dep-01,За\r\nv1,,За\r\n"u8.ToArray();
        Assert.Equal(["x.csv:4: column voterUid is required but empty"], CsvwValidator.Validate("x.csv", text, deputies));
    }

    [Fact]
    public void Validator_rejects_a_relative_link_in_a_url_column()
    {
        var columns = CsvwValidator.Load(SharedSchemas.Ua835("voteEvents.schema.json"));
        var rows = CsvReader.Parse(File.ReadAllBytes(published.File("ua-835/voteEvents.csv")));
        var fields = (string[])rows[1].Clone();
        fields[Array.IndexOf(rows[0], "textUrl")] = "protocol.pdf";
        Assert.Contains(CsvwValidator.Validate("voteEvents.csv", new CsvBuilder(rows[0]).Row(fields).ToBytes(), columns), e => e.Contains("column textUrl 'protocol.pdf'"));
    }

    [Fact]
    public void A_running_convocation_publishes_its_nominal_end_five_years_after_its_start()
    {
        Assert.Null(published.Options.Profile.ConvocationUntil);
        var rows = CsvReader.Parse(File.ReadAllBytes(published.File("ua-835/convocations.csv")));
        var row = rows[1];
        Assert.Equal("2020-11-20", row[Array.IndexOf(rows[0], "dateFrom")]);
        Assert.Equal("2025-11-20", row[Array.IndexOf(rows[0], "dateUntil")]); // Constitution art. 141: a five-year term
    }

    [Fact]
    public void Validator_rejects_a_misspelt_header_and_a_bad_integer()
    {
        var columns = CsvwValidator.Load(SharedSchemas.Ua835("voteEvents.schema.json"));
        var good = File.ReadAllText(published.File("ua-835/voteEvents.csv"));
        var misspelt = System.Text.Encoding.UTF8.GetBytes(good.Replace("votingAgainst", "vottingAgains"));
        Assert.NotEmpty(CsvwValidator.Validate("voteEvents.csv", misspelt, columns));
        var lines = good.Split("\r\n");
        var fields = lines[1].Split(',');
        fields[7] = "сім";
        lines[1] = string.Join(',', fields);
        Assert.Contains(CsvwValidator.Validate("voteEvents.csv", System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", lines)), columns), e => e.Contains("votingFor"));
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
        foreach (var f in new[] { "convocations.csv", "sessions.csv", "motions.csv", "voteEvents.csv", "vote.csv", "deputies.csv", "voteNotes.csv", "secretBallots.csv" })
        {
            Assert.True(tables.ContainsKey(f), f);
            Assert.True(File.Exists(published.File("ua-835/" + f)), f);
        }
        foreach (var (metadata, target) in new[] { ("ua-835/csv-metadata.json", "voteEvents.csv"), ("ua-835-legacy/csv-metadata.json", "motions.csv") })
        {
            using var m = JsonDocument.Parse(File.ReadAllBytes(published.File(metadata)));
            var secret = m.RootElement.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("url").GetString() == "secretBallots.csv");
            Assert.Contains("Secret ballots", secret.GetProperty("dc:description").GetString());
            Assert.Equal(["uid", "turnout", "note"], secret.GetProperty("tableSchema").GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
            var fk = secret.GetProperty("tableSchema").GetProperty("foreignKeys")[0];
            Assert.Equal(target, fk.GetProperty("reference").GetProperty("resource").GetString());
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
