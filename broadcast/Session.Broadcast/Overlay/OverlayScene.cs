using Session.Core.Wire;

namespace Session.Broadcast.Overlay;

public sealed record LowerThird(string Item, string? Speaker, string? Countdown);

public sealed record LiveCount(string Motion, int Yes, int No, int Abstain, int? Threshold, string Remaining);

public sealed record FactionBar(string Name, int Yes, int No, int Abstain, int Other);

public sealed record ResultBoard(
    string VoteId, string Motion, bool Passed, int? Threshold, string RuleUk,
    int Yes, int No, int Abstain, int NotVoting, int Absent, IReadOnlyList<FactionBar> Factions);

public sealed record RecessSlate(string Title, string Reason, string Since);

/// <summary>What the overlay shows at one moment; drawn by <see cref="OverlayRenderer"/>.</summary>
/// <param name="Interpreter">the corner the interpreter window takes while it is shown; the other graphics keep out of it.</param>
public sealed record OverlayScene(string Clock, bool HallConnected, RecessSlate? Recess, LowerThird? Lower, LiveCount? Live, ResultBoard? Result,
    Options.Corner? Interpreter = null)
{
    /// <summary>How long the result board stays after a vote closes.</summary>
    public static readonly TimeSpan ResultHold = TimeSpan.FromSeconds(45);

    /// <summary>The caption band's text (<see cref="CaptionLayer"/>), null when no caption shows; set by the host.</summary>
    public string? Caption { get; init; }

    private static readonly TimeZoneInfo Kyiv = FindKyiv();

    /// <summary>
    /// Pure: the scene for a sitting view, the latest tally, the local time, and when this process saw the shown vote
    /// close (local observation, so a skewed server clock cannot hide the board).
    /// </summary>
    public static OverlayScene Compose(SittingView? view, TallyUpdate? tally, DateTimeOffset now, bool connected, (string VoteId, DateTimeOffset Seen)? closedSeen,
        Options.Corner? interpreter = null)
    {
        var clock = TimeZoneInfo.ConvertTime(now, Kyiv).ToString("HH:mm:ss");
        if (view is null) return new OverlayScene(clock, connected, null, null, null, null, interpreter);

        RecessSlate? recess = null;
        if (view.Recess is { } r)
        {
            var title = r.Kind == "air-raid" ? "ПОВІТРЯНА ТРИВОГА" : "ПЕРЕРВА У ЗАСІДАННІ";
            recess = new RecessSlate(title, r.Reason, TimeZoneInfo.ConvertTime(r.Since, Kyiv).ToString("HH:mm"));
        }

        LowerThird? lower = null;
        var item = view.Agenda.FirstOrDefault(a => a.Id == view.CurrentItemId);
        if (item is not null || view.Speaker is not null)
        {
            string itemText = item is null ? view.BodyName : $"Питання {item.Number}. {item.Title}";
            string? speaker = null, countdown = null;
            if (view.Speaker is { } sp)
            {
                speaker = $"{sp.Name} — {sp.SpeechTypeUk}";
                var left = sp.Until - now;
                if (left < TimeSpan.Zero) left = TimeSpan.Zero;
                countdown = $"{(int)left.TotalMinutes:00}:{left.Seconds:00}";
            }
            lower = new LowerThird(itemText, speaker, countdown);
        }

        LiveCount? live = null;
        var open = view.Vote is { Status: "open" } v ? v : view.Votes.LastOrDefault(x => x.Status == "open");
        if (open is not null)
        {
            var t = tally is not null && tally.VoteId == open.VoteId ? tally.Tally : open.Tally;
            var left = open.ClosesAt - now;
            if (left < TimeSpan.Zero) left = TimeSpan.Zero;
            live = new LiveCount(open.Motion, t.Yes, t.No, t.Abstain, open.Threshold, $"{(int)left.TotalMinutes:0}:{left.Seconds:00}");
        }

        ResultBoard? result = null;
        if (open is null && closedSeen is { } seen && now - seen.Seen < ResultHold
            && view.Votes.FirstOrDefault(x => x.VoteId == seen.VoteId) is { Status: "closed", Passed: not null } closed)
            result = Board(closed, view.Factions);

        return new OverlayScene(clock, connected, recess, lower, live, result, interpreter);
    }

    private static ResultBoard Board(VoteView v, FactionView[] factions)
    {
        var bars = new List<FactionBar>();
        if (v.RollCall is { } rc)
        {
            foreach (var f in factions)
            {
                var rows = rc.Where(x => x.FactionId == f.Id).ToList();
                if (rows.Count == 0) continue;
                int yes = rows.Count(x => x.Result == "yes"), no = rows.Count(x => x.Result == "no"), ab = rows.Count(x => x.Result == "abstain");
                bars.Add(new FactionBar(f.Name, yes, no, ab, rows.Count - yes - no - ab));
            }
            var unaffiliated = rc.Where(x => x.FactionId is null || factions.All(f => f.Id != x.FactionId)).ToList();
            if (unaffiliated.Count > 0)
            {
                int yes = unaffiliated.Count(x => x.Result == "yes"), no = unaffiliated.Count(x => x.Result == "no"), ab = unaffiliated.Count(x => x.Result == "abstain");
                bars.Add(new FactionBar("Позафракційні", yes, no, ab, unaffiliated.Count - yes - no - ab));
            }
        }
        return new ResultBoard(v.VoteId, v.Motion, v.Passed == true, v.Threshold, v.RuleUk,
            v.Tally.Yes, v.Tally.No, v.Tally.Abstain, v.Tally.NotVoting, v.Tally.Absent, bars);
    }

    private static TimeZoneInfo FindKyiv()
    {
        foreach (var id in new[] { "Europe/Kyiv", "Europe/Kiev" })
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var tz)) return tz;
        return TimeZoneInfo.Utc;
    }
}
