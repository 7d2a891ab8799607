using Session.Core.Council;
using Session.Core.Journal;
using Session.Core.Voting;

namespace Session.Core.Sittings;

/// <summary>
/// The state of one sitting, a fold over its journal (<see cref="Apply"/>). The rules that turn a command into
/// events live in <c>Sitting.Rules.cs</c>; neither touches a clock, a disk or a network: time comes in.
/// </summary>
public sealed partial class Sitting
{
    private readonly Dictionary<int, string> _deputyAtSeat = new();
    // The passkey proof a deputy identified with at a remote place; copied into every cast from it.
    private readonly Dictionary<int, string> _proofAtSeat = new();
    private readonly Dictionary<string, int> _seatOfDeputy = new();
    private readonly HashSet<string> _registered = new();
    private readonly List<AgendaItem> _agenda = new();
    private readonly List<VoteState> _votes = new();
    private readonly Dictionary<string, VoteState> _voteById = new();
    private readonly List<FloorRequest> _floorQueue = new();
    private readonly Dictionary<string, ConflictDeclared> _conflicts = new(); // key: itemId + "\n" + deputyId
    private readonly Dictionary<string, long> _commandSeq = new();
    private readonly List<(DateTimeOffset At, SelfTestRan Ran)> _selfTests = new();

    public string SittingId { get; private set; } = "";
    public SittingOpened? Opening { get; private set; }
    public Roster Roster => Opening?.Roster ?? throw new InvalidOperationException("the sitting is not opened");
    public bool IsOpen => Opening is not null && !IsClosed;
    public bool IsClosed { get; private set; }
    public bool RegistrationOpen { get; private set; }
    public Recess? Recess { get; private set; }
    public string? CurrentItemId { get; private set; }
    public VoteState? CurrentVote { get; private set; }
    public Speaker? Speaker { get; private set; }
    public long LastSeq { get; private set; }
    public string LastHash { get; private set; } = "";
    public DateTimeOffset? OpenedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    public IReadOnlyDictionary<int, string> DeputyAtSeat => _deputyAtSeat;
    public IReadOnlyCollection<string> Registered => _registered;
    public IReadOnlyList<AgendaItem> Agenda => _agenda;
    public IReadOnlyList<VoteState> Votes => _votes;
    public IReadOnlyList<FloorRequest> FloorQueue => _floorQueue;
    public IReadOnlyCollection<ConflictDeclared> Conflicts => _conflicts.Values;
    public List<(DateTimeOffset At, SittingEvent Event)> Timeline { get; } = new();
    /// <summary>Every pre-sitting self-test, in order; the last one is what the protocol's first page reports.</summary>
    public IReadOnlyList<(DateTimeOffset At, SelfTestRan Ran)> SelfTests => _selfTests;

    /// <summary>A vote's number as the record counts it: test votes are not numbered (0).</summary>
    public int NumberOf(VoteState vote) => vote.IsTest ? 0 : _votes.TakeWhile(v => v != vote).Count(v => !v.IsTest) + 1;

    public static Sitting Empty(string sittingId) => new() { SittingId = sittingId, LastHash = HashChain.Genesis(sittingId) };

    public VoteState? Vote(string voteId) => _voteById.GetValueOrDefault(voteId);

    public int? SeatOf(string deputyId) => _seatOfDeputy.TryGetValue(deputyId, out var s) ? s : null;

    public bool HeadPresent => Roster.Head is { } h && _registered.Contains(h.Id);

    /// <summary>art. 59 part 2: the total composition, with the head only when the head takes part.</summary>
    public int Composition => Roster.Body.Composition + (HeadPresent ? 1 : 0);

    /// <summary>Quorum (правомочність): more than half of the composition registered (art. 46).</summary>
    public int QuorumNeeded => Roster.Body.QuorumOf(Composition);

    public bool HasQuorum => _registered.Count >= QuorumNeeded;

    public ConflictDeclared? ConflictOf(string deputyId, string? itemId) =>
        _conflicts.Count == 0 ? null : _conflicts.GetValueOrDefault(ConflictKey(itemId, deputyId));

    /// <summary>The journal sequence number that answered a command id, if it was accepted before.</summary>
    public long? AnswerOf(string? commandId) =>
        commandId is not null && _commandSeq.TryGetValue(commandId, out var seq) ? seq : null;

    private static string ConflictKey(string? itemId, string deputyId) => (itemId ?? "") + "\n" + deputyId;

