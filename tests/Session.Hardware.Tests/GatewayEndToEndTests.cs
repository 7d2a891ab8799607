using Session.Hardware.SeatBus;
using Session.Testing;

namespace Session.Hardware.Tests;

/// <summary>Simulated seats → Seat Bus over socat ptys → the gateway process → the real hall-server, and back to the lamps.</summary>
public sealed class GatewayEndToEndTests
{
    private static SeatKey Choice(int seat) => seat % 5 == 0 ? SeatKey.No : seat % 7 == 0 ? SeatKey.Abstain : SeatKey.Yes;
    private static string Wire(SeatKey k) => k switch { SeatKey.Yes => "yes", SeatKey.No => "no", _ => "abstain" };

    private static async Task PressAsync(HallRig rig, int seat, SeatKey key)
    {
        var unit = rig.Seat(seat);
        await Eventually.True(() => unit.AllAcked, $"seat {seat}'s previous press acked", HallRig.Wait);
        unit.Press(key);
    }

    private static async Task FullVoteAsync(HallRig rig)
    {
        await rig.RegisterAllAsync();
        await Eventually.True(() => HallRig.AllSeats.All(s => !string.IsNullOrEmpty(rig.Seat(s).Text)), "every seat's display shows its registered deputy", HallRig.Wait);
        var voteId = await rig.OpenVoteAsync();

        var presses = new Dictionary<int, List<SeatKey>>();
        foreach (var seat in HallRig.AllSeats) presses[seat] = [Choice(seat)];
        foreach (var seat in new[] { 3, 16, 27 }) presses[seat].Add(SeatKey.No); // changed their minds: the last press counts
        foreach (var seat in HallRig.AllSeats) await PressAsync(rig, seat, presses[seat][0]);
        foreach (var seat in new[] { 3, 16, 27 }) await PressAsync(rig, seat, SeatKey.No);
        var last = presses.ToDictionary(p => p.Key, p => p.Value[^1]);
        await rig.WaitForLampsAsync(last);

        // In the journal: exactly one VoteCast per press, in press order per seat, each with its own command id.
        var casts = rig.JournalCasts(voteId);
        foreach (var seat in HallRig.AllSeats)
            Assert.Equal(presses[seat].Select(Wire), casts.Where(c => c.Seat == seat).Select(c => c.Choice));
        Assert.Equal(casts.Count, casts.Select(c => c.CommandId).Distinct().Count());

        var vote = await rig.CloseVoteAsync(voteId);
        int yes = last.Values.Count(k => k == SeatKey.Yes), no = last.Values.Count(k => k == SeatKey.No), abstain = last.Values.Count(k => k == SeatKey.Abstain);
        Assert.Equal((yes, no, abstain, 0, 0), (vote.Tally.Yes, vote.Tally.No, vote.Tally.Abstain, vote.Tally.NotVoting, vote.Tally.Absent));
        Assert.Equal("За", vote.RollCall!.Single(r => r.DeputyId == "dep-01").ResultUk);
        Assert.Equal("Проти", vote.RollCall!.Single(r => r.DeputyId == "head").ResultUk);
    }

    [Fact]
    public async Task A_full_vote_of_27_hardware_seats_on_two_lines_lands_in_the_journal_exactly_once_per_press()
    {
        await using var rig = await HallRig.StartAsync();
        await FullVoteAsync(rig);
    }

    [Fact]
    public async Task With_one_percent_garbage_on_both_lines_the_vote_is_exact_and_the_errors_are_counted()
    {
        await using var rig = await HallRig.StartAsync(noise: 0.01);
        await FullVoteAsync(rig);
        Assert.All(rig.Lines, l => Assert.True(l.NoiseInjected > 0));
        Assert.True(rig.Lines.Sum(l => l.CorruptFramesSeen) > 0, "the seats saw corrupt polls and ignored them");
        // Stopped as systemd stops it, the gateway logs each line's counters: the noise shows as corrupt frames.
        Assert.Equal(0, await rig.Gateway!.TerminateAsync(TimeSpan.FromSeconds(30)));
        foreach (var line in new[] { 0, 1 })
        {
            var summary = rig.Gateway.Stdout.Last(l => l.Contains($"line {line}: ") && l.Contains("corrupt frames"));
            var corrupt = System.Text.RegularExpressions.Regex.Match(summary, @"(\d+) corrupt frames");
            Assert.True(corrupt.Success && long.Parse(corrupt.Groups[1].Value) > 0, summary);
        }
    }

    [Fact]
    public async Task A_seat_unplugged_goes_offline_in_the_hall_and_comes_back()
    {
        await using var rig = await HallRig.StartAsync();
        await Eventually.True(async () => (await rig.SeatsAsync()).Count(s => s.Online) == 27, "all seats online", HallRig.Wait);
        rig.Seat(20).Unplug();
        await Eventually.True(async () => (await rig.SeatsAsync()).Single(s => s.Seat == 20) is { Online: false }, "seat 20 offline", HallRig.Wait);
        Assert.Equal([20], (await rig.SeatsAsync()).Where(s => !s.Online).Select(s => s.Seat));
        rig.Seat(20).Plug();
        await Eventually.True(async () => (await rig.SeatsAsync()).Count(s => s.Online) == 27, "seat 20 back online", HallRig.Wait);
    }

