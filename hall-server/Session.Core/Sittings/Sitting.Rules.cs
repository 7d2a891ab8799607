using Session.Core.Journal;
using Session.Core.Voting;

namespace Session.Core.Sittings;

/// <summary>The rules: a command and the time in, a <see cref="Decision"/> out. Nothing here changes the state.</summary>
public sealed partial class Sitting
{
    public const int MinVoteSeconds = 5;
    public const int MaxVoteSeconds = 3600;

    public Decision Decide(SittingCommand command, DateTimeOffset now)
    {
        if (AnswerOf(command.CommandId) is { } seq) return Decision.Duplicate(seq);
        if (Opening is null) return Rejection.SittingNotOpen;
        if (IsClosed) return Rejection.SittingClosed;
        var decision = command switch
        {
            OpenRegistration => DecideOpenRegistration(),
            CloseRegistration => RegistrationOpen ? Decision.Of(new RegistrationClosed(_registered.Count)) : Rejection.RegistrationNotOpen,
            Identify i => DecideIdentify(i),
            Leave l => _deputyAtSeat.TryGetValue(l.Seat, out var who)
                ? Decision.Of(new DeputyLeft(l.Seat, who, l.CommandId))
                : Roster.HasSeat(l.Seat) ? Rejection.SeatNotIdentified : Rejection.UnknownSeat,
            AddAgendaItem a => DecideAddItem(a),
            ReorderAgenda r => r.Order.Count == _agenda.Count && r.Order.Distinct().Count() == _agenda.Count && r.Order.All(id => _agenda.Any(i => i.Id == id))
                ? Decision.Of(new AgendaReordered(r.Order.ToArray()))
                : Rejection.BadOrder,
            StartAgendaItem s => _agenda.Any(i => i.Id == s.ItemId)
                ? (CurrentVote is not null ? Rejection.VoteAlreadyOpen : Decision.Of(new AgendaItemStarted(s.ItemId)))
                : Rejection.UnknownItem,
            OpenVote o => DecideOpenVote(o, now),
            RunSelfTest t => DecideSelfTest(t, now),
            Cast c => DecideCast(c, now),
            EnterProxyVote p => DecideProxy(p, now),
            DeclareConflict d => DecideConflict(d.DeputyId, d.ItemId, d.Statement, d.CommandId),
            DeclareConflictAtSeat d => !Roster.HasSeat(d.Seat) ? Rejection.UnknownSeat
                : _deputyAtSeat.TryGetValue(d.Seat, out var declarer) ? DecideConflict(declarer, d.ItemId, d.Statement, d.CommandId)
                : Rejection.SeatNotIdentified,
            CloseVote c => DecideClose(c),
            CancelVote x => DecideCancel(x),
            RequestFloor r => DecideRequestFloor(r),
            WithdrawFloor w => DecideWithdrawFloor(w),
            GrantFloor g => DecideGrantFloor(g, now),
            EndFloor e => Speaker is { } sp ? Decision.Of(new FloorEnded(sp.DeputyId, e.Reason)) : Rejection.NobodySpeaking,
            StartRecess r => DecideRecess(r),
            Resume => Recess is null ? Rejection.NotInRecess : Decision.Of(new SittingResumed()),
            CloseSitting => CurrentVote is not null ? Rejection.VoteAlreadyOpen : Decision.Of(new SittingClosed()),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name),
        };
        return command.CommandId is { } id && decision is { Accepted: true, DuplicateOf: null } ? Stamped(decision, id) : decision;
    }

    /// <summary>
    /// A secretary's command leaves its id on its own event — the last of the decision that can carry one (OpenVote may
    /// close the registration first; StartRecess may cancel a vote and end a speech first) — so a repeat finds it.
    /// A terminal's command already carries its id in its event (VoteCast, DeputyIdentified, …).
    /// </summary>
    private static Decision Stamped(Decision decision, string id)
    {
        if (decision.Events.Any(e => e is not IChairEvent && CarriedId(e) == id)) return decision;
        var events = decision.Events.ToArray();
        for (var i = events.Length - 1; i >= 0; i--)
        {
            if (events[i] is not IChairEvent { CommandId: null } e) continue;
            events[i] = e switch
            {
                RegistrationOpened x => x with { CommandId = id },
                RegistrationClosed x => x with { CommandId = id },
                AgendaItemAdded x => x with { CommandId = id },
                AgendaReordered x => x with { CommandId = id },
                AgendaItemStarted x => x with { CommandId = id },
                VoteOpened x => x with { CommandId = id },
                VoteClosed x => x with { CommandId = id },
                VoteCancelled x => x with { CommandId = id },
                FloorGranted x => x with { CommandId = id },
                FloorEnded x => x with { CommandId = id },
                RecessStarted x => x with { CommandId = id },
                SittingResumed x => x with { CommandId = id },
                SittingClosed x => x with { CommandId = id },
                _ => throw new InvalidOperationException($"{e.GetType().Name} is an IChairEvent without a stamp"),
            };
            return decision with { Events = events };
        }
        return decision;
    }

    private static string? CarriedId(SittingEvent e) => e switch
    {
        DeputyIdentified x => x.CommandId, DeputyLeft x => x.CommandId, VoteCast x => x.CommandId, SecretBallotCast x => x.CommandId,
        ProxyVoteEntered x => x.CommandId, ConflictDeclared x => x.CommandId, FloorRequested x => x.CommandId, FloorWithdrawn x => x.CommandId,
        _ => null,
    };

    private Decision DecideOpenRegistration()
    {
        if (RegistrationOpen) return Rejection.RegistrationOpen;
        if (CurrentVote is not null) return Rejection.VoteAlreadyOpen;
        if (Recess is not null) return Rejection.InRecess;
        // A repeated registration counts again; whoever is identified at a seat is present at once.
        var events = new List<SittingEvent> { new RegistrationOpened() };
        foreach (var (seat, deputy) in _deputyAtSeat.OrderBy(p => p.Key))
            events.Add(new DeputyRegistered(deputy, seat));
        return Decision.Of(events);
    }

    private Decision DecideIdentify(Identify i)
    {
        if (Roster.SeatAt(i.Seat) is not { } seat) return Rejection.UnknownSeat;
        if (Roster.Deputy(i.DeputyId) is null) return Rejection.UnknownDeputy;
        // A remote place is the deputy's own, taken only with the proof the host checked (passkey + PIN).
        if (seat.Remote && (string.IsNullOrEmpty(i.Proof) || Roster.RemoteSeatOf(i.DeputyId)?.Number != i.Seat)) return Rejection.RemoteNeedsPasskey;
        var proof = seat.Remote ? i.Proof : null;
        if (_seatOfDeputy.TryGetValue(i.DeputyId, out var elsewhere))
        {
            if (elsewhere == i.Seat) return Decision.Of(new DeputyIdentified(i.Seat, i.DeputyId, i.Method, i.CommandId, proof));
            return Rejection.CardInUse.With($"місце {elsewhere}", $"seat {elsewhere}");
        }
        var events = new List<SittingEvent>();
        if (_deputyAtSeat.TryGetValue(i.Seat, out var previous))
            events.Add(new DeputyLeft(i.Seat, previous, null));
        events.Add(new DeputyIdentified(i.Seat, i.DeputyId, i.Method, i.CommandId, proof));
        if (RegistrationOpen && !_registered.Contains(i.DeputyId))
            events.Add(new DeputyRegistered(i.DeputyId, i.Seat));
        return Decision.Of(events);
    }

    private Decision DecideAddItem(AddAgendaItem a)
    {
        if (string.IsNullOrWhiteSpace(a.Title)) return Rejection.TextRequired;
        if (a.Urgent && string.IsNullOrWhiteSpace(a.Reason)) return Rejection.ReasonRequired;
        if (_agenda.Any(i => i.Id == a.ItemId)) return Rejection.UnknownItem.With("ідентифікатор уже є", "the id exists");
        return Decision.Of(new AgendaItemAdded(a.ItemId, a.Title.Trim(), a.DraftText, a.ProjectNumber, a.Urgent, a.Reason, a.Author, a.Documents is { Count: > 0 } d ? d : null));
    }

    private Decision DecideOpenVote(OpenVote o, DateTimeOffset now)
    {
        if (Recess is not null) return Rejection.InRecess;
        if (CurrentVote is not null) return Rejection.VoteAlreadyOpen;
        if (string.IsNullOrWhiteSpace(o.Motion)) return Rejection.TextRequired;
        var rule = VoteRule.ByCode(o.RuleCode);
        if (rule is null) return Rejection.UnknownRule;
        if (!Enum.IsDefined(o.Kind) || !Enum.IsDefined(o.Mode)) return Rejection.BadChoice;
        if (o.DurationSeconds is < MinVoteSeconds or > MaxVoteSeconds) return Rejection.BadDuration;
        if (_voteById.ContainsKey(o.VoteId)) return Rejection.UnknownVote.With("ідентифікатор уже є", "the id exists");
        if (o.RevoteOf is not null && !_voteById.ContainsKey(o.RevoteOf)) return Rejection.UnknownVote;
        var itemId = o.ItemId ?? CurrentItemId;
        if (itemId is not null && _agenda.All(i => i.Id != itemId)) return Rejection.UnknownItem;
        if (!HasQuorum) return Rejection.NoQuorum;

        var events = new List<SittingEvent>();
        if (RegistrationOpen) events.Add(new RegistrationClosed(_registered.Count));
        events.Add(new VoteOpened(o.VoteId, itemId, o.Motion.Trim(), o.Kind, rule.Code, o.Mode,
            Composition, HeadPresent, _registered.Count,
            rule.ThresholdBeforeOpening(Composition, _registered.Count),
            o.DurationSeconds, now.AddSeconds(o.DurationSeconds), o.RevoteOf,
            Opening!.FirstPressFinal || o.Mode == VoteMode.Secret));
        return Decision.Of(events);
    }

    private Decision DecideSelfTest(RunSelfTest t, DateTimeOffset now)
    {
        if (Recess is not null) return Rejection.InRecess;
        if (CurrentVote is not null) return Rejection.VoteAlreadyOpen;
        if (_votes.Any(v => !v.IsTest)) return Rejection.SelfTestAfterVotes;
        if (t.DurationSeconds is < MinVoteSeconds or > MaxVoteSeconds) return Rejection.BadDuration;
        if (_voteById.ContainsKey(t.VoteId)) return Rejection.UnknownVote.With("ідентифікатор уже є", "the id exists");
        if (!IsSha256Hex(t.SoftwareHash)) return Rejection.BadSelfTest;
        var seats = t.SeatsAnswering.Concat(t.SeatsSilent).ToList();
        // The hall's seats: remote places are checked by their deputies' passkeys, not by the self-test.
        var hallSeats = Roster.Seats.Count(s => !s.Remote);
        if (seats.Count != hallSeats || seats.Distinct().Count() != seats.Count || !seats.All(n => Roster.SeatAt(n) is { Remote: false }))
            return Rejection.BadSelfTest.With("кожне місце залу рівно один раз", "every seat of the hall exactly once");
        var rule = VoteRule.MajorityOfCast;
        return Decision.Of(
            new SelfTestRan(t.VoteId, Council.RosterChecksum.Of(Roster, t.Cards), t.SoftwareHash, t.SeatsAnswering.Order().ToArray(), t.SeatsSilent.Order().ToArray()),
            new VoteOpened(t.VoteId, null, "Тестове голосування (самоперевірка перед засіданням)", VoteKind.Procedural, rule.Code, VoteMode.Named,
                Composition, HeadPresent, _registered.Count, null, t.DurationSeconds, now.AddSeconds(t.DurationSeconds), null,
                FirstPressFinal: false, Test: true));
    }

    private static bool IsSha256Hex(string s) => s.Length == 64 && s.All(char.IsAsciiHexDigitLower);

    /// <summary>Finds the vote a cast or proxy entry names and checks it is open at <paramref name="now"/>.</summary>
    private Rejection? CheckOpen(string voteId, DateTimeOffset now, out VoteState vote)
    {
        vote = null!;
        if (!_voteById.TryGetValue(voteId, out var v)) return CurrentVote is null ? Rejection.NoVoteOpen : Rejection.UnknownVote;
        vote = v;
        if (v.Status != VoteStatus.Open) return Rejection.VoteClosed;
        // The timer may not have run yet; a press after the closing time does not count.
        if (now >= v.Opened.ClosesAt) return Rejection.VoteClosed;
        return null;
    }

    private Decision DecideCast(Cast c, DateTimeOffset now)
    {
        if (!Roster.HasSeat(c.Seat)) return Rejection.UnknownSeat;
        if (!Enum.IsDefined(c.Choice)) return Rejection.BadChoice;
        if (CheckOpen(c.VoteId, now, out var vote) is { } closed) return closed;
        if (!_deputyAtSeat.TryGetValue(c.Seat, out var deputy)) return Rejection.SeatNotIdentified;
        // The test vote checks the keys, not the deputy's right to vote: whoever is identified at a seat may press.
        if (!vote.IsTest && CheckVoter(vote, deputy) is { } bad) return bad;
        var commandId = c.CommandId ?? throw new ArgumentException("a cast needs a command id", nameof(c));
        if (vote.Opened.Mode == VoteMode.Secret)
            return Decision.Of(new SecretBallotCast(vote.Id, c.Choice, commandId)) with { SecretVoter = deputy };
        return Decision.Of(new VoteCast(vote.Id, deputy, c.Seat, c.Choice, commandId, _proofAtSeat.GetValueOrDefault(c.Seat)));
    }

    private Rejection? CheckVoter(VoteState vote, string deputy)
    {
        if (!_registered.Contains(deputy)) return Rejection.NotRegistered;
        if (ConflictOf(deputy, vote.Opened.ItemId) is { MayVote: false }) return Rejection.ConflictOfInterest;
        if (vote.Opened.FirstPressFinal && (vote.Ballots.ContainsKey(deputy) || vote.SecretVoters.Contains(deputy))) return Rejection.AlreadyCast;
        return null;
    }

    private Decision DecideProxy(EnterProxyVote p, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(p.Reason)) return Rejection.ReasonRequired;
        if (!Enum.IsDefined(p.Choice)) return Rejection.BadChoice;
        if (Roster.Deputy(p.DeputyId) is null) return Rejection.UnknownDeputy;
        if (CheckOpen(p.VoteId, now, out var vote) is { } closed) return closed;
        if (vote.Opened.Mode == VoteMode.Secret) return Rejection.SecretNoProxy;
        if (vote.IsTest) return Rejection.TestVoteNoProxy;
        if (CheckVoter(vote, p.DeputyId) is { } bad) return bad;
        return Decision.Of(new ProxyVoteEntered(vote.Id, p.DeputyId, p.Choice, p.Reason.Trim(), p.CommandId));
    }

    private Decision DecideConflict(string deputyId, string? itemId, string statement, string? commandId)
    {
        if (Roster.Deputy(deputyId) is null) return Rejection.UnknownDeputy;
        itemId ??= CurrentItemId;
        if (itemId is null) return Rejection.NoAgendaItem;
        if (_agenda.All(i => i.Id != itemId)) return Rejection.UnknownItem;
        if (ConflictOf(deputyId, itemId) is not null) return Rejection.AlreadyDeclared;
        if (CurrentVote is { } open && open.Opened.ItemId == itemId && open.Ballots.ContainsKey(deputyId)) return Rejection.CastBeforeDeclaring;
        // art. 59-1 exception: if staying out would leave no quorum, the deputy may vote after declaring.
        int outOfVote = _registered.Count(d => d != deputyId && ConflictOf(d, itemId) is { MayVote: false }) + (_registered.Contains(deputyId) ? 1 : 0);
        bool mayVote = _registered.Count - outOfVote < QuorumNeeded && _registered.Contains(deputyId);
        var text = string.IsNullOrWhiteSpace(statement) ? "Заявляю про конфлікт інтересів" : statement.Trim();
        return Decision.Of(new ConflictDeclared(deputyId, itemId, text, mayVote, commandId));
    }

    private Decision DecideClose(CloseVote c)
    {
        if (!_voteById.TryGetValue(c.VoteId, out var vote)) return Rejection.UnknownVote;
        if (vote.Status != VoteStatus.Open) return Rejection.VoteClosed;
        var tally = TallyOf(vote);
        // A test vote decides nothing: no threshold, never passed.
        if (vote.IsTest) return Decision.Of(new VoteClosed(vote.Id, c.ClosedBy, tally, 0, false, null));
        int basis = vote.Rule.BasisOf(vote.Opened.Composition, vote.Opened.Registered, tally.Cast);
        int threshold = vote.Opened.Threshold ?? vote.Rule.ThresholdOf(basis);
        var turnout = vote.Opened.Mode == VoteMode.Secret ? vote.SecretVoters.Order(StringComparer.Ordinal).ToArray() : null;
        return Decision.Of(new VoteClosed(vote.Id, c.ClosedBy, tally, threshold, tally.Yes >= threshold, turnout));
    }

    private Decision DecideCancel(CancelVote x)
    {
        if (string.IsNullOrWhiteSpace(x.Reason)) return Rejection.ReasonRequired;
        if (!_voteById.TryGetValue(x.VoteId, out var vote)) return Rejection.UnknownVote;
        if (vote.Status == VoteStatus.Cancelled) return Rejection.AlreadyCancelled;
        return Decision.Of(new VoteCancelled(vote.Id, x.Reason.Trim()));
    }

    private Decision DecideRequestFloor(RequestFloor r)
    {
        if (!Roster.HasSeat(r.Seat)) return Rejection.UnknownSeat;
        if (!_deputyAtSeat.TryGetValue(r.Seat, out var deputy)) return Rejection.SeatNotIdentified;
        if (_floorQueue.Any(q => q.DeputyId == deputy)) return Rejection.AlreadyInQueue;
        return Decision.Of(new FloorRequested(deputy, r.Seat, r.CommandId));
    }

    private Decision DecideWithdrawFloor(WithdrawFloor w)
    {
        if (!Roster.HasSeat(w.Seat)) return Rejection.UnknownSeat;
        if (!_deputyAtSeat.TryGetValue(w.Seat, out var deputy)) return Rejection.SeatNotIdentified;
        if (_floorQueue.All(q => q.DeputyId != deputy)) return Rejection.NotInQueue;
        return Decision.Of(new FloorWithdrawn(deputy, w.CommandId));
    }

    private Decision DecideGrantFloor(GrantFloor g, DateTimeOffset now)
    {
        if (Roster.Deputy(g.DeputyId) is null) return Rejection.UnknownDeputy;
        if (Recess is not null) return Rejection.InRecess;
        if (!Enum.IsDefined(g.SpeechType)) return Rejection.BadChoice;
        int seconds = g.Seconds ?? g.SpeechType.DefaultSeconds();
        if (seconds is < 10 or > 3600) return Rejection.BadDuration;
        var events = new List<SittingEvent>();
        if (Speaker is { } current) events.Add(new FloorEnded(current.DeputyId, "replaced"));
        events.Add(new FloorGranted(g.DeputyId, g.SpeechType, seconds, now.AddSeconds(seconds)));
        return Decision.Of(events);
    }

    private Decision DecideRecess(StartRecess r)
    {
        if (Recess is not null) return Rejection.InRecess;
        if (string.IsNullOrWhiteSpace(r.Reason)) return Rejection.ReasonRequired;
        var events = new List<SittingEvent>();
        // An air-raid alert cannot wait for a vote to finish: the vote is cancelled, to be re-held after the recess.
        if (CurrentVote is { } open) events.Add(new VoteCancelled(open.Id, "Перерва: " + r.Reason.Trim()));
        if (Speaker is { } sp) events.Add(new FloorEnded(sp.DeputyId, "recess"));
        events.Add(new RecessStarted(string.IsNullOrWhiteSpace(r.Kind) ? "other" : r.Kind, r.Reason.Trim()));
        return Decision.Of(events);
    }

    /// <summary>Events that open a sitting; the host journals them as the first entry.</summary>
    public static Decision Open(SittingOpened opening) => Decision.Of(opening);
}
