using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests;

/// <summary>A vote's roll call is published the moment it closes, served with ETags and the right types.</summary>
public sealed class OpenDataServingTests
{
    [Fact]
    public async Task A_closed_votes_roll_call_appears_in_the_open_data_and_is_served_with_an_etag()
    {
        await using var hall = await HallServerProcess.StartAsync();
        var chair = await hall.ConnectChairAsync();
        var gateway = await SittingDriver.GatewayAsync(hall);
        await SittingDriver.RegisterAsync(chair, gateway, Enumerable.Range(1, 16));
        var voteId = await SittingDriver.OpenVoteAsync(chair, hall);
        for (int s = 1; s <= 16; s++)
            await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), s, voteId, s <= 15 ? "yes" : "no")).Must();
        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();

        var url = "/opendata/vyshneva-45-2/ua-835/vote.csv";
        string? csv = null;
        await Eventually.True(async () =>
        {
            var r = await hall.Http.GetAsync(url);
            if (!r.IsSuccessStatusCode) return false;
            csv = Encoding.UTF8.GetString(await r.Content.ReadAsByteArrayAsync());
            return csv.Contains(voteId);
        }, "the closed vote's rows in vote.csv");
        var rows = csv!.Split('\n').Where(l => l.Contains(voteId)).ToArray();
        Assert.Equal(27, rows.Length);
        Assert.Equal(15, rows.Count(r => r.Contains("За")));

        var response = await hall.Http.GetAsync(url);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag!);
        Assert.Equal(HttpStatusCode.NotModified, (await hall.Http.SendAsync(conditional)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hall.Http.GetAsync(url + ".p7s")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hall.Http.GetAsync("/opendata/vyshneva-45-2/vote.csv.tmp-1234")).StatusCode);
    }
}
