using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Session.Core.Wire;
using Session.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>A tablet whose network drops mid-vote: the cast waits, goes out after the reconnect with its commandId, and counts once.</summary>
[Collection(Lane.A)]
public sealed class OfflineTabletTests
{
    private const int Seat = 5;

    private static async Task<(Stage Stage, CuttableLink Link, IPage Tablet, HubConnection Chair, HubConnection Gateway, string VoteId)> VoteWithTabletBehindLinkAsync(string name)
    {
        var stage = await Stage.StartAsync(name);
        var link = new CuttableLink(stage.Hall.BaseUrl);
        var key = (await stage.Hall.IssueTerminalAsync("tablet", Seat)).Key;
        var chair = await stage.Hall.ConnectChairAsync();
        await chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
        var tablet = await stage.OpenAsync("/terminal", 800, 1280, via: link.Url, label: "tablet-5");
        await Ui.PairAndIdentifyAsync(tablet, key, SittingDriver.DemoDeputy(Seat), SittingDriver.DemoPin(Seat));
        var gateway = await stage.GatewayAsync();
        await Stage.IdentifyByCardAsync(gateway, Enumerable.Range(6, 14));
        await chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
        var voteId = await SittingDriver.OpenVoteAsync(chair, stage.Hall, seconds: 600);
        await Expect(tablet.ById("cast-yes")).ToBeEnabledAsync();
        return (stage, link, tablet, chair, gateway, voteId);
    }

    [Fact]
    public async Task A_cast_made_while_offline_is_sent_after_the_reconnect_and_counted_once()
    {
        var (stage, link, tablet, _, _, voteId) = await VoteWithTabletBehindLinkAsync("offline-cast");
        await using var _s = stage;
        await using var _l = link;

        link.Cut();
        await Expect(tablet.ById("link-banner")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("offline"));
        await Expect(tablet.ById("link-banner")).ToContainTextAsync("Немає з'єднання");

        await tablet.ById("cast-yes").ClickAsync();
        await Expect(tablet.ById("cast-status")).ToContainTextAsync("буде надіслано");
        await Expect(tablet.ById("cast-yes")).ToHaveAttributeAsync("aria-pressed", "false"); // not accepted until the server says so
        await stage.ShotAsync(tablet, "terminal-offline-cast-queued");
        Assert.Equal(0, (await stage.VoteAsync(voteId)).Tally.Yes);

        link.Restore();
        await Expect(tablet.ById("link-banner")).ToBeEmptyAsync();
        await Expect(tablet.ById("cast-status")).ToContainTextAsync("Ваш голос «За» зараховано (запис журналу №");
        await Expect(tablet.ById("cast-yes")).ToHaveAttributeAsync("aria-pressed", "true");
        await stage.ShotAsync(tablet, "terminal-offline-cast-counted");

        var tally = (await stage.VoteAsync(voteId)).Tally;
        Assert.Equal(1, tally.Yes);
        Assert.Equal(0, tally.No + tally.Abstain);
        Assert.Equal("[]", await Ui.OutboxAsync(tablet));
    }

    [Fact]
    public async Task A_cast_whose_ack_was_lost_is_resent_with_the_same_command_id_and_the_journal_holds_it_once()
    {
        var (stage, link, tablet, _, _, voteId) = await VoteWithTabletBehindLinkAsync("lost-ack");
        await using var _s = stage;
        await using var _l = link;

        // The press reaches the server, but its ack never reaches the tablet; then the network drops.
        link.SwallowReplies();
        await tablet.ById("cast-no").ClickAsync();
        await Eventually.True(async () => (await stage.VoteAsync(voteId)).Tally.No == 1, "the server counted the press");
        var journalAfterCast = (await stage.Hall.CurrentSittingAsync()).JournalSeq;
        var queued = await Ui.OutboxAsync(tablet);
        Assert.Contains("\"choice\":\"no\"", queued);
        await Expect(tablet.ById("cast-status")).Not.ToContainTextAsync("зараховано");

        link.Cut();
        await Expect(tablet.ById("link-banner")).ToContainTextAsync("Немає з'єднання");
        link.Restore();

        await Expect(tablet.ById("cast-status")).ToContainTextAsync($"Ваш голос «Проти» зараховано (запис журналу № {journalAfterCast})");
        Assert.Equal(journalAfterCast, (await stage.Hall.CurrentSittingAsync()).JournalSeq);
        var vote = await stage.VoteAsync(voteId);
        Assert.Equal(1, vote.Tally.No);
        Assert.Equal(0, vote.Tally.Yes + vote.Tally.Abstain);
    }
}
