using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Voting;
using Session.Core.Wire;
using Session.HallServer.Auth;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;

namespace Session.HallServer.Hubs;

/// <summary>/hubs/chair: the secretary's console. Only a logged-in secretary connects; every write goes through the grain.</summary>
[Authorize(AuthenticationSchemes = TokenAuthentication.SchemeName, Roles = TokenAuthentication.SecretaryRole)]
public sealed class ChairHub(CurrentSitting current, HallDirectory directory, StreamHealthRelay streamHealth, ILogger<ChairHub> log) : Hub
{
    public override async Task OnConnectedAsync()
    {
        if (await current.IdAsync() is { } id)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, SittingFanout.SittingGroup(id));
            var grain = current.Grain(id);
            if (await grain.View() is { } view) await Clients.Caller.SendAsync(HubNames.Sitting, SittingFanout.ForPush(view));
            await Clients.Caller.SendAsync(HubNames.Seats, await grain.Seats());
        }
        if (streamHealth.Latest is { } health) await Clients.Caller.SendAsync(HubNames.StreamHealth, health);
        await base.OnConnectedAsync();
    }

    public Task<CommandAck> OpenRegistration() => Run(new Session.Core.Sittings.OpenRegistration());

    public Task<CommandAck> CloseRegistration() => Run(new Session.Core.Sittings.CloseRegistration());

    public Task<CommandAck> AddAgendaItem(AgendaItemRequest? r) => r is null || r.Title is null ? Bad() :
        Run(new Session.Core.Sittings.AddAgendaItem(NewId("i"), r.Title, r.DraftText, r.ProjectNumber, r.Urgent, r.Reason));

    public Task<CommandAck> ReorderAgenda(ReorderRequest? r) => r?.Order is null ? Bad() : Run(new Session.Core.Sittings.ReorderAgenda(r.Order));

    public Task<CommandAck> StartAgendaItem(ItemRequest? r) => r is null || HubErrors.BadId(r.ItemId) ? Bad() : Run(new Session.Core.Sittings.StartAgendaItem(r.ItemId));

    public Task<CommandAck> OpenVote(OpenVoteRequest? r)
    {
        if (r is null || r.Motion is null) return Bad();
        var kind = Views.ParseKebab<VoteKind>(r.Kind);
        var mode = Views.ParseKebab<VoteMode>(r.Mode);
        if (kind is null || mode is null) return Task.FromResult(CommandAck.Refused(null, Rejection.BadChoice.With("вид або режим голосування", "vote kind or mode")));
        return Run(new Session.Core.Sittings.OpenVote(NewId("v"), r.Motion, kind.Value, r.Rule ?? "", mode.Value, r.DurationSeconds, r.ItemId, r.RevoteOf));
    }

    public Task<CommandAck> CloseVote(VoteRequest? r) => r is null || HubErrors.BadId(r.VoteId) ? Bad() : Run(new Session.Core.Sittings.CloseVote(r.VoteId, "chair"));

    public Task<CommandAck> CancelVote(CancelVoteRequest? r) => r is null || HubErrors.BadId(r.VoteId) ? Bad() : Run(new Session.Core.Sittings.CancelVote(r.VoteId, r.Reason ?? ""));

    public Task<CommandAck> EnterProxyVote(ProxyVoteRequest? r)
    {
        if (r is null || HubErrors.BadId(r.VoteId) || HubErrors.BadId(r.DeputyId)) return Bad();
        if (Views.ParseChoice(r.Choice) is not { } choice) return Task.FromResult(CommandAck.Refused(null, Rejection.BadChoice));
        return Run(new Session.Core.Sittings.EnterProxyVote(r.VoteId, r.DeputyId, choice, r.Reason ?? ""));
    }

    public Task<CommandAck> DeclareConflict(ChairConflictRequest? r) => r is null || HubErrors.BadId(r.DeputyId) ? Bad() :
        Run(new Session.Core.Sittings.DeclareConflict(r.DeputyId, r.ItemId, r.Statement ?? ""));

    public Task<CommandAck> GrantFloor(GrantFloorRequest? r)
    {
        if (r is null || HubErrors.BadId(r.DeputyId)) return Bad();
        if (Views.ParseKebab<SpeechType>(r.SpeechType) is not { } type) return Task.FromResult(CommandAck.Refused(null, Rejection.BadChoice.With("вид виступу", "speech type")));
        return Run(new Session.Core.Sittings.GrantFloor(r.DeputyId, type, r.Seconds));
    }

    public Task<CommandAck> EndFloor() => Run(new Session.Core.Sittings.EndFloor("revoked"));

    public Task<CommandAck> StartRecess(RecessRequest? r) => r is null ? Bad() : Run(new Session.Core.Sittings.StartRecess(r.Kind ?? "other", r.Reason ?? ""));

    public Task<CommandAck> Resume() => Run(new Session.Core.Sittings.Resume());

    public Task<CommandAck> CloseSitting() => Run(new Session.Core.Sittings.CloseSitting());

    public async Task<SeatView[]> Seats() => await current.GrainAsync() is { } g ? await g.Seats() : [];

    public async Task<IssuedTerminal> IssueTerminalKey(IssueTerminalRequest? r)
    {
        if (r is null || !TerminalKinds.Valid(r.Kind)) throw new HubException("bad-kind: kind must be tablet, gateway or broadcast");
        if (r.Kind == TerminalKinds.Tablet && (r.Seats is null || r.Seats.Length != 1)) throw new HubException("bad-request: a tablet serves exactly one seat");
        var (t, key) = await directory.IssueTerminalAsync(r.Kind, r.Seats ?? [], r.Label ?? "");
        log.LogInformation("Secretary {User} issued terminal {TerminalId} ({Kind}) for seats {Seats}", Context.UserIdentifier, t.Id, t.Kind, t.Seats);
        return new IssuedTerminal(t.Id, key, t.Kind, t.Seats);
    }

    public async Task<CommandAck> RevokeTerminalKey(TerminalRequest? r)
    {
        if (r is null || HubErrors.BadId(r.TerminalId)) return CommandAck.Refused(null, HubErrors.BadRequest);
        return await directory.RevokeTerminalAsync(r.TerminalId)
            ? new CommandAck(null, true, null, null, null, null)
            : CommandAck.Refused(null, HubErrors.BadKey);
    }

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    private static Task<CommandAck> Bad() => Task.FromResult(CommandAck.Refused(null, HubErrors.BadRequest));

    private async Task<CommandAck> Run(SittingCommand command)
    {
        if (await current.GrainAsync() is not { } grain) return CommandAck.Refused(null, HubErrors.NoSitting);
        var answer = await grain.Execute(command);
        if (answer.Accepted) log.LogInformation("Secretary {User}: {Command} accepted as event {Seq}", Context.User?.Identity?.Name, command.GetType().Name, answer.JournalSeq);
        var ack = answer.ToAck(command.CommandId);
        // The secretary's console needs the id of what it just made.
        return !ack.Accepted ? ack : command switch
        {
            Session.Core.Sittings.OpenVote o => ack with { Id = o.VoteId },
            Session.Core.Sittings.AddAgendaItem a => ack with { Id = a.ItemId },
            _ => ack,
        };
    }
}