    /// <summary>Applies a journaled event; the only way the state changes.</summary>
    public void Apply(JournalEntry entry, string? secretVoter = null)
    {
        if (entry.Seq != LastSeq + 1) throw new InvalidOperationException($"event {entry.Seq} applied after {LastSeq}");
        try
        {
            Apply(entry.Event, entry.At, entry.Seq, secretVoter);
        }
        catch (Exception ex) when (ex is ArgumentNullException or NullReferenceException or KeyNotFoundException)
        {
            // The engine journals only whole events about known votes and items; a journal read back (verify, replay)
            // may not be one. An event without an id it needs, or naming a vote or item never opened, is bad data, and
            // the fold is abandoned (found by the CI fuzz smoke, fuzz/corpus/journal).
            throw new FormatException($"event {entry.Seq} ({entry.Event.GetType().Name}) lacks a field it needs or names what was never opened", ex);
        }
        LastSeq = entry.Seq;
        LastHash = entry.Hash;
        Timeline.Add((entry.At, entry.Event));
    }

    private static bool Complete(SittingOpened o) =>
        o.SittingId is not null && o.Roster is { Body: { Id: not null, Name: not null, Kind: not null }, Deputies: not null, Factions: not null, Seats: not null } r
        && r.Deputies.All(d => d is { Id: not null, FullName: not null })
        && r.Factions.All(f => f is { Id: not null, Name: not null })
        && r.Seats.All(s => s is { Label: not null })
        && Consistent(r);

    /// <summary>
    /// The roster's lookups key deputies by id, seats by number and a remote place by its deputy's index. The registry
    /// never makes a roster otherwise, but a journal read back (verify, replay) may carry a deputy id or a seat number
    /// twice, or a remote place past the deputies: bad data, not a crash later in the verifier (a fuzzing finding,
    /// fuzz/corpus/journal/finding-deputy-twice-in-roster).
    /// </summary>
    private static bool Consistent(Roster r) =>
        r.Deputies.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count() == r.Deputies.Count
        && r.Seats.Select(s => s.Number).Distinct().Count() == r.Seats.Count
        && r.Seats.Where(s => s.Remote).All(s => s.Number - RemoteSeats.First >= 0 && s.Number - RemoteSeats.First < r.Deputies.Count);

    private void Apply(SittingEvent e, DateTimeOffset at, long seq, string? secretVoter)
    {
        if (e is IChairEvent chair) Remember(chair.CommandId, seq);
        switch (e)
        {
            case SittingOpened o:
                // A journal read back (verify, replay) may carry an opening whose roster lost a field: refuse it as bad
                // data here rather than fail later on a missing name (a fuzzing finding, fuzz/corpus/journal).
                if (!Complete(o)) throw new FormatException("SittingOpened without a complete, consistent roster (body, deputies, factions, seats; each deputy and seat once)");
                SittingId = o.SittingId;
                Opening = o;
                OpenedAt = at;
                break;
            case SittingClosed:
                IsClosed = true;
                ClosedAt = at;
                RegistrationOpen = false;
                break;
            case RegistrationOpened:
                RegistrationOpen = true;
                _registered.Clear();
                break;
            case RegistrationClosed:
                RegistrationOpen = false;
                break;
            case DeputyIdentified i:
                _deputyAtSeat[i.Seat] = i.DeputyId;
                _seatOfDeputy[i.DeputyId] = i.Seat;
                if (i.Proof is { } proof) _proofAtSeat[i.Seat] = proof;
                else _proofAtSeat.Remove(i.Seat);
                Remember(i.CommandId, seq);
                break;
            case DeputyLeft l:
                _deputyAtSeat.Remove(l.Seat);
                _proofAtSeat.Remove(l.Seat);
                _seatOfDeputy.Remove(l.DeputyId);
                _floorQueue.RemoveAll(r => r.DeputyId == l.DeputyId);
                Remember(l.CommandId, seq);
                break;
            case DeputyRegistered r:
                _registered.Add(r.DeputyId);
                break;
            case AgendaItemAdded a:
                _agenda.Add(new AgendaItem(a.ItemId, a.Title, a.DraftText, a.ProjectNumber, a.Urgent, a.Reason, a.Author, a.Documents));
                break;
            case AgendaReordered r:
                var byId = _agenda.ToDictionary(i => i.Id);
                _agenda.Clear();
                _agenda.AddRange(r.Order.Select(id => byId[id]));
                break;
            case AgendaItemStarted s:
                CurrentItemId = s.ItemId;
                break;
            case VoteOpened v:
                var vote = new VoteState(v, at);
                _votes.Add(vote);
                _voteById[v.VoteId] = vote;
                CurrentVote = vote;
                break;
            case VoteCast c:
                _voteById[c.VoteId].Ballots[c.DeputyId] = new Ballot(c.Choice, c.Seat, at, false, null);
                Remember(c.CommandId, seq);
                break;
            case ProxyVoteEntered p:
                _voteById[p.VoteId].Ballots[p.DeputyId] = new Ballot(p.Choice, null, at, true, p.Reason);
                Remember(p.CommandId, seq);
                break;
            case SecretBallotCast s:
                var sv = _voteById[s.VoteId];
                switch (s.Choice)
                {
                    case Choice.Yes: sv.SecretYes++; break;
                    case Choice.No: sv.SecretNo++; break;
                    case Choice.Abstain: sv.SecretAbstain++; break;
                }
                if (secretVoter is not null) sv.SecretVoters.Add(secretVoter);
                Remember(s.CommandId, seq);
                break;
            case ConflictDeclared d:
                _conflicts[ConflictKey(d.ItemId, d.DeputyId)] = d;
                Remember(d.CommandId, seq);
                break;
            case VoteClosed c:
                var closed = _voteById[c.VoteId];
                closed.RollCall = closed.Opened.Mode == VoteMode.Named ? RollCallOf(closed) : null;
                closed.Status = VoteStatus.Closed;
                closed.Closed = c;
                closed.ClosedAt = at;
                if (CurrentVote == closed) CurrentVote = null;
                break;
            case SelfTestRan t:
                _selfTests.Add((at, t));
                break;
            case VoteCancelled x:
                var cancelled = _voteById[x.VoteId];
                cancelled.Status = VoteStatus.Cancelled;
                cancelled.CancelReason = x.Reason;
                if (CurrentVote == cancelled) CurrentVote = null;
                break;
            case FloorRequested f:
                _floorQueue.Add(new FloorRequest(f.DeputyId, f.Seat, at));
                Remember(f.CommandId, seq);
                break;
            case FloorWithdrawn w:
                _floorQueue.RemoveAll(r => r.DeputyId == w.DeputyId);
                Remember(w.CommandId, seq);
                break;
            case FloorGranted g:
                _floorQueue.RemoveAll(r => r.DeputyId == g.DeputyId);
                Speaker = new Speaker(g.DeputyId, g.SpeechType, g.Seconds, g.Until);
                break;
            case FloorEnded:
                Speaker = null;
                break;
            case RecessStarted r:
                Recess = new Recess(r.Kind, r.Reason, at);
                break;
            case SittingResumed:
                Recess = null;
                break;
            default:
                throw new InvalidOperationException($"no fold for {e.GetType().Name}");
        }
    }

