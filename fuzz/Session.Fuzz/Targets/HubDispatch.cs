using Microsoft.AspNetCore.SignalR;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Voting;
using Session.Core.Wire;
using Session.HallServer.Auth;
using Session.HallServer.Hubs;
using Session.HallServer.Storage;

namespace Session.Fuzz.Targets;

/// <summary>
/// Hands bound hub arguments on as the hubs do (TerminalHub, ChairHub, PublicHub): the same edge checks
/// (<see cref="HubErrors.BadId"/>, <see cref="Views.ParseChoice"/>, <see cref="Views.ParseKebab{T}"/>,
/// <see cref="TerminalKinds.Valid"/>), then the same core command into the sitting's rules — without a grain, a
/// database or a connection, so every argument a client can send reaches the rules. A refusal must be a
/// <see cref="Rejection"/> with both languages; an accepted command's events must fold. Pairing (which seats a terminal
/// serves) is taken as granted: the fuzzer plays a tablet that serves every seat.
/// </summary>
public static class HubDispatch
{
    public static void Run(Type hub, string method, object?[] args, SittingFixture sitting, StreamHealthRelay relay)
    {
        object? Arg(int i) => i < args.Length ? args[i] : null;
        var outcome = hub == typeof(TerminalHub) ? Terminal(method, Arg(0), sitting, relay)
            : hub == typeof(ChairHub) ? Chair(method, Arg(0), sitting)
            : Public(method, Arg(0));
        if (outcome is { } refused && (refused.Code.Length == 0 || refused.Uk.Length == 0 || refused.En.Length == 0))
            throw new FuzzInvariantException($"{method} refused without a code and both languages: {refused}");
    }

    private static Rejection? Terminal(string method, object? arg, SittingFixture s, StreamHealthRelay relay)
    {
        switch (method)
        {
            case nameof(TerminalHub.Hello):
                var hello = (HelloRequest?)arg;
                if (hello is null || string.IsNullOrWhiteSpace(hello.TerminalKey)) return HubErrors.BadRequest;
                _ = Secrets.Mask(hello.TerminalKey);
                return null;
            case nameof(TerminalHub.Identify):
                var id = (IdentifyRequest?)arg;
                if (id is null || HubErrors.BadId(id.CommandId) || (string.IsNullOrWhiteSpace(id.Card) && string.IsNullOrWhiteSpace(id.Pin))) return HubErrors.BadRequest;
                if (!string.IsNullOrWhiteSpace(id.Card)) _ = HallDirectory.NormalizeCard(id.Card);
                return Rule(s, new Identify(id.Seat, $"d{Math.Clamp(id.Seat, 1, 26)}", id.Card is null ? "pin" : "card") { CommandId = id.CommandId });
            case nameof(TerminalHub.Cast):
                var cast = (CastRequest?)arg;
                if (cast is null || HubErrors.BadId(cast.CommandId) || HubErrors.BadId(cast.VoteId)) return HubErrors.BadRequest;
                if (Views.ParseChoice(cast.Choice) is not { } choice) return Rejection.BadChoice;
                return Rule(s, new Cast(cast.Seat, cast.VoteId, choice) { CommandId = cast.CommandId });
            case nameof(TerminalHub.RequestFloor): return Seat((SeatRequest?)arg, s, seat => new RequestFloor(seat));
            case nameof(TerminalHub.WithdrawFloor): return Seat((SeatRequest?)arg, s, seat => new WithdrawFloor(seat));
            case nameof(TerminalHub.Leave): return Seat((SeatRequest?)arg, s, seat => new Leave(seat));
            case nameof(TerminalHub.DeclareConflict):
                var conflict = (ConflictRequest?)arg;
                if (conflict is null || HubErrors.BadId(conflict.CommandId)) return HubErrors.BadRequest;
                return Rule(s, new DeclareConflictAtSeat(conflict.Seat, conflict.ItemId, conflict.Statement ?? "") { CommandId = conflict.CommandId });
            case nameof(TerminalHub.ReportSeats):
                var report = (SeatHealthReport?)arg;
                if (report is null || report.Online is null || report.Offline is null) return HubErrors.BadRequest;
                if (report.LeaseSeconds is < SeatHealthReport.MinLeaseSeconds or > SeatHealthReport.MaxLeaseSeconds) return HubErrors.BadLease;
                _ = report.Online.Concat(report.Offline).Count(seat => s.Sitting.Roster.Seats.Any(x => x.Number == seat));
                return null;
            case nameof(TerminalHub.ReportStreamHealth):
                var health = (Dictionary<string, object?>?)arg;
                if (health is null || health.Count > 64) return HubErrors.BadRequest;
                relay.ReportAsync("c-1", health).GetAwaiter().GetResult();
                return null;
            default: throw new FuzzInvariantException($"TerminalHub.{method} bound but the harness does not dispatch it: add it to HubDispatch");
        }
    }

    private static Rejection? Seat(SeatRequest? r, SittingFixture s, Func<int, SittingCommand> make) =>
        r is null || HubErrors.BadId(r.CommandId) ? HubErrors.BadRequest : Rule(s, make(r.Seat) with { CommandId = r.CommandId });

