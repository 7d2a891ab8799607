using Session.Core.Council;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Voting;

namespace Session.Core.Wire;

/// <summary>Projects a <see cref="Sitting"/> onto the wire views. Pure: the same state gives the same view.</summary>
public static class Views
{
    public static string Wire(this Choice c) => c switch { Choice.Yes => "yes", Choice.No => "no", Choice.Abstain => "abstain", _ => "?" };

    public static Choice? ParseChoice(string? s) => s switch { "yes" => Choice.Yes, "no" => Choice.No, "abstain" => Choice.Abstain, _ => null };

    public static string Wire(this RollCallResult r) => r switch
    {
        RollCallResult.Yes => "yes",
        RollCallResult.No => "no",
        RollCallResult.Abstain => "abstain",
        RollCallResult.NotVoting => "not-voting",
        RollCallResult.Absent => "absent",
        RollCallResult.Conflict => "conflict",
        _ => "?",
    };

    public static string Kebab<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((ch, i) => char.IsUpper(ch) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(ch) : ch.ToString()));

    /// <summary>Reads a kebab-case wire name ("as-a-whole") back into its enum, or null.</summary>
    public static T? ParseKebab<T>(string? text) where T : struct, Enum =>
        text is null ? null : Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => Kebab(v!.Value) == text);

    public static TallyView View(this Tally t) => new(t.Yes, t.No, t.Abstain, t.NotVoting, t.Absent, t.Conflict);

    public static SittingView Public(Sitting s)
    {
        var o = s.Opening ?? throw new InvalidOperationException("the sitting is not opened");
        var names = s.Roster.Deputies.ToDictionary(d => d.Id);
        var status = s.IsClosed ? "closed" : s.Recess is not null ? "recess" : "open";
        return new SittingView(
            s.SittingId, s.Roster.Body.Name, s.Roster.Body.Convocation, o.SessionNumber, o.SessionTitle, o.SittingNumber,
            o.Date.ToString("yyyy-MM-dd"), o.Place, status,
            s.Recess is { } r ? new RecessView(r.Kind, r.Reason, r.Since) : null,
            s.RegistrationOpen, s.Registered.Count, s.Composition, s.QuorumNeeded, s.HasQuorum, s.HeadPresent,
            s.Agenda.Select((i, n) => new AgendaItemView(i.Id, n + 1, i.Title, i.DraftText, i.ProjectNumber, i.Urgent, i.Reason)).ToArray(),
            s.CurrentItemId,
            s.CurrentVote is { } v ? Vote(s, v) : null,
            s.Votes.Select(x => Vote(s, x)).ToArray(),
            s.Speaker is { } sp ? new SpeakerView(sp.DeputyId, names[sp.DeputyId].FullName, Kebab(sp.SpeechType), sp.SpeechType.Ukrainian(), sp.Seconds, sp.Until) : null,
            s.FloorQueue.Select(q => new FloorRequestView(q.DeputyId, names[q.DeputyId].FullName, q.Seat, q.At)).ToArray(),
            s.Conflicts.Select(c => new ConflictView(c.DeputyId, names[c.DeputyId].FullName, c.ItemId, c.Statement, c.MayVote)).ToArray(),
            s.Roster.Factions.Select(f => new FactionView(f.Id, f.Name)).ToArray(),
            s.Roster.Deputies.Select(d => new DeputyView(d.Id, d.FullName, d.FactionId, d.IsHead, s.Registered.Contains(d.Id), s.SeatOf(d.Id),
                s.SeatOf(d.Id) is { } seat && RemoteSeats.IsRemote(seat))).ToArray(),
            s.LastSeq, s.LastHash, o.Mode ?? SittingModes.Hall);
    }

    public static VoteView Vote(Sitting s, VoteState v)
    {
        var o = v.Opened;
        var tally = s.TallyOf(v);
        RollCallView[]? rollCall = null;
        if (o.Mode == VoteMode.Named && v.WasClosed)
        {
            var names = s.Roster.Deputies.ToDictionary(d => d.Id);
            rollCall = s.RollCallOf(v).Select(l => new RollCallView(l.DeputyId, names[l.DeputyId].FullName, names[l.DeputyId].FactionId,
                l.Result.Wire(), l.Result.Ukrainian(), l.Proxy, l.ProxyReason, l.ConflictDeclared, l.Remote)).ToArray();
        }
        var closed = v.Closed;
        string? resultUk = closed is null ? null : v.IsTest ? "Тестове голосування: рішення не приймається" : closed.Passed ? "Прийнято" : "Не прийнято";
        return new VoteView(v.Id, s.NumberOf(v), o.ItemId, o.Motion, Kebab(o.Kind), o.Kind.Ukrainian(),
            v.Rule.Code, v.Rule.TitleUk, v.Rule.TitleEn, Kebab(o.Mode), closed?.Threshold ?? o.Threshold,
            o.Composition, o.Registered, v.OpenedAt, o.ClosesAt, v.ClosedAt,
            Kebab(v.Status), o.RevoteOf, tally.View(), v.IsTest ? null : closed?.Passed, resultUk, closed?.ClosedBy, v.CancelReason, rollCall, v.IsTest);
    }

    public static SeatView Seat(Sitting s, int seat, bool online)
    {
        var label = s.Roster.SeatAt(seat)?.Label ?? seat.ToString();
        s.DeputyAtSeat.TryGetValue(seat, out var deputyId);
        var deputy = deputyId is null ? null : s.Roster.Deputy(deputyId);
        var vote = s.CurrentVote;
        bool registered = deputyId is not null && s.Registered.Contains(deputyId);
        bool conflict = deputyId is not null && s.ConflictOf(deputyId, vote?.Opened.ItemId ?? s.CurrentItemId) is { MayVote: false };
        Ballot? ballot = null;
        if (vote is not null && deputyId is not null) vote.Ballots.TryGetValue(deputyId, out ballot);
        bool secretVoted = vote is not null && deputyId is not null && vote.Opened.Mode == VoteMode.Secret && s.HasSecretVote(vote, deputyId);
        bool queued = deputyId is not null && s.FloorQueue.Any(q => q.DeputyId == deputyId);
        bool speaking = deputyId is not null && s.Speaker?.DeputyId == deputyId;
        int lamps = 0;
        if (vote is not null) lamps |= 1;
        if (ballot?.Choice == Choice.Yes) lamps |= 1 << 1;
        if (ballot?.Choice == Choice.No) lamps |= 1 << 2;
        if (ballot?.Choice == Choice.Abstain) lamps |= 1 << 3;
        if (speaking) lamps |= 1 << 4;
        if (registered) lamps |= 1 << 5;
        if (queued) lamps |= 1 << 6;
        return new SeatView(seat, label, deputyId, deputy?.FullName, deputy?.FactionId, registered, online, conflict,
            secretVoted ? "secret" : ballot?.Choice.Wire(), ballot?.Proxy ?? false, queued, speaking, vote is not null, lamps, RemoteSeats.IsRemote(seat));
    }
}
