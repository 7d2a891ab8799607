using System.Text.Json.Nodes;
using Session.Core.Voting;
using Session.Publishing.Model;

namespace Session.Publishing.OpenData;

/// <summary>
/// popolo.json (Popolo 1.0.1): persons, organizations (the council and its factions), memberships, the sitting as an
/// event, and vote_events with counts and, for named votes, votes. Extension members (allowed by the draft-03 schemas):
/// <c>note</c> on a vote (conflict of interest, proxy entry), <c>status</c>/<c>cancellation_reason</c>/<c>revote_of</c>
/// and <c>secret</c>/<c>turnout</c> on a vote event. With an accepted recording, a vote event's standard <c>sources</c>
/// holds the link to the second of the recording where the vote opened.
/// </summary>
public static class PopoloWriter
{
    public static byte[] Build(SittingRecord r, PublicLinks links, PublishedRecording? recording = null)
    {
        var body = r.Roster.Body;
        // The body that sat: the council itself, or one of its standing committees (a child organization).
        var councilId = body.Id;
        var sittingEventId = $"{r.SittingId}";

        var persons = new JsonArray(r.Roster.Deputies.Select(d => (JsonNode)new JsonObject
        {
            ["id"] = d.Id,
            ["name"] = d.FullName,
            ["sort_name"] = d.FullName,
        }).ToArray());

        var organizations = new JsonArray { new JsonObject
        {
            ["id"] = body.Council,
            ["name"] = body.AuthorityName,
            ["classification"] = "council",
            ["identifiers"] = Identifiers(body.Edrpou, body.Katottg),
        } };
        if (body.Council != body.Id)
            organizations.Add(new JsonObject { ["id"] = body.Id, ["name"] = body.Name, ["classification"] = "committee", ["parent_id"] = body.Council });
        foreach (var f in r.Roster.Factions)
            organizations.Add(new JsonObject { ["id"] = f.Id, ["name"] = f.Name, ["classification"] = "faction", ["parent_id"] = body.Council });

        var memberships = new JsonArray();
        foreach (var d in r.Roster.Deputies)
        {
            memberships.Add(new JsonObject
            {
                ["id"] = $"{d.Id}@{councilId}",
                ["person_id"] = d.Id,
                ["organization_id"] = councilId,
                ["role"] = d.IsHead ? "head" : "member",
            });
            if (d.FactionId is { } fid)
                memberships.Add(new JsonObject { ["id"] = $"{d.Id}@{fid}", ["person_id"] = d.Id, ["organization_id"] = fid, ["role"] = "member" });
        }

        var sitting = new JsonObject
        {
            ["id"] = sittingEventId,
            ["name"] = $"{r.Opening.SessionNumber} сесія {body.Convocation} скликання, засідання {r.Opening.SittingNumber}",
            ["classification"] = "sitting",
            ["organization_id"] = councilId,
            ["location"] = r.Opening.Place,
            ["start_date"] = r.OpenedAt is { } o ? Ua835Writer.Iso(o) : Ua835Writer.Iso(r.Opening.Date),
            ["end_date"] = r.ClosedAt is { } c ? Ua835Writer.Iso(c) : null,
            ["status"] = r.Closed ? "closed" : "in progress",
        };
        // The protocol exists once the sitting is closed (final publication).
        if (r.Closed)
            sitting["sources"] = new JsonArray(new JsonObject { ["url"] = links.For(SittingPublisher.ProtocolFile), ["note"] = "protocol" });

        var voteEvents = new JsonArray(r.Votes.Select(v => (JsonNode)VoteEvent(v, councilId, sittingEventId, links, recording)).ToArray());

        var root = new JsonObject
        {
            ["persons"] = persons,
            ["organizations"] = organizations,
            ["memberships"] = memberships,
            ["events"] = new JsonArray(sitting),
            ["vote_events"] = voteEvents,
        };
        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString(CsvwMetadata.Json) + "\n");
    }

    private static JsonArray Identifiers(string? edrpou, string? katottg)
    {
        var a = new JsonArray();
        if (edrpou is not null) a.Add(new JsonObject { ["identifier"] = edrpou, ["scheme"] = "ЄДРПОУ" });
        if (katottg is not null) a.Add(new JsonObject { ["identifier"] = katottg, ["scheme"] = "КАТОТТГ" });
        return a;
    }

    private static JsonObject VoteEvent(PublishedVote v, string councilId, string sittingEventId, PublicLinks links, PublishedRecording? recording)
    {
        var c = v.Counts;
        var e = new JsonObject
        {
            ["id"] = v.Uid,
            ["organization_id"] = councilId,
            ["legislative_session_id"] = sittingEventId,
            ["identifier"] = v.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["motion_id"] = v.MotionUid,
            ["motion"] = new JsonObject
            {
                ["id"] = v.MotionUid,
                ["text"] = v.Motion,
                ["identifier"] = v.Item?.ProjectNumber,
                ["requirement"] = v.Threshold is { } t ? $"{v.Rule.TitleUk}: не менше {t} «за»" : v.Rule.TitleUk,
                ["classification"] = v.Kind.Ukrainian(),
                ["sources"] = new JsonArray(new JsonObject { ["url"] = links.For(DecisionFiles.PathOf(v)), ["note"] = "draft decision text" }),
            },
            ["start_date"] = Ua835Writer.Iso(v.Start),
            ["end_date"] = Ua835Writer.Iso(v.End),
            ["result"] = v.PopoloResult,
            ["counts"] = new JsonArray(
                Count("yes", c.For), Count("no", c.Against), Count("abstain", c.Abstain),
                Count("absent", c.Absent), Count("not voting", c.NotVoting)),
        };
        if (v.Outcome == VoteOutcome.Cancelled)
        {
            e["status"] = "cancelled";
            e["cancellation_reason"] = v.CancelReason;
        }
        if (v.RevoteOfUid is not null) e["revote_of"] = v.RevoteOfUid;
        if (recording is not null && recording.VoteOffsets.TryGetValue(v.VoteId, out var offset))
            e["sources"] = new JsonArray(new JsonObject { ["url"] = links.RecordingAt(offset), ["note"] = RecordingNote });
        if (v.IsSecret)
        {
            e["secret"] = true;
            e["turnout"] = c.Cast;
            e["note"] = SecretBallot.Note;
        }
        else
        {
            e["votes"] = new JsonArray((v.RollCall ?? []).Select(l =>
            {
                var vote = new JsonObject
                {
                    ["voter_id"] = l.Deputy.Id,
                    ["option"] = LegalResult.Popolo(l.Result),
                    ["group_id"] = l.Deputy.FactionId,
                };
                if (l.Remarks is { } note) vote["note"] = note;
                // Not a Popolo property (the schema allows others): the press came from the deputy's remote place.
                if (l.Remote) vote["remote"] = true;
                return (JsonNode)vote;
            }).ToArray());
        }
        return e;
    }

    /// <summary>The note of a vote event's recording link (the verifier finds the link by it).</summary>
    public const string RecordingNote = "recording from the vote's opening";

    private static JsonObject Count(string option, int value) => new() { ["option"] = option, ["value"] = value };
}
