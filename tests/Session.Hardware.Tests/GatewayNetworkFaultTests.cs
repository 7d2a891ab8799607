using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Hardware.SeatBus;
using Session.Testing;
using Xunit.Abstractions;

namespace Session.Hardware.Tests;

/// <summary>
/// The seat gateway on the far side of a faulty network: the hall-server in its namespace (<see cref="HallNetwork"/>),
/// the real gateway process in the terminals' box, the seats on their Seat Bus lines. The link loses and delays
/// packets, then stops carrying any; the chair's path stays clean.
/// </summary>
public sealed class GatewayNetworkFaultTests(ITestOutputHelper output)
{
    private static async Task PressAsync(HallRig rig, int seat, SeatKey key)
    {
        var unit = rig.Seat(seat);
        await Eventually.True(() => unit.AllAcked, $"seat {seat}'s previous press acked", HallRig.Wait);
        unit.Press(key);
    }

    private static async Task<int[]> OnlineAsync(HallRig rig) => (await rig.SeatsAsync()).Where(s => s.Online).Select(s => s.Seat).ToArray();

    [Fact]
    public async Task Over_a_lossy_link_cut_mid_vote_every_press_counts_once_and_the_seat_map_shows_the_gateways_seats_offline_then_back()
    {
        using var net = HallNetwork.Create();
        await using var rig = await HallRig.StartAsync(net: net);
        net.Lossy(5);
        net.Slow(delayMs: 50, jitterMs: 20, reorderPercent: 10);
        output.WriteLine($"link: 5% loss each way, shaped by {net.Shaper}");

        await rig.RegisterAllAsync();
        var voteId = await rig.OpenVoteAsync();
        foreach (var seat in HallRig.AllSeats) await PressAsync(rig, seat, SeatKey.Yes);
        await rig.WaitForLampsAsync(HallRig.AllSeats.ToDictionary(s => s, _ => SeatKey.Yes));

        // The cable is pulled mid-vote; seats 1-14 change their minds while nothing gets through. The gateway keeps each
        // press in its outbox (the seat's ack) and the hall hears none of them.
        net.Cut();
        var cut = Stopwatch.StartNew();
        var changed = Enumerable.Range(1, 14).ToArray();
        foreach (var seat in changed) await PressAsync(rig, seat, SeatKey.No);
        await Eventually.True(() => changed.All(s => rig.Seat(s).AllAcked), "the presses made during the cut kept by the gateway", HallRig.Wait);
        // Silence is all the hall gets; when the gateway's lease on its seat report runs out the chair sees them offline.
        await Eventually.True(async () => (await OnlineAsync(rig)).Length == 0, "the gateway's 27 seats offline on the chair's seat map: " + rig.Gateway!.AllOutput,
            TimeSpan.FromSeconds(30));
        output.WriteLine($"seats offline {cut.Elapsed.TotalSeconds:F1} s after the cut");
        Assert.Equal(27, (await rig.Hall.CurrentSittingAsync()).Registered);
        Assert.All(rig.JournalCasts(voteId).GroupBy(c => c.Seat), g => Assert.Equal(["yes"], g.Select(c => c.Choice)));

        // A lease the hall does not accept is refused in both languages, and changes nobody's presence.
        var other = await SittingDriver.GatewayAsync(rig.Hall); // closed with the hall
        {
            var refused = await other.InvokeAsync<CommandAck>("ReportSeats", new SeatHealthReport([1, 2], [], LeaseSeconds: 1));
            Assert.Equal(("bad-lease", false), (refused.Reason, refused.Accepted));
            Assert.Contains("від 3 до 300 секунд", refused.Message);
            Assert.Contains("3 to 300 seconds", refused.MessageEn);
            Assert.Empty(await OnlineAsync(rig));
        }

        net.Mend();
        var mended = Stopwatch.StartNew();
        await Eventually.True(async () => (await OnlineAsync(rig)).Length == 27, "all 27 seats online again: " + rig.Gateway.AllOutput, TimeSpan.FromSeconds(30));
        output.WriteLine($"seats online {mended.Elapsed.TotalSeconds:F1} s after the link came back");
        var last = HallRig.AllSeats.ToDictionary(s => s, s => s <= 14 ? SeatKey.No : SeatKey.Yes);
        await rig.WaitForLampsAsync(last);

        // Each press exactly once, in press order, each its own command id: the re-sends after the cut kept theirs.
        var casts = rig.JournalCasts(voteId);
        foreach (var seat in HallRig.AllSeats)
            Assert.Equal(seat <= 14 ? ["yes", "no"] : ["yes"], casts.Where(c => c.Seat == seat).Select(c => c.Choice));
        Assert.Equal(casts.Count, casts.Select(c => c.CommandId).Distinct().Count());
        var vote = await rig.CloseVoteAsync(voteId);
        Assert.Equal((13, 14, 0), (vote.Tally.Yes, vote.Tally.No, vote.Tally.Abstain));
        Assert.Contains(rig.Gateway.Stdout, l => l.Contains("lost the hall-server") || l.Contains("cannot reach"));
    }
}
