using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Session.Core.Wire;
using Session.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>The floor and the air-raid recess, as the secretary, the deputy, the hall and the public see them.</summary>
[Collection(Lane.B)]
public sealed class FloorAndRecessTests
{
    [Fact]
    public async Task A_deputy_asks_for_the_floor_the_secretary_grants_it_and_the_hall_shows_the_speaker_then_an_air_raid_recess()
    {
        await using var stage = await Stage.StartAsync("floor-recess");
        var hall = stage.Hall;
        var key = (await hall.IssueTerminalAsync("tablet", 1)).Key;
        var chairHub = await hall.ConnectChairAsync();
        await chairHub.InvokeAsync<CommandAck>("OpenRegistration").Must();
        var tablet = await stage.OpenAsync("/terminal", 800, 1280, label: "tablet-1");
        await Ui.PairAndIdentifyAsync(tablet, key, SittingDriver.DemoDeputy(1), SittingDriver.DemoPin(1));
        var gateway = await stage.GatewayAsync();
        await Stage.IdentifyByCardAsync(gateway, Enumerable.Range(2, 14));
        await chairHub.InvokeAsync<CommandAck>("CloseRegistration").Must();
        var sitting = await hall.CurrentSittingAsync();
        await chairHub.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(sitting.Agenda[0].Id)).Must();
        var name = sitting.Deputies.Single(d => d.Id == "dep-01").Name;

        var chair = await stage.OpenAsync("/chair", 1440, 1000, label: "chair");
        await Ui.LoginChairAsync(chair, hall.SecretaryPassword);
        var screen = await stage.OpenAsync("/hall", 1920, 1080, label: "hall");
        var citizen = await stage.OpenAsync("/", 360, 800, label: "public");

        // The deputy asks to speak with the keyboard; the request reaches the secretary's queue.
        await Ui.TabToAsync(tablet, "floor-request");
        await tablet.Keyboard.PressAsync("Enter");
        await Expect(tablet.ById("floor-withdraw")).ToBeVisibleAsync();
        await Expect(chair.ById("floor-queue")).ToContainTextAsync(name);
        await Expect(chair.ById("seat-1")).ToContainTextAsync("просить слова");

        await chair.ById("speech-type").SelectOptionAsync("remark");
        await chair.ById("speech-seconds").FillAsync("90");
        await chair.ById("grant-dep-01").ClickAsync();

        await Expect(screen.ById("hall-speaker")).ToHaveTextAsync(name);
        await Expect(screen.Locator(".speaker-big .countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^(1:[0-2]\d|1:30|0:\d\d)$"));
        await Expect(tablet.Locator(".status-line")).ToContainTextAsync("Вам надано слово");
        await Expect(citizen.ById("now-h").Locator("..")).ToContainTextAsync(name);
        await Expect(chair.ById("speaker")).ToContainTextAsync(name);
        await stage.ShotAsync(screen, "hall-speaker", fullPage: false);
        await stage.ShotAsync(chair, "chair-speaker");

        await chair.ById("floor-end").ClickAsync();
        await Expect(screen.ById("hall-speaker")).ToHaveCountAsync(0);

        // Air-raid alert: one button, and every screen says so; then the sitting resumes.
        await chair.ById("recess-airraid").ClickAsync();
        await Expect(screen.Locator(".slate")).ToContainTextAsync("ПЕРЕРВА");
        await Expect(screen.Locator(".slate")).ToContainTextAsync("Повітряна тривога");
        await Expect(tablet.Locator(".status-line")).ToContainTextAsync("Перерва: Повітряна тривога");
        await Expect(citizen.ById("sitting-status")).ToContainTextAsync("Перерва: Повітряна тривога");
        await stage.ShotAsync(screen, "hall-recess", fullPage: false);
        await chair.ById("resume").ClickAsync();
        await Expect(screen.Locator(".slate")).ToHaveCountAsync(0);
        await Expect(citizen.ById("sitting-status")).ToHaveTextAsync("Засідання триває");
    }
}