    private static Rejection? Chair(string method, object? arg, SittingFixture s)
    {
        switch (method)
        {
            case nameof(ChairHub.OpenRegistration): return Rule(s, new OpenRegistration());
            case nameof(ChairHub.CloseRegistration): return Rule(s, new CloseRegistration());
            case nameof(ChairHub.AddAgendaItem):
                var item = (AgendaItemRequest?)arg;
                return item is null || item.Title is null ? HubErrors.BadRequest : Rule(s, new AddAgendaItem("i-new", item.Title, item.DraftText, item.ProjectNumber, item.Urgent, item.Reason));
            case nameof(ChairHub.ReorderAgenda):
                var order = (ReorderRequest?)arg;
                return order?.Order is null ? HubErrors.BadRequest : Rule(s, new ReorderAgenda(order.Order));
            case nameof(ChairHub.StartAgendaItem):
                var start = (ItemRequest?)arg;
                return start is null || HubErrors.BadId(start.ItemId) ? HubErrors.BadRequest : Rule(s, new StartAgendaItem(start.ItemId));
            case nameof(ChairHub.OpenVote):
                var open = (OpenVoteRequest?)arg;
                if (open is null || open.Motion is null) return HubErrors.BadRequest;
                var kind = Views.ParseKebab<VoteKind>(open.Kind);
                var mode = Views.ParseKebab<VoteMode>(open.Mode);
                if (kind is null || mode is null) return Rejection.BadChoice;
                return Rule(s, new OpenVote("v-new", open.Motion, kind.Value, open.Rule ?? "", mode.Value, open.DurationSeconds, open.ItemId, open.RevoteOf));
            case nameof(ChairHub.CloseVote):
                var close = (VoteRequest?)arg;
                return close is null || HubErrors.BadId(close.VoteId) ? HubErrors.BadRequest : Rule(s, new CloseVote(close.VoteId, "chair"));
            case nameof(ChairHub.CancelVote):
                var cancel = (CancelVoteRequest?)arg;
                return cancel is null || HubErrors.BadId(cancel.VoteId) ? HubErrors.BadRequest : Rule(s, new CancelVote(cancel.VoteId, cancel.Reason ?? ""));
            case nameof(ChairHub.EnterProxyVote):
                var proxy = (ProxyVoteRequest?)arg;
                if (proxy is null || HubErrors.BadId(proxy.VoteId) || HubErrors.BadId(proxy.DeputyId)) return HubErrors.BadRequest;
                if (Views.ParseChoice(proxy.Choice) is not { } choice) return Rejection.BadChoice;
                return Rule(s, new EnterProxyVote(proxy.VoteId, proxy.DeputyId, choice, proxy.Reason ?? ""));
            case nameof(ChairHub.DeclareConflict):
                var conflict = (ChairConflictRequest?)arg;
                return conflict is null || HubErrors.BadId(conflict.DeputyId) ? HubErrors.BadRequest : Rule(s, new DeclareConflict(conflict.DeputyId, conflict.ItemId, conflict.Statement ?? ""));
            case nameof(ChairHub.GrantFloor):
                var grant = (GrantFloorRequest?)arg;
                if (grant is null || HubErrors.BadId(grant.DeputyId)) return HubErrors.BadRequest;
                if (Views.ParseKebab<SpeechType>(grant.SpeechType) is not { } type) return Rejection.BadChoice;
                return Rule(s, new GrantFloor(grant.DeputyId, type, grant.Seconds));
            case nameof(ChairHub.EndFloor): return Rule(s, new EndFloor("revoked"));
            case nameof(ChairHub.StartRecess):
                var recess = (RecessRequest?)arg;
                return recess is null ? HubErrors.BadRequest : Rule(s, new StartRecess(recess.Kind ?? "other", recess.Reason ?? ""));
            case nameof(ChairHub.Resume): return Rule(s, new Resume());
            case nameof(ChairHub.CloseSitting): return Rule(s, new CloseSitting());
            case nameof(ChairHub.Seats):
                _ = s.Sitting.Roster.Seats.Select(x => Views.Seat(s.Sitting, x.Number, true)).ToList();
                return null;
            case nameof(ChairHub.IssueTerminalKey):
                var issue = (IssueTerminalRequest?)arg;
                if (issue is null || !TerminalKinds.Valid(issue.Kind)) return HubErrors.BadKind;
                if (issue.Kind == TerminalKinds.Tablet && (issue.Seats is null || issue.Seats.Length != 1)) return HubErrors.BadRequest;
                return null;
            case nameof(ChairHub.RevokeTerminalKey):
                var revoke = (TerminalRequest?)arg;
                return revoke is null || HubErrors.BadId(revoke.TerminalId) ? HubErrors.BadRequest : null;
            default: throw new FuzzInvariantException($"ChairHub.{method} bound but the harness does not dispatch it: add it to HubDispatch");
        }
    }

    private static Rejection? Public(string method, object? arg)
    {
        switch (method)
        {
            case nameof(PublicHub.Watch): return null;
            case nameof(PublicHub.WatchCouncil): return HubErrors.BadId((string?)arg) ? HubErrors.BadRequest : null;
            case nameof(PublicHub.Ping): return null;
            default: throw new FuzzInvariantException($"PublicHub.{method} bound but the harness does not dispatch it: add it to HubDispatch");
        }
    }

    /// <summary>The rules decide; an accepted command's events are folded in and the public view rebuilt, as the grain does before it broadcasts.</summary>
    private static Rejection? Rule(SittingFixture s, SittingCommand command)
    {
        var d = s.Run(command);
        if (d.Accepted)
        {
            _ = Views.Public(s.Sitting);
            if (s.Sitting.Vote(SittingFixture.VoteId) is { } vote) _ = Views.Vote(s.Sitting, vote);
        }
        return d.Rejection;
    }
}
