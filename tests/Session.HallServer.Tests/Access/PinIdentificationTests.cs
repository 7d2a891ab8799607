using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Access;

/// <summary>
/// Issue 10: a PIN identifies only together with the deputy it belongs to, and wrong PINs are held per deputy (from any
/// terminal) and per terminal (for any deputy), with the secretary alerted; refused attempts change nothing and no PIN
/// reaches the server's output. Each test uses its own seats, terminals and deputies of the shared <see cref="PinHall"/>.
/// </summary>
public sealed class PinIdentificationTests(PinHall pins) : IClassFixture<PinHall>
{
    private static void AssertRefused(CommandAck ack, string reason)
    {
        Assert.False(ack.Accepted);
        Assert.Equal(reason, ack.Reason);
        Assert.False(string.IsNullOrWhiteSpace(ack.Message));
        Assert.False(string.IsNullOrWhiteSpace(ack.MessageEn));
        Assert.Null(ack.JournalSeq);
    }

    private static void AssertHeld(CommandAck ack, string reason)
    {
        AssertRefused(ack, reason);
        Assert.InRange(ack.RetryAfterSeconds ?? 0, 1, PinHall.HoldSeconds);
        Assert.Contains(" с", ack.Message);
        Assert.Contains(" s more", ack.MessageEn);
    }

