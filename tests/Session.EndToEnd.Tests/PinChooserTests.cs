using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Session.Core.Wire;
using Session.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>Issue 10: on the tablet a deputy picks their name, then types the PIN; the secretary's console shows PIN holds.</summary>
[Collection(Lane.B)]
public sealed class PinChooserTests
{
    [Fact]
    public async Task A_deputy_picks_their_name_and_identifies_on_the_tablet_and_the_secretary_sees_a_pin_hold()
    {
        await using var stage = await Stage.StartAsync("pin-chooser");
        var hall = stage.Hall;
        const int seat = 2;
        var key = (await hall.IssueTerminalAsync("tablet", seat)).Key;
        var chairHub = await hall.ConnectChairAsync();
        await chairHub.InvokeAsync<CommandAck>("OpenRegistration").Must();
        var sitting = await hall.CurrentSittingAsync();
        var mine = sitting.Deputies.Single(d => d.Id == SittingDriver.DemoDeputy(seat));
        var neighbour = sitting.Deputies.Single(d => d.Id == SittingDriver.DemoDeputy(seat + 1));

        var chair = await stage.OpenAsync("/chair", 1440, 1000, label: "chair");
        await Ui.LoginChairAsync(chair, hall.SecretaryPassword);

        var tablet = await stage.OpenAsync("/terminal", 800, 1280, label: "tablet-2");
        await tablet.ById("pair-key").FillAsync(key);
        await tablet.ById("pair-submit").ClickAsync();
        // The chooser lists the sitting's whole roster by name (26 deputies and the head), and a choice is required.
        await Expect(tablet.Locator("#deputy option[value]:not([value=''])")).ToHaveCountAsync(sitting.Deputies.Length);
        await tablet.ById("pin").FillAsync(SittingDriver.DemoPin(seat));
        await tablet.ById("identify-submit").ClickAsync();
        await Expect(tablet.ById("identify-error")).ToHaveTextAsync("Оберіть своє прізвище у списку");

        // The deputy's own PIN under the neighbour's name is refused; the choice stays, the PIN is cleared.
        await tablet.ById("deputy").SelectOptionAsync(new SelectOptionValue { Label = neighbour.Name });
        await tablet.ById("identify-submit").ClickAsync();
        await Expect(tablet.ById("identify-error")).ToHaveTextAsync("PIN не підходить до обраного депутата");
        await Expect(tablet.ById("pin")).ToHaveValueAsync("");
        await Expect(tablet.ById("deputy")).ToHaveValueAsync(neighbour.Id);

        // Their own name and PIN: identified, registered, named in the header.
        await tablet.ById("deputy").SelectOptionAsync(new SelectOptionValue { Label = mine.Name });
        await tablet.ById("pin").FillAsync(SittingDriver.DemoPin(seat));
        await tablet.ById("pin").PressAsync("Enter");
        await Expect(tablet.ById("item-h")).ToBeVisibleAsync();
        await Expect(tablet.Locator(".bar .who")).ToHaveTextAsync(mine.Name);
        await Expect(tablet.Locator(".status-line")).ToContainTextAsync("Зареєстровано");

        // Someone guesses the neighbour's PIN from two other tablets: the secretary's console names the deputy and seat.
        var guessers = new List<HubConnection>();
        foreach (var s in new[] { 10, 11 })
        {
            var c = await hall.ConnectTerminalAsync();
            Assert.True((await c.InvokeAsync<HelloReply>("Hello", new HelloRequest((await hall.IssueTerminalAsync("tablet", s)).Key, "guesser"))).Accepted);
            guessers.Add(c);
        }
        CommandAck last = null!;
        for (int i = 0; i < 5; i++)
            last = await guessers[i % 2].InvokeAsync<CommandAck>("Identify",
                new IdentifyRequest(SittingDriver.NewCommandId(), 10 + i % 2, Pin: (9100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Deputy: neighbour.Id));
        Assert.Equal("pin-held", last.Reason);
        var alert = chair.Locator("#pin-alerts li[data-kind='deputy']");
        await Expect(alert).ToContainTextAsync(neighbour.Name);
        // The hold starts at the neighbour's fifth wrong PIN: the tablet's one above, then seats 10, 11, 10 and 11.
        await Expect(alert).ToContainTextAsync("місце 11");
        Assert.Empty(hall.LeakedSecrets());
    }
}
