using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>The public page served by the public relay (docs/hall-server.md "The public relay"), on a phone.</summary>
[Collection(Lane.B)]
public sealed class PublicRelayPageTests
{
    [Fact]
    public async Task A_citizen_on_a_phone_follows_a_live_tally_through_the_public_relay()
    {
        await using var stage = await Stage.StartAsync("relay-phone", hallArgs: ["--Hall:PublicRelay:Enabled=true"]);
        var hall = stage.Hall;
        var relay = await hall.PublicRelayUrlAsync();
        Assert.NotEqual(hall.BaseUrl.Port, relay.Port);
        var chair = await hall.ConnectChairAsync();
        var gateway = await stage.GatewayAsync();
        await SittingDriver.RegisterAsync(chair, gateway, Enumerable.Range(1, 20));
        var voteId = await SittingDriver.OpenVoteAsync(chair, hall, seconds: 600);

        var phone = await stage.OpenAsync("/vyshneva/", 360, 740, via: relay, label: "phone via relay");
        await Expect(phone.ById("live-tally")).ToContainTextAsync("За 0");

        await Stage.CastAsync(gateway, voteId, Enumerable.Range(1, 9), "yes");
        await Expect(phone.ById("live-tally")).ToContainTextAsync("За 9");
        await Stage.CastAsync(gateway, voteId, Enumerable.Range(10, 3), "no");
        await Expect(phone.ById("live-tally")).ToContainTextAsync("Проти 3");
        await stage.ShotAsync(phone, "public-relay-360-live-tally");

        // The vote's close reaches the phone as a whole view, with its result.
        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
        await Expect(phone.Locator($"[id='vote-{voteId}'] .verdict")).ToBeVisibleAsync();
        await Expect(phone.ById("link-banner")).ToBeEmptyAsync();
    }
}
