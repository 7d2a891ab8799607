using Session.Core.Council;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Voting;

namespace Session.Publishing.Model;

/// <summary>
/// The published view of a sitting, projected from the fold and its journal: the one source the CSVs, Popolo,
/// the protocol and the verifier all read, so they cannot disagree.
/// </summary>
public sealed record SittingRecord(
    string SittingId,
    Roster Roster,
    SittingOpened Opening,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? ClosedAt,
    bool Closed,
    IReadOnlyList<AgendaItem> Agenda,
    IReadOnlyList<PublishedVote> Votes,
    IReadOnlyList<ConflictDeclared> Conflicts,
    IReadOnlyList<(DateTimeOffset At, SittingEvent Event)> Timeline,
    long LastSeq,
    string LastHash,
    SelfTestRecord? SelfTest = null)
{
    public static string VoteUid(string sittingId, string voteId) => $"{sittingId}-vote-{voteId}";

    public static string ItemUid(string sittingId, string itemId) => $"{sittingId}-item-{itemId}";

    /// <summary>A vote outside any agenda item (a procedural vote) is its own motion.</summary>
    public static string LooseMotionUid(string sittingId, string voteId) => $"{sittingId}-motion-{voteId}";

    public static SittingRecord From(Sitting sitting, IReadOnlyList<JournalEntry> journal)
    {
        ArgumentNullException.ThrowIfNull(sitting);
        ArgumentNullException.ThrowIfNull(journal);
        var opening = sitting.Opening ?? throw new InvalidOperationException("the sitting has not been opened; nothing to publish");
        if (journal.Count == 0 || journal[^1].Seq != sitting.LastSeq || journal[^1].Hash != sitting.LastHash)
            throw new ArgumentException("the journal does not end where the sitting's fold ends", nameof(journal));

        var id = sitting.SittingId;
        var agenda = sitting.Agenda.ToArray();
        var cancelSeq = journal.Where(e => e.Event is VoteCancelled)
            .GroupBy(e => ((VoteCancelled)e.Event).VoteId)
            .ToDictionary(g => g.Key, g => g.First());

        var votes = new List<PublishedVote>();
        int number = 0;
        foreach (var v in sitting.Votes)
        {
            // The self-test's vote decides nothing: not numbered, not in any open data file, roll call or tally check.
            if (v.IsTest) continue;
            number++;
            if (v.Status == VoteStatus.Open) continue;
            cancelSeq.TryGetValue(v.Id, out var cancelEntry);
            votes.Add(Project(sitting, journal, id, agenda, v, number, cancelEntry));
        }

        return new SittingRecord(id, sitting.Roster, opening, sitting.OpenedAt, sitting.ClosedAt, sitting.IsClosed, agenda,
            votes, sitting.Conflicts.ToArray(), sitting.Timeline.ToArray(), sitting.LastSeq, sitting.LastHash, SelfTestRecord.Of(sitting));
    }

    private static PublishedVote Project(Sitting sitting, IReadOnlyList<JournalEntry> journal, string id,
        AgendaItem[] agenda, VoteState v, int number, JournalEntry? cancelEntry)
    {
        var itemIndex = v.Opened.ItemId is null ? -1 : Array.FindIndex(agenda, i => i.Id == v.Opened.ItemId);
        var item = itemIndex >= 0 ? agenda[itemIndex] : null;
        var cancelled = v.Status == VoteStatus.Cancelled;

        Tally tally;
        IReadOnlyList<RollCallLine>? lines;
        if (v.Closed is { } closed)
        {
            tally = closed.Tally;
            lines = v.RollCall;
        }
        else
        {
            // Cancelled while open: the roll call as it stood at the cancellation, replayed from the journal.
            var atCancel = ReplayUntil(sitting.SittingId, journal, cancelEntry!.Seq);
            var state = atCancel.Vote(v.Id)!;
            lines = v.Opened.Mode == VoteMode.Named ? atCancel.RollCallOf(state) : null;
            tally = atCancel.TallyOf(state);
        }

        var roster = sitting.Roster;
        var rollCall = lines?.Select(l => new PublishedBallot(roster.Deputy(l.DeputyId)!, l.Result, l.Proxy, l.ProxyReason, l.ConflictDeclared, l.Remote)).ToArray();
        var outcome = cancelled ? VoteOutcome.Cancelled : v.Closed!.Passed ? VoteOutcome.Passed : VoteOutcome.Failed;
        var end = v.ClosedAt ?? cancelEntry!.At;

        return new PublishedVote(
            number,
            VoteUid(id, v.Id),
            item is null ? LooseMotionUid(id, v.Id) : ItemUid(id, item.Id),
            v.Id,
            item,
            item is null ? null : itemIndex + 1,
            v.Opened.Motion,
            v.Opened.Kind,
            v.Rule,
            v.Opened.Mode,
            v.Opened.Composition,
            v.Opened.Registered,
            v.Closed?.Threshold ?? v.Opened.Threshold,
            v.OpenedAt,
            end,
            v.Closed?.ClosedBy ?? "",
            outcome,
            LegalCounts.Of(tally),
            tally.Conflict,
            rollCall,
            v.CancelReason,
            cancelled && v.Closed is not null,
            v.Opened.RevoteOf is null ? null : VoteUid(id, v.Opened.RevoteOf));
    }

    private static Sitting ReplayUntil(string sittingId, IReadOnlyList<JournalEntry> journal, long seqExclusive)
    {
        var s = Sitting.Empty(sittingId);
        foreach (var e in journal)
        {
            if (e.Seq >= seqExclusive) break;
            s.Apply(e);
        }
        return s;
    }

    /// <summary>The deputy's faction name, or «Позафракційний» (annex 30's word for no faction).</summary>
    public string FactionName(DeputyRef d) =>
        d.FactionId is { } f && Roster.Factions.FirstOrDefault(x => x.Id == f) is { } faction ? faction.Name : "Позафракційний";
}