    private void AssertNoPinLeaked(params string[] tried)
    {
        Assert.Empty(pins.Hall.LeakedSecrets());
        foreach (var pin in tried)
            Assert.DoesNotContain(pins.AlertJson.ToArray(), json => json.Contains(pin, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_right_pin_with_the_wrong_deputy_is_refused_exactly_like_a_wrong_pin_and_changes_nothing()
    {
        var (a, b) = (pins.Deputies[0], pins.Deputies[1]);
        var (pinA, pinB) = (await pins.Admin.IssuePinAsync(PinHall.Council, a.Id), await pins.Admin.IssuePinAsync(PinHall.Council, b.Id));
        var (tablet, _) = await pins.TabletAsync(1);
        var before = await pins.SnapshotAsync();

        var othersPin = await PinHall.IdentifyAsync(tablet, 1, a.Id, pinB);
        var wrongPin = await PinHall.IdentifyAsync(tablet, 1, a.Id, PinHall.WrongPin(pinA));
        AssertRefused(othersPin, "wrong-pin");
        // Nothing tells the guesser that the PIN belongs to someone else.
        Assert.Equal((wrongPin.Reason, wrongPin.Message, wrongPin.MessageEn), (othersPin.Reason, othersPin.Message, othersPin.MessageEn));
        Assert.Contains("обраного депутата", othersPin.Message);
        Assert.Contains("chosen deputy", othersPin.MessageEn);
        Assert.Equal(before, await pins.SnapshotAsync());

        // The same deputy with their own PIN is identified (and, registration being open, registered).
        var ok = await PinHall.IdentifyAsync(tablet, 1, a.Id, pinA);
        Assert.True(ok.Accepted, ok.Reason);
        var seat = (await pins.Chair.InvokeAsync<SeatView[]>("Seats")).Single(s => s.Seat == 1);
        Assert.Equal((a.Id, true), (seat.DeputyId, seat.Registered));
        AssertNoPinLeaked(pinA, pinB);
    }

    [Fact]
    public async Task A_pin_alone_is_refused_with_a_message_telling_the_terminal_to_update_and_changes_nothing()
    {
        var d = pins.Deputies[2];
        var pin = await pins.Admin.IssuePinAsync(PinHall.Council, d.Id);
        var (tablet, _) = await pins.TabletAsync(3);
        var issued = await pins.Admin.OkAsync(HttpMethod.Post, $"/api/councils/{PinHall.Council}/halls/{pins.HallId}/terminals",
            new { kind = "gateway", seats = new[] { 3 }, label = "keypad 3" });
        var keypad = await pins.Hall.ConnectTerminalAsync();
        Assert.True((await keypad.InvokeAsync<HelloReply>("Hello", new HelloRequest(SecretLedger.Add(issued.GetProperty("key").GetString()!), "keypad"))).Accepted);
        var before = await pins.SnapshotAsync();

        // The right PIN, from an old tablet and from a keypad seat that sends only the PIN: both refused.
        foreach (var terminal in new[] { tablet, keypad })
        {
            var ack = await PinHall.IdentifyAsync(terminal, 3, null, pin);
            AssertRefused(ack, "pin-needs-deputy");
            Assert.Contains("оновіть термінал", ack.Message);
            Assert.Contains("update the terminal", ack.MessageEn);
        }
        // Old-style requests are not wrong PINs: they hold nobody.
        for (int i = 0; i < 6; i++) AssertRefused(await PinHall.IdentifyAsync(tablet, 3, null, PinHall.WrongPin(pin)), "pin-needs-deputy");
        Assert.Equal(before, await pins.SnapshotAsync());
        Assert.DoesNotContain(pins.AlertsNow(), a => a.Seat == 3);
        Assert.True((await PinHall.IdentifyAsync(tablet, 3, d.Id, pin)).Accepted);
        AssertNoPinLeaked(pin);
    }

    [Fact]
    public async Task A_card_names_the_deputy_a_pin_after_it_is_checked_against_that_deputy_only()
    {
        var (d, other) = (pins.Deputies[3], pins.Deputies[4]);
        var (pin, otherPin) = (await pins.Admin.IssuePinAsync(PinHall.Council, d.Id), await pins.Admin.IssuePinAsync(PinHall.Council, other.Id));
        const string card = "04C0FFEE09";
        await pins.Admin.OkAsync(HttpMethod.Post, $"/api/councils/{PinHall.Council}/cards", new { uid = card, deputyId = d.Id });
        var (tablet, _) = await pins.TabletAsync(9);
        var before = await pins.SnapshotAsync();

        AssertRefused(await tablet.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), 9, Card: card, Pin: otherPin)), "wrong-pin");
        // A card with another deputy chosen is not that deputy.
        AssertRefused(await tablet.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), 9, Card: card, Pin: otherPin, Deputy: other.Id)), "unknown-deputy");
        Assert.Equal(before, await pins.SnapshotAsync());

        Assert.True((await tablet.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), 9, Card: card, Pin: pin))).Accepted);
        Assert.Equal(d.Id, (await pins.Chair.InvokeAsync<SeatView[]>("Seats")).Single(s => s.Seat == 9).DeputyId);
        AssertNoPinLeaked(pin, otherPin);
    }

    [Fact]
    public async Task Wrong_pins_for_one_deputy_from_two_terminals_hold_that_deputy_alert_the_secretary_and_the_right_pin_works_after_the_hold()
    {
        var d = pins.Deputies[5];
        var pin = await pins.Admin.IssuePinAsync(PinHall.Council, d.Id);
        var (t4, _) = await pins.TabletAsync(4);
        var (t5, t5Id) = await pins.TabletAsync(5);
        var before = await pins.SnapshotAsync();
        var tried = new List<string>();

        // Five wrong PINs within the window, alternating between two terminals: neither terminal reaches its own limit.
        CommandAck last = null!;
        foreach (var (terminal, seat) in new[] { (t4, 4), (t5, 5), (t4, 4), (t5, 5) })
        {
            tried.Add(PinHall.WrongPin(pin));
            AssertRefused(await PinHall.IdentifyAsync(terminal, seat, d.Id, tried[^1]), "wrong-pin");
        }
        tried.Add(PinHall.WrongPin(pin));
        last = await PinHall.IdentifyAsync(t5, 5, d.Id, tried[^1]);
        AssertHeld(last, "pin-held");

        // The secretary's console is told who, where and until when — never the PIN.
        await Eventually.True(() => pins.AlertsNow().Any(a => a.DeputyId == d.Id), "the secretary receives the PIN alert");
        var alert = pins.AlertsNow().Single(a => a.DeputyId == d.Id);
        Assert.Equal(("deputy", d.Name, 5, t5Id), (alert.Kind, alert.DeputyName, alert.Seat, alert.TerminalId));
        Assert.True(alert.HeldUntil > alert.At);
        Assert.DoesNotContain(pins.AlertsNow(), a => a.Kind == "terminal" && (a.Seat == 4 || a.Seat == 5));

        // While held, the right PIN is refused the same way, from either terminal: a hold tells nothing about the PIN.
        AssertHeld(await PinHall.IdentifyAsync(t4, 4, d.Id, pin), "pin-held");
        Assert.Equal(before, await pins.SnapshotAsync());

        await Task.Delay(TimeSpan.FromSeconds(last.RetryAfterSeconds!.Value));
        CommandAck? accepted = null;
        await Eventually.True(async () => (accepted = await PinHall.IdentifyAsync(t4, 4, d.Id, pin)).Accepted, "the right PIN works after the hold");
        Assert.NotNull(accepted!.JournalSeq);
        Assert.Equal(d.Id, (await pins.Chair.InvokeAsync<SeatView[]>("Seats")).Single(s => s.Seat == 4).DeputyId);
        AssertNoPinLeaked([pin, .. tried]);
    }

    [Fact]
    public async Task Wrong_pins_from_one_terminal_for_several_deputies_hold_that_terminal_alert_the_secretary_and_leave_other_terminals_alone()
    {
        var ds = pins.Deputies.Skip(10).Take(6).ToList();
        var issued = new List<string>();
        foreach (var d in ds) issued.Add(await pins.Admin.IssuePinAsync(PinHall.Council, d.Id));
        var (t6, t6Id) = await pins.TabletAsync(6);
        var (t7, _) = await pins.TabletAsync(7);
        var before = await pins.SnapshotAsync();
        var tried = new List<string>();

        // One wrong PIN for each of five deputies from the same terminal: no deputy is held, the terminal is.
        CommandAck last = null!;
        for (int i = 0; i < 5; i++)
        {
            tried.Add(PinHall.WrongPin(issued[i]));
            last = await PinHall.IdentifyAsync(t6, 6, ds[i].Id, tried[^1]);
            if (i < 4) AssertRefused(last, "wrong-pin");
        }
        AssertHeld(last, "too-many-attempts");
        await Eventually.True(() => pins.AlertsNow().Any(a => a.TerminalId == t6Id), "the secretary receives the terminal's PIN alert");
        var alert = pins.AlertsNow().Single(a => a.TerminalId == t6Id);
        Assert.Equal(("terminal", 6, ds[4].Id, ds[4].Name), (alert.Kind, alert.Seat, alert.DeputyId, alert.DeputyName));
        Assert.DoesNotContain(pins.AlertsNow(), a => a.Kind == "deputy" && ds.Any(d => d.Id == a.DeputyId));

        // The held terminal refuses even a right PIN; nothing changed.
        AssertHeld(await PinHall.IdentifyAsync(t6, 6, ds[5].Id, issued[5]), "too-many-attempts");
        Assert.Equal(before, await pins.SnapshotAsync());

        // Another terminal is not held, and the deputies tried once each are not held either.
        Assert.True((await PinHall.IdentifyAsync(t7, 7, ds[0].Id, issued[0])).Accepted);

        await Task.Delay(TimeSpan.FromSeconds(last.RetryAfterSeconds!.Value));
        await Eventually.True(async () => (await PinHall.IdentifyAsync(t6, 6, ds[5].Id, issued[5])).Accepted, "the terminal takes PINs again after its hold");
        AssertNoPinLeaked([.. issued, .. tried]);
    }

    [Fact]
    public async Task A_secretary_console_that_connects_after_a_hold_is_shown_the_recent_alerts()
    {
        var d = pins.Deputies[8];
        var pin = await pins.Admin.IssuePinAsync(PinHall.Council, d.Id);
        var (t8, _) = await pins.TabletAsync(8);
        var (t10, _) = await pins.TabletAsync(10);
        var tried = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            tried.Add(PinHall.WrongPin(pin));
            await PinHall.IdentifyAsync(i % 2 == 0 ? t8 : t10, i % 2 == 0 ? 8 : 10, d.Id, tried[^1]);
        }
        await Eventually.True(() => pins.AlertsNow().Any(a => a.DeputyId == d.Id), "the connected console receives the alert");

        var late = new List<string>();
        var secretary = await RegistryClient.LoginAsync(pins.Hall, "sec-pin", "pin-hall secretary 7Qv");
        var console = pins.Hall.BuildConnection(HubNames.ChairPath, token: () => Task.FromResult<string?>(secretary.Token));
        console.On<JsonElement>(HubNames.PinAlert, json => { lock (late) late.Add(json.GetProperty("deputyId").GetString() ?? ""); });
        await console.StartAsync();
        await Eventually.True(() => { lock (late) return late.Contains(d.Id); }, "a console connecting later is shown the alert");
        AssertNoPinLeaked([pin, .. tried]);
    }

    [Fact]
    public async Task The_secretary_lifts_a_deputy_hold_early_the_right_pin_then_works_and_the_audit_chain_says_who()
    {
        var d = pins.Deputies[17];
        var pin = await pins.Admin.IssuePinAsync(PinHall.Council, d.Id);
        var (t20, _) = await pins.TabletAsync(20);
        var (t21, _) = await pins.TabletAsync(21);
        var tried = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            tried.Add(PinHall.WrongPin(pin));
            await PinHall.IdentifyAsync(i % 2 == 0 ? t20 : t21, i % 2 == 0 ? 20 : 21, d.Id, tried[^1]);
        }
        await Eventually.True(() => pins.AlertsNow().Any(a => a.DeputyId == d.Id), "the secretary receives the PIN alert");
        var alert = pins.AlertsNow().First(a => a.DeputyId == d.Id);
        AssertHeld(await PinHall.IdentifyAsync(t20, 20, d.Id, pin), "pin-held");

        // An unknown alert is refused in both languages and changes nothing.
        var before = await pins.SnapshotAsync();
        AssertRefused(await pins.Chair.InvokeAsync<CommandAck>("LiftPinHold", new PinAlertRequest("pa-nosuchalert")), "no-such-hold");
        AssertRefused(await pins.Chair.InvokeAsync<CommandAck>("LiftPinHold", new PinAlertRequest("")), "bad-request");
        Assert.Equal(before, await pins.SnapshotAsync());

        // Lifted: every console sees who lifted it, the right PIN works at once (the hold had seconds left).
        Assert.True((await pins.Chair.InvokeAsync<CommandAck>("LiftPinHold", new PinAlertRequest(alert.Id))).Accepted);
        await Eventually.True(() => pins.AlertsNow().Any(a => a.Id == alert.Id && a.LiftedBy == "sec-pin" && a.LiftedAt is not null), "the lifted alert is pushed again");
        var accepted = await PinHall.IdentifyAsync(t20, 20, d.Id, pin);
        Assert.True(accepted.Accepted, accepted.Reason);
        Assert.True(alert.HeldUntil > DateTimeOffset.UtcNow, "the hold would still have run: the test shows the lift, not the hold's end");

        // Lifting again: nothing left to lift.
        AssertRefused(await pins.Chair.InvokeAsync<CommandAck>("LiftPinHold", new PinAlertRequest(alert.Id)), "no-such-hold");

        // The audit chain records the lift and the sitting commands with the secretary's account and address.
        var audit = (await pins.Admin.GetAsync($"/api/councils/{PinHall.Council}/audit")).EnumerateArray().ToList();
        var lift = audit.Single(e => e.GetProperty("action").GetString() == "pin-hold.lift");
        Assert.Equal("sec-pin", lift.GetProperty("actor").GetString());
        Assert.Equal(d.Id, lift.GetProperty("subject").GetString());
        Assert.False(string.IsNullOrEmpty(lift.GetProperty("address").GetString()));
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "sitting.open-registration" && e.GetProperty("actor").GetString() == "sec-pin");
        AssertNoPinLeaked([pin, .. tried]);
    }
}
