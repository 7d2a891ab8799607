using Microsoft.AspNetCore.SignalR;
using Session.Core.Sittings;
using Session.Core.Wire;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;

namespace Session.HallServer.Hubs;

/// <summary>
/// /hubs/terminal: deputies' tablets, seat gateways and the broadcast. A connection is paired by <c>Hello</c> with a
/// terminal key; after that it may act only for the seats its key serves. Each method: validate the caller, call
/// the grain, return its answer.
/// </summary>
public sealed class TerminalHub(
    HallDirectory directory,
    CurrentSitting current,
    SeatPresence presence,
    PinThrottle pins,
    StreamHealthRelay streamHealth,
    ILogger<TerminalHub> log) : Hub
{
    private const string TerminalItem = "terminal";
    private const string BusSeatsItem = "bus-seats";

    private Terminal? Paired => Context.Items.TryGetValue(TerminalItem, out var t) ? t as Terminal : null;

    public async Task<HelloReply> Hello(HelloRequest? request)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.TerminalKey))
            return new HelloReply(false, HubErrors.BadRequest.Code, HubErrors.BadRequest.Uk, null, null, [], null);
        var terminal = await directory.TerminalByKeyAsync(request.TerminalKey);
        if (terminal is null)
        {
            log.LogWarning("Hello with an unknown terminal key {Key}", Auth.Secrets.Mask(request.TerminalKey));
            return new HelloReply(false, HubErrors.BadKey.Code, HubErrors.BadKey.Uk, null, null, [], null);
        }
        if (Paired is { } old && old.Kind == TerminalKinds.Tablet) foreach (var s in old.Seats) presence.TabletDisconnected(s);
        Context.Items[TerminalItem] = terminal;
        var sittingId = await current.IdAsync();
        if (sittingId is not null) await Groups.AddToGroupAsync(Context.ConnectionId, SittingFanout.SittingGroup(sittingId));
        foreach (var seat in terminal.Seats) await Groups.AddToGroupAsync(Context.ConnectionId, SittingFanout.SeatGroup(seat));
        if (terminal.Kind == TerminalKinds.Tablet) foreach (var s in terminal.Seats) presence.TabletConnected(s);
        log.LogInformation("Terminal {TerminalId} ({Kind}) paired for seats {Seats}", terminal.Id, terminal.Kind, terminal.Seats);

        if (sittingId is not null)
        {
            var grain = current.Grain(sittingId);
            if (await grain.View() is { } view) await Clients.Caller.SendAsync(HubNames.Sitting, SittingFanout.ForPush(view));
            var seatNumbers = terminal.Seats.Length > 0 ? terminal.Seats : (await grain.Seats()).Select(s => s.Seat).ToArray();
            foreach (var seat in seatNumbers)
                if (await grain.Seat(seat) is { } sv) await Clients.Caller.SendAsync(HubNames.Seat, sv);
            if (terminal.Kind == TerminalKinds.Gateway && terminal.Seats.Length == 0)
                foreach (var seat in seatNumbers) await Groups.AddToGroupAsync(Context.ConnectionId, SittingFanout.SeatGroup(seat));
        }
        return new HelloReply(true, null, null, terminal.Id, terminal.Kind, terminal.Seats, sittingId);
    }

    public async Task<CommandAck> Identify(IdentifyRequest? r)
    {
        if (r is null || HubErrors.BadId(r.CommandId) || (string.IsNullOrWhiteSpace(r.Card) && string.IsNullOrWhiteSpace(r.Pin)))
            return CommandAck.Refused(r?.CommandId, HubErrors.BadRequest);
        if (Check(r.Seat) is { } refused) return CommandAck.Refused(r.CommandId, refused);
        var terminal = Paired!;
        string? deputy;
        string method;
        if (!string.IsNullOrWhiteSpace(r.Card))
        {
            deputy = await directory.DeputyByCardAsync(r.Card);
            method = "card";
        }
        else
        {
            if (pins.Blocked(terminal.Id)) return CommandAck.Refused(r.CommandId, HubErrors.TooManyAttempts);
            deputy = await directory.DeputyByPinAsync(r.Pin!);
            method = "pin";
            if (deputy is null) pins.Failed(terminal.Id); else pins.Succeeded(terminal.Id);
        }
        if (deputy is null) return CommandAck.Refused(r.CommandId, Rejection.UnknownDeputy);
        return await Run(r.CommandId, new Session.Core.Sittings.Identify(r.Seat, deputy, method) { CommandId = r.CommandId });
    }

    public async Task<CommandAck> Cast(CastRequest? r)
    {
        if (r is null || HubErrors.BadId(r.CommandId) || HubErrors.BadId(r.VoteId)) return CommandAck.Refused(r?.CommandId, HubErrors.BadRequest);
        if (Check(r.Seat) is { } refused) return CommandAck.Refused(r.CommandId, refused);
        if (Views.ParseChoice(r.Choice) is not { } choice) return CommandAck.Refused(r.CommandId, Rejection.BadChoice);
        return await Run(r.CommandId, new Session.Core.Sittings.Cast(r.Seat, r.VoteId, choice) { CommandId = r.CommandId });
    }

    public Task<CommandAck> RequestFloor(SeatRequest? r) => SeatCommand(r, seat => new Session.Core.Sittings.RequestFloor(seat));

    public Task<CommandAck> WithdrawFloor(SeatRequest? r) => SeatCommand(r, seat => new Session.Core.Sittings.WithdrawFloor(seat));

    public Task<CommandAck> Leave(SeatRequest? r) => SeatCommand(r, seat => new Session.Core.Sittings.Leave(seat));

    public async Task<CommandAck> DeclareConflict(ConflictRequest? r)
    {
        if (r is null || HubErrors.BadId(r.CommandId)) return CommandAck.Refused(r?.CommandId, HubErrors.BadRequest);
        if (Check(r.Seat) is { } refused) return CommandAck.Refused(r.CommandId, refused);
        return await Run(r.CommandId, new DeclareConflictAtSeat(r.Seat, r.ItemId, r.Statement ?? "") { CommandId = r.CommandId });
    }

    public async Task<CommandAck> ReportSeats(SeatHealthReport? r)
    {
        if (r is null || r.Online is null || r.Offline is null) return CommandAck.Refused(null, HubErrors.BadRequest);
        if (Paired is not { Kind: TerminalKinds.Gateway } gateway) return CommandAck.Refused(null, HubErrors.NotPaired);
        presence.BusReport(r.Online.Where(gateway.Serves), r.Offline.Where(gateway.Serves));
        var reported = Context.Items.TryGetValue(BusSeatsItem, out var known) ? (HashSet<int>)known! : new HashSet<int>();
        reported.UnionWith(r.Online.Where(gateway.Serves));
        Context.Items[BusSeatsItem] = reported;
        return new CommandAck(null, true, null, null, null, null);
    }

    public async Task<CommandAck> ReportStreamHealth(Dictionary<string, object?>? health)
    {
        if (Paired is not { Kind: TerminalKinds.Broadcast }) return CommandAck.Refused(null, HubErrors.NotPaired);
        if (health is null || health.Count > 64) return CommandAck.Refused(null, HubErrors.BadRequest);
        await streamHealth.ReportAsync(health);
        return new CommandAck(null, true, null, null, null, null);
    }

    private async Task<CommandAck> SeatCommand(SeatRequest? r, Func<int, SittingCommand> make)
    {
        if (r is null || HubErrors.BadId(r.CommandId)) return CommandAck.Refused(r?.CommandId, HubErrors.BadRequest);
        if (Check(r.Seat) is { } refused) return CommandAck.Refused(r.CommandId, refused);
        return await Run(r.CommandId, make(r.Seat) with { CommandId = r.CommandId });
    }

    private Rejection? Check(int seat)
    {
        if (Paired is not { } terminal || terminal.Kind == TerminalKinds.Broadcast) return HubErrors.NotPaired;
        return terminal.Serves(seat) ? null : Rejection.SeatNotAllowed;
    }

    private async Task<CommandAck> Run(string commandId, SittingCommand command)
    {
        if (await current.GrainAsync() is not { } grain) return CommandAck.Refused(commandId, HubErrors.NoSitting);
        return (await grain.Execute(command)).ToAck(commandId);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Paired is { Kind: TerminalKinds.Tablet } tablet) foreach (var s in tablet.Seats) presence.TabletDisconnected(s);
        // A gateway that is gone can no longer vouch for its seats.
        if (Context.Items.TryGetValue(BusSeatsItem, out var reported) && reported is HashSet<int> seats) presence.BusReport([], seats);
        return base.OnDisconnectedAsync(exception);
    }
}
