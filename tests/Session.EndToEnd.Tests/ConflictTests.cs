using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Session.Core.Wire;
using Session.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>art. 59-1: a deputy who declared a conflict of interest on the item does not vote on it.</summary>
[Collection(Lane.A)]
public sealed class ConflictTests
{
    [Fact]
    public async Task A_deputy_who_declared_a_conflict_on_the_tablet_cannot_cast_and_the_roll_call_says_conflict()
    {
        await using var stage = await Stage.StartAsync("conflict");
        const int seat = 7;
        var key = (await stage.Hall.IssueTerminalAsync("tablet", seat)).Key;
        var chair = await stage.Hall.ConnectChairAsync();
        await chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
        var tablet = await stage.OpenAsync("/terminal", 360, 800, label: "tablet-7");
        await Ui.PairAndIdentifyAsync(tablet, key, SittingDriver.DemoDeputy(seat), SittingDriver.DemoPin(seat));
        var gateway = await stage.GatewayAsync();
        await Stage.IdentifyByCardAsync(gateway, Enumerable.Range(8, 14)); // 15 registered: quorum holds without seat 7
        await chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
        var sitting = await stage.Hall.CurrentSittingAsync();
        await chair.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(sitting.Agenda[1].Id)).Must();

        // The deputy declares the conflict from the tablet, keyboard only.
        await Expect(tablet.ById("conflict-declare")).ToBeVisibleAsync();
        await Ui.TabToAsync(tablet, "conflict-declare");
        await tablet.Keyboard.PressAsync("Enter");
        await Expect(tablet.ById("conflict-dialog")).ToBeVisibleAsync();
        await tablet.ById("conflict-statement").FillAsync("Мій родич — учасник конкурсу");
        await tablet.ById("conflict-confirm").ClickAsync();
        await Expect(tablet.ById("conflict-declare")).ToHaveCountAsync(0);

        var voteId = (await chair.InvokeAsync<CommandAck>("OpenVote",
            new OpenVoteRequest("Про тестове рішення в цілому", "as-a-whole", "majority-of-composition", "named", 600)).Must()).Id!;

        await Expect(tablet.ById("conflict-note")).ToContainTextAsync("конфлікт інтересів");
        foreach (var choice in new[] { "yes", "no", "abstain" }) await Expect(tablet.ById($"cast-{choice}")).ToBeDisabledAsync();
        await stage.ShotAsync(tablet, "terminal-360-conflict");

        // The server refuses a cast for that seat too (as a keypad press would be), and the chair's seat map shows it.
        var refused = await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, voteId, "yes"));
        Assert.False(refused.Accepted);
        Assert.Equal("conflict-of-interest", refused.Reason);
        var chairPage = await stage.OpenAsync("/chair", 1280, 900, label: "chair");
        await Ui.LoginChairAsync(chairPage, stage.Hall.SecretaryPassword);
        await Expect(chairPage.ById($"seat-{seat}")).ToContainTextAsync("конфлікт інтересів");

        await Stage.CastAsync(gateway, voteId, Enumerable.Range(8, 14), "yes");
        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
        var vote = await stage.VoteAsync(voteId);
        Assert.Equal(14, vote.Tally.Yes);
        Assert.Equal(1, vote.Tally.Conflict);
        Assert.Equal("conflict", vote.RollCall!.Single(r => r.DeputyId == "dep-07").Result);
    }
}