    private void Remember(string? commandId, long seq)
    {
        if (commandId is not null) _commandSeq.TryAdd(commandId, seq);
    }

    /// <summary>The roll call of a named vote as it stands: every deputy of the roster, in roster order.</summary>
    public IReadOnlyList<RollCallLine> RollCallOf(VoteState vote)
    {
        if (vote.RollCall is { } frozen) return frozen;
        var lines = new List<RollCallLine>(Roster.Deputies.Count);
        foreach (var d in Roster.Deputies)
        {
            var conflict = ConflictOf(d.Id, vote.Opened.ItemId);
            vote.Ballots.TryGetValue(d.Id, out var ballot);
            RollCallResult result;
            if (ballot is not null) result = ballot.Choice.ToRollCall();
            else if (conflict is { MayVote: false }) result = RollCallResult.Conflict;
            else if (_registered.Contains(d.Id)) result = RollCallResult.NotVoting;
            else result = RollCallResult.Absent;
            lines.Add(new RollCallLine(d.Id, result, ballot?.Proxy ?? false, ballot?.ProxyReason, conflict is not null, ballot?.Seat is { } seat && RemoteSeats.IsRemote(seat)));
        }
        return lines;
    }

    /// <summary>The live or final tally of a vote; for a named vote always equal to counting its roll call.</summary>
    public Tally TallyOf(VoteState vote)
    {
        if (vote.Closed is { } c) return c.Tally;
        if (vote.Opened.Mode == VoteMode.Named) return Tally.Of(RollCallOf(vote).Select(l => l.Result));
        int conflicts = 0, absent = 0, present = 0;
        foreach (var d in Roster.Deputies)
        {
            if (ConflictOf(d.Id, vote.Opened.ItemId) is { MayVote: false }) conflicts++;
            else if (_registered.Contains(d.Id)) present++;
            else absent++;
        }
        int notVoting = Math.Max(0, present - vote.SecretCast);
        return new Tally(vote.SecretYes, vote.SecretNo, vote.SecretAbstain, notVoting, absent, conflicts);
    }

    /// <summary>After a restart the voters of an open secret ballot are unknown (never journaled), so it must be cancelled and re-held.</summary>
    public bool OpenSecretBallotLostItsVoters =>
        CurrentVote is { Opened.Mode: VoteMode.Secret } v && v.SecretVoters.Count < v.SecretCast;
}

public sealed partial class Sitting
{
    /// <summary>Whether a deputy has voted in an open secret ballot (memory only; never published).</summary>
    public bool HasSecretVote(VoteState vote, string deputyId) => vote.SecretVoters.Contains(deputyId);
}
