using System.Globalization;
using Session.Core.Council;
using Session.Publishing.Model;

namespace Session.Publishing.OpenData;

/// <summary>Turns a <see cref="SittingRecord"/> into the annex-29 tables (normalized and legacy) as CSV bytes.</summary>
public sealed class Ua835Writer(SittingRecord record, PublishOptions options)
{
    private const string Missing = "null"; // the annex's word for a value that does not exist
    private readonly Roster _roster = record.Roster;

    private string ConvocationUid => $"{_roster.Body.Council}-{_roster.Body.Convocation}";
    private string SessionUid => $"{ConvocationUid}-{record.Opening.SessionNumber}";
    private string ConvocationLabel => $"{_roster.Body.Convocation} скликання";
    private string SessionLabel => $"{record.Opening.SessionNumber} сесія";
    private string Date => Iso(record.Opening.Date);

    private readonly PublicLinks _links = new(options.BaseUrl, record.SittingId);

    public string ProtocolUrl => _links.For(SittingPublisher.ProtocolFile);

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);

    public IReadOnlyDictionary<string, byte[]> Normalized() => new Dictionary<string, byte[]>
    {
        [Ua835Tables.Convocations.Url] = ConvocationsCsv(),
        [Ua835Tables.Sessions.Url] = SessionsCsv(),
        [Ua835Tables.Motions.Url] = MotionsCsv(),
        [Ua835Tables.VoteEvents.Url] = VoteEventsCsv(),
        [Ua835Tables.Vote.Url] = VoteCsv(),
        [Ua835Tables.Deputies.Url] = DeputiesCsv(),
        [Ua835Tables.VoteNotes.Url] = VoteNotesCsv(),
        [Ua835Tables.SecretBallots.Url] = SecretBallotsCsv(),
    };

    public IReadOnlyDictionary<string, byte[]> Legacy() => new Dictionary<string, byte[]>
    {
        [Ua835Tables.LegacyMotions.Url] = LegacyMotionsCsv(),
        [Ua835Tables.LegacyVotings.Url] = LegacyVotingsCsv(),
        [Ua835Tables.SecretBallots.Url] = SecretBallotsCsv(),
    };

    private byte[] ConvocationsCsv()
    {
        var b = _roster.Body;
        var p = options.Profile;
        return new CsvBuilder(Ua835Tables.Convocations.Header)
            .Row([ConvocationUid, ConvocationLabel, p.ConvocationFrom is { } f ? Iso(f) : "", p.ConvocationEnd is { } u ? Iso(u) : "",
                b.AuthorityName, b.Edrpou ?? Missing, b.Katottg ?? Missing])
            .ToBytes();
    }

    private byte[] SessionsCsv()
    {
        var p = options.Profile;
        return new CsvBuilder(Ua835Tables.Sessions.Header)
            .Row([SessionUid, SessionLabel, ConvocationUid, Iso(p.SessionFrom ?? record.Opening.Date), Iso(p.SessionUntil ?? record.Opening.Date)])
            .ToBytes();
    }

    private byte[] MotionsCsv()
    {
        var csv = new CsvBuilder(Ua835Tables.Motions.Header);
        // sources: the document the motion is about, its decision file (exists from the first publication on).
        for (int i = 0; i < record.Agenda.Count; i++)
        {
            var item = record.Agenda[i];
            csv.Row([SittingRecord.ItemUid(record.SittingId, item.Id), SessionUid, Missing, item.Title, Int(i + 1),
                item.Urgent ? "невідкладне питання" : "питання порядку денного", Date, _links.For(DecisionFiles.PathOf(item))]);
        }
        // A vote outside the agenda (procedural, before any item) is its own motion, numbered 0.
        foreach (var v in record.Votes.Where(v => v.Item is null))
            csv.Row([v.MotionUid, SessionUid, Missing, v.Motion, "0", "процедурне питання", Date, _links.For(DecisionFiles.PathOf(v))]);
        return csv.ToBytes();
    }

    private byte[] VoteEventsCsv()
    {
        var csv = new CsvBuilder(Ua835Tables.VoteEvents.Header);
        foreach (var v in record.Votes)
        {
            var c = v.Counts;
            csv.Row([v.Uid, v.MotionUid, v.Item?.ProjectNumber ?? Missing, v.Motion, Iso(v.Start), Iso(v.End), v.LegalResultText,
                Int(c.For), Int(c.Against), Int(c.Abstain), Int(c.NotVoting), Int(c.Absent), TextUrl(v), DecisionFiles.PathOf(v)]);
        }
        return csv.ToBytes();
    }

    /// <summary>textUrl: the absolute link to the decision file that <c>text</c> names.</summary>
    public string TextUrl(PublishedVote v) => _links.For(DecisionFiles.PathOf(v));

    private byte[] VoteCsv()
    {
        var csv = new CsvBuilder(Ua835Tables.Vote.Header);
        foreach (var v in record.Votes)
            foreach (var line in v.RollCall ?? [])
                csv.Row([v.Uid, line.Deputy.Id, line.Legal]);
        return csv.ToBytes();
    }

    private byte[] VoteNotesCsv()
    {
        var csv = new CsvBuilder(Ua835Tables.VoteNotes.Header);
        foreach (var v in record.Votes)
            foreach (var line in v.RollCall ?? [])
                if (line.Remarks is { } note)
                    csv.Row([v.Uid, line.Deputy.Id, NoteKind(line), note]);
        return csv.ToBytes();
    }

    /// <summary>Every secret ballot (cancelled ones too) with its turnout and the note; the same uids in both folders.</summary>
    private byte[] SecretBallotsCsv()
    {
        var csv = new CsvBuilder(Ua835Tables.SecretBallots.Header);
        foreach (var v in record.Votes.Where(v => v.IsSecret))
            csv.Row([v.Uid, Int(v.Counts.Cast), SecretBallot.Note]);
        return csv.ToBytes();
    }

    public static string NoteKind(PublishedBallot line) =>
        string.Join("+", new[] { line.ConflictDeclared ? "conflict-of-interest" : null, line.Proxy ? "proxy" : null, line.Remote ? "remote" : null }.OfType<string>());

    private byte[] DeputiesCsv()
    {
        var csv = new CsvBuilder(Ua835Tables.Deputies.Header);
        foreach (var d in _roster.Deputies)
        {
            options.Profile.Deputies.TryGetValue(d.Id, out var profile);
            var fields = profile?.Fields ?? new Dictionary<string, string>();
            var names = d.FullName.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            string Field(string name, string fallback) => fields.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : fallback;
            csv.Row(Ua835Tables.Deputies.Columns.Select(col => col.Name switch
            {
                "id" => Field("id", d.Id),
                "votingIdentifier" => d.Id,
                "familyName" => Field("familyName", names.ElementAtOrDefault(0) ?? Missing),
                "name" => Field("name", names.ElementAtOrDefault(1) ?? Missing),
                "additionalName" => Field("additionalName", names.ElementAtOrDefault(2) ?? Missing),
                "gender" => Int(profile?.Gender ?? 0), // ISO/IEC 5218: 0 = not known
                "birthDate" => profile?.BirthDate is { } bd ? Iso(bd) : "",
                "factionName" => record.FactionName(d),
                "factionPost" => Field("factionPost", d.FactionId is null ? Missing : "Член депутатської фракції"),
                "CATUTTC" => Field("CATUTTC", _roster.Body.Katottg ?? Missing),
                "addressAdminUnitL1" => Field("addressAdminUnitL1", "Україна"),
                "areaId" => Field("areaId", ""),
                _ => Field(col.Name, col.Required ? Missing : ""),
            }).ToArray());
        }
        return csv.ToBytes();
    }

    private byte[] LegacyMotionsCsv()
    {
        var csv = new CsvBuilder(Ua835Tables.LegacyMotions.Header);
        var b = _roster.Body;
        foreach (var v in record.Votes)
        {
            var c = v.Counts;
            csv.Row([v.Uid, Date, b.AuthorityName, b.Edrpou ?? Missing, b.Katottg ?? Missing, ConvocationLabel, SessionLabel,
                Int(v.ItemNumber ?? 0), v.Motion, v.Item?.ProjectNumber ?? "",
                Int(c.For), Int(c.Against), Int(c.Abstain), Int(c.NotVoting), Int(c.Absent), v.LegalResultText, TextUrl(v), DecisionFiles.PathOf(v)]);
        }
        return csv.ToBytes();
    }

    private byte[] LegacyVotingsCsv()
    {
        var csv = new CsvBuilder(Ua835Tables.LegacyVotings.Header);
        foreach (var v in record.Votes)
            foreach (var line in v.RollCall ?? [])
                csv.Row([v.Uid, line.Deputy.Id, line.Deputy.FullName, v.Motion, line.Legal]);
        return csv.ToBytes();
    }
}