    [Fact]
    public async Task The_gateway_killed_and_restarted_mid_vote_loses_no_acknowledged_press_and_repeats_none()
    {
        await using var rig = await HallRig.StartAsync();
        await rig.RegisterAllAsync();
        var voteId = await rig.OpenVoteAsync();
        foreach (var seat in HallRig.AllSeats) await PressAsync(rig, seat, SeatKey.Yes);
        await rig.WaitForLampsAsync(HallRig.AllSeats.ToDictionary(s => s, _ => SeatKey.Yes));

        // A second round on line 0; kill -9 the gateway as soon as the first of them is acknowledged to its seat.
        var changed = Enumerable.Range(1, 14).ToArray();
        foreach (var seat in changed) await PressAsync(rig, seat, SeatKey.No);
        await Eventually.True(() => changed.Any(s => rig.Seat(s).AllAcked), "a press of the second round acknowledged", HallRig.Wait);
        rig.Gateway!.Kill();
        var ackedBeforeKill = changed.Where(s => rig.Seat(s).AllAcked).ToArray();
        Assert.NotEmpty(ackedBeforeKill);

        rig.StartGateway();
        var last = HallRig.AllSeats.ToDictionary(s => s, s => s <= 14 ? SeatKey.No : SeatKey.Yes);
        await rig.WaitForLampsAsync(last);
        await Eventually.True(() => HallRig.AllSeats.All(s => rig.Seat(s).AllAcked), "every press acknowledged", HallRig.Wait);

        var casts = rig.JournalCasts(voteId);
        foreach (var seat in HallRig.AllSeats)
            Assert.Equal(seat <= 14 ? ["yes", "no"] : ["yes"], casts.Where(c => c.Seat == seat).Select(c => c.Choice));
        var vote = await rig.CloseVoteAsync(voteId);
        Assert.Equal((13, 14), (vote.Tally.Yes, vote.Tally.No));
    }

    [Fact]
    public async Task Presses_during_network_loss_and_a_hall_server_kill_are_re_sent_and_counted_once()
    {
        await using var rig = await HallRig.StartAsync();
        await rig.RegisterAllAsync();
        var voteId = await rig.OpenVoteAsync();

        // Network loss: presses are kept by the gateway (and acknowledged to the seats) while the hub is unreachable.
        rig.Network.Cut();
        foreach (var seat in HallRig.AllSeats) await PressAsync(rig, seat, SeatKey.Yes);
        await Eventually.True(() => HallRig.AllSeats.All(s => rig.Seat(s).AllAcked), "presses kept by the gateway while offline", HallRig.Wait);
        rig.Network.Restore();
        await rig.WaitForLampsAsync(HallRig.AllSeats.ToDictionary(s => s, _ => SeatKey.Yes));

        // kill -9 of the hall-server right after a round of presses on line 1; it comes back on the same data.
        var changed = Enumerable.Range(15, 13).ToArray();
        foreach (var seat in changed) await PressAsync(rig, seat, SeatKey.Abstain);
        await Eventually.True(() => changed.Count(s => rig.Seat(s).AllAcked) >= 3, "some presses of the round kept", HallRig.Wait);
        rig.Hall.Kill();
        await rig.RestartHallAsync();
        var last = HallRig.AllSeats.ToDictionary(s => s, s => s >= 15 ? SeatKey.Abstain : SeatKey.Yes);
        await rig.WaitForLampsAsync(last);

        var casts = rig.JournalCasts(voteId);
        foreach (var seat in HallRig.AllSeats)
            Assert.Equal(seat >= 15 ? ["yes", "abstain"] : ["yes"], casts.Where(c => c.Seat == seat).Select(c => c.Choice));
        var vote = await rig.CloseVoteAsync(voteId);
        Assert.Equal((14, 0, 13), (vote.Tally.Yes, vote.Tally.No, vote.Tally.Abstain));
    }

    [Fact]
    public async Task A_usb_keypad_on_a_seat_casts_through_the_gateway_once_per_press()
    {
        var dir = Directory.CreateTempSubdirectory("gwhid-").FullName;
        var fifo = Path.Combine(dir, "hidraw0");
        using (var mk = System.Diagnostics.Process.Start("mkfifo", fifo)!) mk.WaitForExit();
        try
        {
            await using var rig = await HallRig.StartAsync(hid: [(fifo, 26, "keypad")]);
            await rig.RegisterAllAsync();
            var voteId = await rig.OpenVoteAsync();
            await using var keypad = new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            byte[] Report(byte key) => [0, 0, key, 0, 0, 0, 0, 0];
            // keypad 2 (no) pressed, held for three repeat reports, released: one press.
            foreach (var r in new[] { Report(0x5A), Report(0x5A), Report(0x5A), Report(0) }) await keypad.WriteAsync(r);
            await Eventually.True(() => (rig.Seat(26).Lamps & (Lamps.Yes | Lamps.No | Lamps.Abstain)) == Lamps.No, "seat 26 lamp shows the keypad's no", HallRig.Wait);
            await Task.Delay(500);
            Assert.Equal(["no"], rig.JournalCasts(voteId).Where(c => c.Seat == 26).Select(c => c.Choice));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task A_line_whose_port_goes_away_shows_its_seats_offline_and_is_reopened_when_it_is_back()
    {
        await using var rig = await HallRig.StartAsync();
        await Eventually.True(async () => (await rig.SeatsAsync()).Count(s => s.Online) == 27, "all seats online", HallRig.Wait);
        await rig.UnplugLineAsync(0);
        await Eventually.True(async () => (await rig.SeatsAsync()).Where(s => !s.Online).Select(s => s.Seat).SequenceEqual(Enumerable.Range(1, 14)),
            "seats 1-14 offline, line 1 still online: " + rig.Gateway!.AllOutput, HallRig.Wait);
        Assert.False(rig.Gateway!.HasExited);
        await rig.ReplugLineAsync(0);
        await Eventually.True(async () => (await rig.SeatsAsync()).Count(s => s.Online) == 27, "line 0 reopened: " + rig.Gateway.AllOutput, HallRig.Wait);
        Assert.Contains(rig.Gateway.Stdout, l => l.Contains("line 0") && l.Contains("reopening"));
    }
}
