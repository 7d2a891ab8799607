using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Registry;

/// <summary>Two councils sitting at once on one server never see each other's pushes, votes, keys, PINs or files.</summary>
public sealed class TenancyTests
{
    private sealed class Seen
    {
        public readonly List<string> Sittings = new();
        public readonly List<string> Votes = new();
        public void Watch(HubConnection c)
        {
            c.On<SittingView>(HubNames.Sitting, v => { lock (this) Sittings.Add(v.SittingId); });
            c.On<TallyUpdate>(HubNames.Tally, t => { lock (this) { Sittings.Add(t.SittingId); Votes.Add(t.VoteId); } });
        }
    }

    private sealed record Side(string Council, string SittingId, string HallId, HubConnection Chair, HubConnection Tablet, Seen Public, Seen ChairSeen, Seen TabletSeen, string Deputy, string Pin, RegistryClient Secretary);

    [Fact]
    public async Task Two_councils_sitting_at_once_never_see_each_others_pushes_votes_keys_pins_or_files()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false });
        var admin = await RegistryClient.SetUpAsync(hall);
        var sides = new List<Side>();
        foreach (var council in new[] { "alfa", "beta" })
        {
            var (sitting, hallId) = await admin.CreateCouncilAsync(council);
            await admin.OkAsync(HttpMethod.Post, $"/api/councils/{council}/sittings/{sitting}/open");
            await admin.OkAsync(HttpMethod.Post, $"/api/councils/{council}/accounts", new { login = "sec-" + council, password = "secretary-password-" + council, role = "secretary" });
            var secretary = await RegistryClient.LoginAsync(hall, "sec-" + council, "secretary-password-" + council);
            var chair = hall.BuildConnection(HubNames.ChairPath, token: () => Task.FromResult<string?>(secretary.Token));
            var (pub, chairSeen, tabletSeen) = (new Seen(), new Seen(), new Seen());
            chairSeen.Watch(chair);
            await chair.StartAsync();
            var viewer = await hall.ConnectPublicAsync();
            pub.Watch(viewer);
            Assert.Equal(sitting, (await viewer.InvokeAsync<SittingView?>("WatchCouncil", council))!.SittingId);
            var tablet = await hall.ConnectTerminalAsync();
            tabletSeen.Watch(tablet);
            Assert.True((await tablet.InvokeAsync<HelloReply>("Hello", new HelloRequest(await admin.IssueTabletKeyAsync(council, hallId, 1), "t"))).Accepted);
            var deputy = (await admin.GetAsync($"/api/councils/{council}/deputies"))[0].GetProperty("id").GetString()!;
            sides.Add(new Side(council, sitting, hallId, chair, tablet, pub, chairSeen, tabletSeen, deputy, await admin.IssuePinAsync(council, deputy), secretary));
        }
        // With two councils there is no "the" current sitting for today's unscoped path.
        Assert.Equal(HttpStatusCode.NotFound, (await hall.Http.GetAsync("/api/sittings/current")).StatusCode);

        var (a, b) = (sides[0], sides[1]);
        // A deputy and PIN of one council identify nobody at the other's seat.
        await a.Chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
        await b.Chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
        var foreign = await b.Tablet.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), 1, Pin: a.Pin, Deputy: a.Deputy));
        Assert.Equal("wrong-pin", foreign.Reason);
        var voteIds = new Dictionary<string, string>();
        foreach (var s in sides)
        {
            await s.Tablet.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), 1, Pin: s.Pin, Deputy: s.Deputy)).Must();
            await admin.IdentifyAtGatewayAsync(s.Council, s.HallId, first: 1, count: 13, firstSeat: 2);
            await s.Chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
            var view = await hall.Http.GetFromJsonAsync<SittingView>($"/api/sittings/{s.SittingId}");
            await s.Chair.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(view!.Agenda[0].Id)).Must();
            voteIds[s.Council] = (await s.Chair.InvokeAsync<CommandAck>("OpenVote", new OpenVoteRequest("Про бюджет", "as-a-whole", "majority-of-composition", "named", 120)).Must()).Id!;
        }
        await Task.WhenAll(sides.Select(s => s.Tablet.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), 1, voteIds[s.Council], s.Council == "alfa" ? "yes" : "no")).Must()));
        foreach (var s in sides) await s.Chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteIds[s.Council])).Must();
        foreach (var s in sides)
            await Eventually.True(() => { lock (s.Public) return s.Public.Votes.Contains(voteIds[s.Council]); }, $"{s.Council}'s public page saw its own tally");

        foreach (var s in sides)
        {
            var other = sides.Single(x => x != s);
            foreach (var seen in new[] { s.Public, s.ChairSeen, s.TabletSeen })
                lock (seen)
                {
                    Assert.DoesNotContain(other.SittingId, seen.Sittings);
                    Assert.DoesNotContain(voteIds[other.Council], seen.Votes);
                    Assert.Contains(s.SittingId, seen.Sittings);
                }
            // A council's secretary may not change the other's registry.
            var forbidden = await s.Secretary.RefusedAsync(HttpMethod.Post, $"/api/councils/{other.Council}/factions", new { name = "Чужа" }, HttpStatusCode.Forbidden);
            Assert.Equal("forbidden", forbidden.GetProperty("code").GetString());
            var vote = await hall.Http.GetFromJsonAsync<VoteView>($"/api/votes/{voteIds[s.Council]}");
            Assert.Equal(s.Council == "alfa" ? 1 : 0, vote!.Tally.Yes);
        }
        await Eventually.True(() => sides.All(s => File.Exists(Path.Combine(hall.DataDir, "opendata", s.SittingId, "ua-835", "vote.csv"))), "both sittings' roll calls are published");
        var alfaVotes = await File.ReadAllTextAsync(Path.Combine(hall.DataDir, "opendata", a.SittingId, "ua-835", "vote.csv"));
        Assert.DoesNotContain(voteIds["beta"], alfaVotes);
        Assert.DoesNotContain("beta", alfaVotes);
    }
}
