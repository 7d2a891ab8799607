using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Session.HallServer.Tests.Faults;

/// <summary>
/// The hall server in its own network namespace (<see cref="HallNetwork"/>); the tablets reach it over a link that
/// loses, delays or stops carrying their packets, while the chair's path is clean. Whatever the link does, every
/// acknowledged press is counted once, a tablet's view equals the server's within seconds of the link coming back,
/// and the chair's seat map shows the cut tablets offline.
/// </summary>
public sealed class NetworkFaultTests(ITestOutputHelper output)
{
    private static readonly int[] TabletSeats = [15, 16, 17, 18, 19, 20];

    private sealed record Hall(HallServerProcess Server, HubConnection Chair, string VoteId, string SittingId, List<Tablet> Tablets);

    private static async Task<Hall> OpenAsync(HallNetwork net)
    {
        var server = await HallServerProcess.StartAsync(new HallServerStartOptions
        {
            Launcher = net.Launcher, Urls = net.Urls,
            // These tests are about lost packets, not transport: plain HTTP from the tablets' addresses (HTTPS off
            // loopback is HttpsTests').
            ExtraArgs = ["--Hall:Tls:AllowPlainHttp=true"],
        });
        try
        {
            var chair = await server.ConnectChairAsync();
            var gateway = await SittingDriver.GatewayAsync(server);
            await SittingDriver.RegisterAsync(chair, gateway, Enumerable.Range(1, 20));
            var voteId = await SittingDriver.OpenVoteAsync(chair, server, seconds: 3600);
            var tablets = new List<Tablet>();
            foreach (var seat in TabletSeats)
            {
                var tablet = new Tablet(server, (await server.IssueTerminalAsync("tablet", seat)).Key, seat, net.TerminalAddress);
                await tablet.ConnectAsync();
                tablets.Add(tablet);
            }
            return new Hall(server, chair, voteId, (await server.CurrentSittingAsync()).SittingId, tablets);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static async Task CloseAsync(Hall hall)
    {
        foreach (var t in hall.Tablets) await t.DisposeAsync();
        await hall.Server.DisposeAsync();
    }

    /// <summary>The journal holds each press once, the acknowledged ones at their sequence numbers.</summary>
    private static async Task AssertCountedOnceAsync(Hall hall, IEnumerable<(string CommandId, CommandAck Ack)> presses)
    {
        var byCommand = JournalCopy.CastsByCommand(await JournalCopy.ReadAsync(hall.Server, hall.SittingId));
        Assert.All(byCommand, g => Assert.Single(g.Value));
        foreach (var (id, ack) in presses)
        {
            Assert.True(ack.Accepted, $"press {id} refused: {ack.Reason}");
            Assert.Equal(ack.JournalSeq, byCommand[id].Single().Seq);
        }
    }

    /// <summary>Each tablet's last pushed seat equals the server's seat map, and the vote's tally equals the seats' choices.</summary>
    private static async Task<bool> ViewsAgreeAsync(Hall hall)
    {
        var seats = await hall.Chair.InvokeAsync<SeatView[]>("Seats");
        foreach (var t in hall.Tablets)
        {
            var server = seats.Single(s => s.Seat == t.Seat);
            if (t.LastSeat is not { } mine || mine.Choice != server.Choice || mine.Registered != server.Registered || !server.Online) return false;
        }
        var vote = await hall.Server.Http.GetFromJsonAsync<VoteView>($"/api/votes/{hall.VoteId}");
        return vote!.Tally.Yes == seats.Count(s => s.Choice == "yes") && vote.Tally.No == seats.Count(s => s.Choice == "no");
    }

    [Fact]
    public async Task Presses_over_a_lossy_slow_link_are_each_counted_once_and_every_tablets_view_equals_the_servers()
    {
        using var net = HallNetwork.Create();
        var hall = await OpenAsync(net);
        try
        {
            net.Lossy(5);
            net.Slow(delayMs: 50, jitterMs: 20, reorderPercent: 10);
            output.WriteLine($"link: 5% loss each way, shaped by {net.Shaper}");
            var choices = new[] { "yes", "no", "abstain" };
            var presses = await Task.WhenAll(hall.Tablets.Select(async t =>
            {
                var done = new List<(string, CommandAck)>();
                for (int i = 0; i < 12; i++)
                {
                    var (id, ack, _) = await t.PressAsync(hall.VoteId, choices[(i + t.Seat) % 3], TimeSpan.FromSeconds(60));
                    done.Add((id, ack));
                    await Task.Delay(100);
                }
                return done;
            }));
            output.WriteLine($"reconnects: {hall.Tablets.Sum(t => t.Reconnects)}");

            await AssertCountedOnceAsync(hall, presses.SelectMany(p => p));
            net.Mend();
            await Eventually.True(() => ViewsAgreeAsync(hall), "every tablet's view equals the server's", TimeSpan.FromSeconds(20));
        }
        finally
        {
            await CloseAsync(hall);
        }
    }

    [Fact]
    public async Task A_link_cut_mid_vote_shows_the_tablets_offline_and_after_it_returns_each_press_counts_once_and_views_resynchronise()
    {
        using var net = HallNetwork.Create();
        var hall = await OpenAsync(net);
        try
        {
            var first = await Task.WhenAll(hall.Tablets.Select(t => t.PressAsync(hall.VoteId, "yes", TimeSpan.FromSeconds(30))));
            await Eventually.True(async () => (await hall.Chair.InvokeAsync<SeatView[]>("Seats")).Where(s => TabletSeats.Contains(s.Seat)).All(s => s.Online),
                "the tablets online on the chair's seat map");

            net.Cut();
            // The deputies press again while the link is dead; the tablets keep resending the same commands.
            var during = hall.Tablets.Select(t => t.PressAsync(hall.VoteId, "no", TimeSpan.FromSeconds(120))).ToArray();
            // The server hears nothing at all; it drops the connections at its client timeout (SignalR's, 30 s).
            await Eventually.True(async () => (await hall.Chair.InvokeAsync<SeatView[]>("Seats")).Where(s => TabletSeats.Contains(s.Seat)).All(s => !s.Online),
                "the cut tablets offline on the chair's seat map", TimeSpan.FromSeconds(60));
            var seats = await hall.Chair.InvokeAsync<SeatView[]>("Seats");
            Assert.All(seats.Where(s => s.Seat <= 14), s => Assert.True(s.Registered));
            Assert.All(seats.Where(s => TabletSeats.Contains(s.Seat)), s => Assert.Equal("yes", s.Choice));

            net.Mend();
            var mended = System.Diagnostics.Stopwatch.StartNew();
            var second = await Task.WhenAll(during);
            await Eventually.True(() => ViewsAgreeAsync(hall), "every tablet's view equals the server's after the link came back", TimeSpan.FromSeconds(30));
            output.WriteLine($"resynchronised {mended.Elapsed.TotalSeconds:F1} s after the link came back");

            await AssertCountedOnceAsync(hall, first.Concat(second).Select(p => (p.CommandId, p.Ack)));
            seats = await hall.Chair.InvokeAsync<SeatView[]>("Seats");
            Assert.All(seats.Where(s => TabletSeats.Contains(s.Seat)), s => Assert.Equal("no", s.Choice));
        }
        finally
        {
            await CloseAsync(hall);
        }
    }
}
