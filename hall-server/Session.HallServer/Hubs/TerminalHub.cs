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
    PinGate pins,
    StreamHealthRelay streamHealth,
    CardSightings sightings,
    TerminalConnections connections,
    ILogger<TerminalHub> log) : Hub
{
    public const string TerminalItem = "terminal";
    private const string BusSeatsItem = "bus-seats";
    private const string SeatOrderItem = "seat-order";
    private const string LeaseItem = "gateway-lease";

    /// <summary>
    /// One connection's invocations that may run at once (SignalR's default is one): a gateway's burst for many seats
    /// is served in parallel, and <see cref="SeatOrder"/> keeps each seat's commands in order.
    /// </summary>
    public const int ParallelInvocations = 64;

    // Set before the first invocation, so parallel invocations only read Context.Items.
    public override Task OnConnectedAsync()
    {
        Context.Items[SeatOrderItem] = new SeatOrder();
        Context.Items[BusSeatsItem] = new HashSet<int>();
        Context.Items[LeaseItem] = new Lease();
        return Task.CompletedTask;
    }

    private Task<CommandAck> InSeatOrder(int seat, Func<Task<CommandAck>> command) => ((SeatOrder)Context.Items[SeatOrderItem]!).RunAsync(seat, command);
    private const int MaxPinLength = 32;

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
        if (Paired is { } old && old.Kind is TerminalKinds.Tablet or TerminalKinds.Remote) foreach (var s in old.Seats) presence.TabletDisconnected(old.HallId, s);
        Context.Items[TerminalItem] = terminal;
        connections.Paired(Context, terminal.Id);
        var hall = terminal.HallId;
        var sittingId = await current.IdAsync(hall);
        await Groups.AddToGroupAsync(Context.ConnectionId, SittingFanout.HallGroup(hall));
        // A gateway for every seat hears every seat of its hall's plan, also of sittings that open after it paired.
        var seatNumbers = terminal.Seats.Length > 0 || terminal.Kind != TerminalKinds.Gateway ? terminal.Seats : await directory.SeatNumbersAsync(hall);
        foreach (var seat in seatNumbers) await Groups.AddToGroupAsync(Context.ConnectionId, SittingFanout.SeatGroup(hall, seat));
        if (terminal.Kind is TerminalKinds.Tablet or TerminalKinds.Remote) foreach (var s in terminal.Seats) presence.TabletConnected(hall, s);
        // The broadcast hears the secretary's stream controls (StreamControls).
        if (terminal.Kind == TerminalKinds.Broadcast) await Groups.AddToGroupAsync(Context.ConnectionId, StreamControls.Group(terminal.CouncilId));
        log.LogInformation("Terminal {TerminalId} ({Kind}) paired for seats {Seats}", terminal.Id, terminal.Kind, terminal.Seats);

        if (sittingId is not null)
        {
            var grain = current.Grain(sittingId);
            if (await Cluster.SiloLoss.RetryAsync(grain.View) is { } view) await Clients.Caller.SendAsync(HubNames.Sitting, SittingFanout.WithoutRollCalls(view));
            foreach (var seat in seatNumbers)
                if (await Cluster.SiloLoss.RetryAsync(() => grain.Seat(seat)) is { } sv) await Clients.Caller.SendAsync(HubNames.Seat, sv);
        }
        return new HelloReply(true, null, null, terminal.Id, terminal.Kind, terminal.Seats, sittingId);
    }

    /// <summary>
    /// A card identifies its deputy; a PIN only together with a deputy — the one the tablet's chooser names, or the
    /// card's (<see cref="PinGate"/>). A PIN alone is refused: it is an old terminal, told to update.
    /// </summary>
    public async Task<CommandAck> Identify(IdentifyRequest? r)
    {
        if (r is null || HubErrors.BadId(r.CommandId) || (string.IsNullOrWhiteSpace(r.Card) && string.IsNullOrWhiteSpace(r.Pin))
            || r.Deputy?.Length > HubErrors.MaxIdLength || r.Pin?.Length > MaxPinLength)
            return CommandAck.Refused(r?.CommandId, HubErrors.BadRequest);
        if (Check(r.Seat) is { } refused) return CommandAck.Refused(r.CommandId, refused);
        // A remote place is identified by its sign-in (passkey + PIN, RemoteApi), never by a card or a PIN alone.
        if (Paired is { Kind: TerminalKinds.Remote }) return CommandAck.Refused(r.CommandId, Rejection.RemoteNeedsPasskey);
        return await InSeatOrder(r.Seat, () => IdentifyInOrder(r));
    }

    private async Task<CommandAck> IdentifyInOrder(IdentifyRequest r)
    {
        var terminal = Paired!;
        var chosen = string.IsNullOrWhiteSpace(r.Deputy) ? null : r.Deputy.Trim();
        string? deputy = null;
        if (!string.IsNullOrWhiteSpace(r.Card))
        {
            deputy = await directory.DeputyByCardAsync(terminal.CouncilId, r.Card);
            if (deputy is null) sightings.Seen(terminal.CouncilId, HallDirectory.NormalizeCard(r.Card), terminal.HallId, r.Seat);
            if (deputy is null || chosen is not null && chosen != deputy) return CommandAck.Refused(r.CommandId, Rejection.UnknownDeputy);
        }
        else if (chosen is null) return CommandAck.Refused(r.CommandId, HubErrors.PinNeedsDeputy);
        var method = "card";
        if (!string.IsNullOrWhiteSpace(r.Pin))
        {
            var verdict = await pins.CheckAsync(terminal, r.Seat, deputy ?? chosen!, r.Pin);
            if (verdict.Refusal is { } no)
                return CommandAck.Refused(r.CommandId, no) with { RetryAfterSeconds = verdict.RetryAfter is { } wait ? (int)wait.TotalSeconds : null };
            method = deputy is null ? "pin" : "card+pin";
            deputy = verdict.DeputyId;
        }
        return await Run(r.CommandId, new Session.Core.Sittings.Identify(r.Seat, deputy!, method) { CommandId = r.CommandId });
    }

    public async Task<CommandAck> Cast(CastRequest? r)
    {
        if (r is null || HubErrors.BadId(r.CommandId) || HubErrors.BadId(r.VoteId)) return CommandAck.Refused(r?.CommandId, HubErrors.BadRequest);
        if (Check(r.Seat) is { } refused) return CommandAck.Refused(r.CommandId, refused);
        if (Views.ParseChoice(r.Choice) is not { } choice) return CommandAck.Refused(r.CommandId, Rejection.BadChoice);
        return await InSeatOrder(r.Seat, () => Run(r.CommandId, new Session.Core.Sittings.Cast(r.Seat, r.VoteId, choice) { CommandId = r.CommandId }));
    }

    public Task<CommandAck> RequestFloor(SeatRequest? r) => SeatCommand(r, seat => new Session.Core.Sittings.RequestFloor(seat));

    public Task<CommandAck> WithdrawFloor(SeatRequest? r) => SeatCommand(r, seat => new Session.Core.Sittings.WithdrawFloor(seat));

    public Task<CommandAck> Leave(SeatRequest? r) => SeatCommand(r, seat => new Session.Core.Sittings.Leave(seat));

    public async Task<CommandAck> DeclareConflict(ConflictRequest? r)
    {
        if (r is null || HubErrors.BadId(r.CommandId)) return CommandAck.Refused(r?.CommandId, HubErrors.BadRequest);
        if (Check(r.Seat) is { } refused) return CommandAck.Refused(r.CommandId, refused);
        return await InSeatOrder(r.Seat, () => Run(r.CommandId, new DeclareConflictAtSeat(r.Seat, r.ItemId, r.Statement ?? "") { CommandId = r.CommandId }));
    }

    public async Task<CommandAck> ReportSeats(SeatHealthReport? r)
    {
        if (r is null || r.Online is null || r.Offline is null) return CommandAck.Refused(null, HubErrors.BadRequest);
        if (Paired is not { Kind: TerminalKinds.Gateway } gateway) return CommandAck.Refused(null, HubErrors.NotPaired);
        if (r.LeaseSeconds is < SeatHealthReport.MinLeaseSeconds or > SeatHealthReport.MaxLeaseSeconds) return CommandAck.Refused(null, HubErrors.BadLease);
        presence.BusReport(gateway.HallId, r.Online.Where(gateway.Serves), r.Offline.Where(gateway.Serves));
        var reported = (HashSet<int>)Context.Items[BusSeatsItem]!;
        lock (reported) reported.UnionWith(r.Online.Where(gateway.Serves));
        if (r.LeaseSeconds is { } lease) KeepLease(gateway, TimeSpan.FromSeconds(lease));
        return new CommandAck(null, true, null, null, null, null);
    }

    /// <summary>
    /// A gateway whose link dies without a word (a pulled cable, a dead switch) is heard by nobody: SignalR would drop it
    /// only after its client timeout (30 s), its seats shown online all along. A gateway that leases its report is
    /// dropped as soon as the lease runs out unrenewed, and <see cref="OnDisconnectedAsync"/> shows its seats offline.
    /// The check rides on the connection's own once-a-second heartbeat.
    /// </summary>
    private void KeepLease(Terminal gateway, TimeSpan lease)
    {
        var held = (Lease)Context.Items[LeaseItem]!;
        held.Renew(DateTimeOffset.UtcNow + lease);
        if (!held.Arm() || Context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionHeartbeatFeature>() is not { } heartbeat) return;
        var context = Context;
        heartbeat.OnHeartbeat(state =>
        {
            var l = (Lease)state;
            if (!l.Expired(DateTimeOffset.UtcNow) || !l.Drop()) return;
            log.LogWarning("Gateway {TerminalId} silent beyond its {Lease} s lease: dropping it, its seats offline", gateway.Id, (int)lease.TotalSeconds);
            context.Abort();
        }, held);
    }

    private sealed class Lease
    {
        private long _expiresTicks = DateTimeOffset.MaxValue.UtcTicks;
        private int _armed, _dropped;
        /// <summary>True only the first time: the heartbeat check is registered once.</summary>
        public bool Arm() => Interlocked.Exchange(ref _armed, 1) == 0;
        public void Renew(DateTimeOffset until) => Interlocked.Exchange(ref _expiresTicks, until.UtcTicks);
        public bool Expired(DateTimeOffset now) => now.UtcTicks > Interlocked.Read(ref _expiresTicks);
        /// <summary>True only the first time: the connection is aborted once.</summary>
        public bool Drop() => Interlocked.Exchange(ref _dropped, 1) == 0;
    }

    public async Task<CommandAck> ReportStreamHealth(Dictionary<string, object?>? health)
    {
        if (Paired is not { Kind: TerminalKinds.Broadcast } broadcast) return CommandAck.Refused(null, HubErrors.NotPaired);
        if (health is null || health.Count > 64) return CommandAck.Refused(null, HubErrors.BadRequest);
        if (!await streamHealth.ReportAsync(broadcast.CouncilId, health)) return CommandAck.Refused(null, HubErrors.BadRequest);
        return new CommandAck(null, true, null, null, null, null);
    }

    private async Task<CommandAck> SeatCommand(SeatRequest? r, Func<int, SittingCommand> make)
    {
        if (r is null || HubErrors.BadId(r.CommandId)) return CommandAck.Refused(r?.CommandId, HubErrors.BadRequest);
        if (Check(r.Seat) is { } refused) return CommandAck.Refused(r.CommandId, refused);
        return await InSeatOrder(r.Seat, () => Run(r.CommandId, make(r.Seat) with { CommandId = r.CommandId }));
    }

    private Rejection? Check(int seat)
    {
        if (Paired is not { } terminal || terminal.Kind == TerminalKinds.Broadcast) return HubErrors.NotPaired;
        return terminal.Serves(seat) ? null : Rejection.SeatNotAllowed;
    }

    private async Task<CommandAck> Run(string commandId, SittingCommand command)
    {
        try
        {
            if (await current.GrainAsync(Paired!.HallId) is not { } grain) return CommandAck.Refused(commandId, HubErrors.NoSitting);
            return (await Cluster.SiloLoss.RetryAsync(() => grain.Execute(command))).ToAck(commandId);
        }
        // A node that has not cached which sitting the hall runs reads it from the registry: when the storage does not
        // answer, the command is refused storage-failed like a failed write, never an internal error.
        catch (Exception ex) when (Storage.StorageFault.Is(ex))
        {
            return GrainAnswer.StorageFailed.ToAck(commandId);
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Gone(Context.ConnectionId);
        if (Paired is { Kind: TerminalKinds.Tablet or TerminalKinds.Remote } tablet) foreach (var s in tablet.Seats) presence.TabletDisconnected(tablet.HallId, s);
        // A gateway that is gone can no longer vouch for its seats.
        if (Paired is { } gateway && Context.Items.TryGetValue(BusSeatsItem, out var reported) && reported is HashSet<int> seats)
            lock (seats) presence.BusReport(gateway.HallId, [], seats.ToList());
        return base.OnDisconnectedAsync(exception);
    }
}
