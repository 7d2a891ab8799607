using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Voting;
using Session.Core.Wire;
using Session.HallServer.Auth;
using Session.HallServer.Registry;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;

namespace Session.HallServer.Hubs;

/// <summary>
/// /hubs/chair: the secretary's console. Only a logged-in secretary, chair or admin of the council connects (the host's
/// admin names the council with <c>?council=</c>); it follows the council's open sitting, and every write goes through
/// that sitting's grain. Every write is also recorded in the council's audit chain with the account, the address and
/// the user agent (docs/security.md "Audit"): the journal says what the sitting did, the audit chain who asked for it.
/// </summary>
[Authorize(AuthenticationSchemes = TokenAuthentication.SchemeName, Roles = Roles.RunSitting)]
public sealed class ChairHub(CurrentSitting current, HallDirectory directory, StreamHealthRelay streamHealth, PinAlerts pinAlerts, PinThrottle pinThrottle, RegistryWriter audit, Session.HallServer.SelfTest.SelfTestRunner selfTest, StreamControls streamControls, ILogger<ChairHub> log) : Hub
{
    private const string CouncilItem = "council";

    private string Council => (string)Context.Items[CouncilItem]!;

    public override async Task OnConnectedAsync()
    {
        if (await directory.CouncilOfConnectionAsync(Context) is not { } council)
        {
            Context.Abort();
            return;
        }
        Context.Items[CouncilItem] = council;
        await Groups.AddToGroupAsync(Context.ConnectionId, SittingFanout.ChairGroup(council));
        if (await current.OfCouncilAsync(council) is { } id)
        {
            var grain = current.Grain(id);
            if (await grain.View() is { } view) await Clients.Caller.SendAsync(HubNames.Sitting, SittingFanout.ForPush(view));
            await Clients.Caller.SendAsync(HubNames.Seats, await grain.Seats());
        }
        if (streamHealth.Latest(council) is { } health) await Clients.Caller.SendAsync(HubNames.StreamHealth, health);
        foreach (var alert in pinAlerts.Recent(council)) await Clients.Caller.SendAsync(HubNames.PinAlert, alert);
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

    /// <summary>The stream panel's controls (interpreter window on/off, camera preset or automatic), to this council's broadcast.</summary>
    public async Task<CommandAck> StreamControl(StreamControlRequest? r)
    {
        var ack = await streamControls.SendAsync(Council, r);
        if (ack.Accepted) await AuditAsync("stream.control", Council, new { action = Bounded(r?.Action), preset = Bounded(r?.Preset) });
        return ack;
    }

    /// <summary>
    /// Ends a PIN hold a <see cref="PinAlert"/> reported before its time (the secretary has seen the deputy at the seat):
    /// the deputy's or the terminal's failures are forgotten, every console of the council sees the alert lifted, and
    /// the audit chain records who lifted it.
    /// </summary>
    public async Task<CommandAck> LiftPinHold(PinAlertRequest? r)
    {
        if (r is null || HubErrors.BadId(r.AlertId)) return CommandAck.Refused(null, HubErrors.BadRequest);
        if (pinAlerts.Holding(Council, r.AlertId) is not { } alert) return CommandAck.Refused(null, HubErrors.NoSuchHold);
        try
        {
            if (alert.Kind == "deputy" && alert.DeputyId is { } deputy) await pinThrottle.LiftDeputyAsync(Council, deputy);
            else await pinThrottle.LiftTerminalAsync(alert.TerminalId);
        }
        catch (ThrottleUnavailableException) { return CommandAck.Refused(null, HubErrors.HoldNotLifted); }
        var login = Context.User?.Identity?.Name ?? "?";
        await pinAlerts.LiftAsync(Council, alert, login);
        await AuditAsync("pin-hold.lift", alert.DeputyId ?? alert.TerminalId, new { alert.Kind, alertId = alert.Id, alert.Seat, alert.TerminalId, alert.HeldUntil });
        return new CommandAck(null, true, null, null, null, null);
    }

    /// <summary>The pre-sitting self-test: seats answering, checksums, and a test vote (docs/operations.md). The ack's id is the test vote's.</summary>
    public async Task<CommandAck> StartSelfTest(SelfTestRequest? r)
    {
        if (r is null) return CommandAck.Refused(null, HubErrors.BadRequest);
        if (await current.OfCouncilAsync(Council) is not { } id) return CommandAck.Refused(null, HubErrors.NoSitting);
        return await selfTest.StartAsync(Council, id, r, Context.User?.Identity?.Name);
    }

    /// <summary>The last self-test's report, seat by seat; null when none ran or no sitting is open.</summary>
    public async Task<SelfTestView?> SelfTest() => await current.OfCouncilAsync(Council) is { } id ? await selfTest.ReportAsync(id) : null;

    public async Task<SeatView[]> Seats() => await GrainAsync() is { } g ? await g.Seats() : [];

    public async Task<IssuedTerminal> IssueTerminalKey(IssueTerminalRequest? r)
    {
        if (r is null || !TerminalKinds.Valid(r.Kind)) throw new HubException("bad-kind: kind must be tablet, gateway or broadcast");
        if (r.Kind == TerminalKinds.Tablet && (r.Seats is null || r.Seats.Length != 1)) throw new HubException("bad-request: a tablet serves exactly one seat");
        var halls = await directory.HallsAsync(Council);
        var hall = r.HallId is { } asked ? halls.FirstOrDefault(h => h == asked)
            : (await directory.OpenSittingsAsync(Council)).FirstOrDefault()?.HallId ?? halls.FirstOrDefault();
        if (hall is null) throw new HubException("no-hall: the council has no such hall");
        var (t, key) = await directory.IssueTerminalAsync(Council, hall, r.Kind, r.Seats ?? [], r.Label ?? "");
        log.LogInformation("Secretary {User} issued terminal {TerminalId} ({Kind}) for seats {Seats}", Context.UserIdentifier, t.Id, t.Kind, t.Seats);
        await AuditAsync("terminal.issue", t.Id, new { t.Kind, t.Seats, hallId = hall });
        return new IssuedTerminal(t.Id, key, t.Kind, t.Seats);
    }

    public async Task<CommandAck> RevokeTerminalKey(TerminalRequest? r)
    {
        if (r is null || HubErrors.BadId(r.TerminalId)) return CommandAck.Refused(null, HubErrors.BadRequest);
        if (!await directory.RevokeTerminalAsync(Council, r.TerminalId)) return CommandAck.Refused(null, HubErrors.BadKey);
        await AuditAsync("terminal.revoke", r.TerminalId);
        return new CommandAck(null, true, null, null, null, null);
    }

    /// <summary>
    /// The council's audit chain: who (account, address, user agent — from the connection's request) asked for what.
    /// The action is already done (or refused) when this runs; a chain that cannot be written is logged, not turned
    /// into a refusal of what the sitting already acknowledged.
    /// </summary>
    private async Task AuditAsync(string action, string subject, object? data = null)
    {
        try
        {
            var http = Context.GetHttpContext();
            var actor = http is null ? new Actor(Context.User?.Identity?.Name ?? "?", "", "") : RegistryAccess.ActorOf(http);
            await audit.RecordAsync(Council, actor, action, subject, data);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Audit record {Action} {Subject} of council {Council} not written", action, subject, Council);
        }
    }

    private static string? Bounded(string? text) => text is { Length: > 40 } ? text[..40] : text;

    private static string Kebab(string name) =>
        string.Concat(name.Select((ch, i) => char.IsUpper(ch) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(ch) : ch.ToString()));

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    private static Task<CommandAck> Bad() => Task.FromResult(CommandAck.Refused(null, HubErrors.BadRequest));

    private async Task<ISittingGrain?> GrainAsync() => await current.OfCouncilAsync(Council) is { } id ? current.Grain(id) : null;

    private async Task<CommandAck> Run(SittingCommand command)
    {
        if (await GrainAsync() is not { } grain) return CommandAck.Refused(null, HubErrors.NoSitting);
        // Every secretary's command gets an id, journaled with its event, so that a call sent again because the
        // sitting's node left the cluster mid-call (a drain) answers its first answer instead of being done twice.
        command = command with { CommandId = "chair-" + Guid.NewGuid().ToString("N") };
        GrainAnswer answer;
        try { answer = await Cluster.SiloLoss.RetryAsync(() => grain.Execute(command), log, "Secretary's " + command.GetType().Name); }
        catch (Exception ex) when (ex is Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException)
        {
            log.LogWarning("Secretary {User}: {Command} interrupted, the sitting's node left the cluster three times in a row", Context.User?.Identity?.Name, command.GetType().Name);
            return CommandAck.Refused(command.CommandId, HubErrors.Interrupted);
        }
        if (answer.Accepted) log.LogInformation("Secretary {User}: {Command} accepted as event {Seq}", Context.User?.Identity?.Name, command.GetType().Name, answer.JournalSeq);
        var ack = answer.ToAck(command.CommandId);
        // Accepted commands only: a refused one changed nothing, in the journal or here.
        if (ack.Accepted) await AuditAsync("sitting." + Kebab(command.GetType().Name), grain.GetPrimaryKeyString(), new
        {
            seq = ack.JournalSeq,
            voteId = command switch { Session.Core.Sittings.OpenVote o => o.VoteId, Session.Core.Sittings.CloseVote c => c.VoteId, Session.Core.Sittings.CancelVote c => c.VoteId, Session.Core.Sittings.EnterProxyVote p => p.VoteId, _ => null },
            deputyId = command switch { Session.Core.Sittings.EnterProxyVote p => p.DeputyId, Session.Core.Sittings.DeclareConflict d => d.DeputyId, Session.Core.Sittings.GrantFloor g => g.DeputyId, _ => null },
            itemId = command switch { Session.Core.Sittings.StartAgendaItem s => s.ItemId, Session.Core.Sittings.AddAgendaItem a => a.ItemId, _ => null },
        });
        // The secretary's console needs the id of what it just made.
        return !ack.Accepted ? ack : command switch
        {
            Session.Core.Sittings.OpenVote o => ack with { Id = o.VoteId },
            Session.Core.Sittings.AddAgendaItem a => ack with { Id = a.ItemId },
            _ => ack,
        };
    }
}
