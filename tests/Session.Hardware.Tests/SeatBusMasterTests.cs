using Session.Hardware.Polling;
using Session.Hardware.SeatBus;
using Session.Testing;

namespace Session.Hardware.Tests;

/// <summary>The master against simulated seats over real socat ptys.</summary>
public sealed class SeatBusMasterTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static async Task PressAndWaitAcked(BusHarness h, byte address, SeatKey key)
    {
        var seat = h.Simulator[address];
        await Eventually.True(() => seat.AllAcked, $"seat {address} acked before the next press", Wait);
        seat.Press(key);
        await Eventually.True(() => seat.AllAcked, $"seat {address}'s {key} acked", Wait);
    }

    /// <summary>Waits until the current master has had replies from a seat (its first contact is behind it).</summary>
    private static Task RepliedAsync(BusHarness h, byte address, long after = 0) =>
        Eventually.True(() => h.Master.Counters().Single(c => c.Address == address).Replies > after, $"seat {address} answered the master", Wait);

    [Fact]
    public async Task Every_press_is_forwarded_exactly_once_with_its_number_key_and_card()
    {
        await using var h = await BusHarness.StartAsync(seats: 8);
        await Eventually.True(() => h.Sink.States.Count(s => s.Online) == 8, "all seats online", Wait);
        h.Simulator[3].InsertCard(Convert.FromHexString("04A22B03"));
        await Eventually.True(() => h.Sink.Cards.Any(c => c.Address == 3 && c.Card == "04A22B03"), "card seen", Wait);

        var keys = new[] { SeatKey.Yes, SeatKey.No, SeatKey.Abstain, SeatKey.FloorRequest, SeatKey.FloorWithdraw };
        var expected = new List<(byte, byte, SeatKey)>();
        for (int round = 0; round < 3; round++)
            for (byte a = 1; a <= 8; a++)
            {
                var key = keys[(a + round) % keys.Length];
                await PressAndWaitAcked(h, a, key);
                expected.Add((a, (byte)(round + 1), key));
            }
        await Task.Delay(500); // several more cycles: the acked events are still reported by the seats, and must not be forwarded again
        var got = h.Sink.Presses.Select(p => (p.Address, p.Evt, p.Key)).ToList();
        Assert.Equal(expected.Order(), got.Order());
        Assert.All(h.Sink.Presses.Where(p => p.Address == 3), p => Assert.Equal("04A22B03", p.Card));
        Assert.All(h.Master.Counters(), c => Assert.Equal(0, c.CorruptFrames));
    }

    [Fact]
    public async Task A_press_is_acked_to_the_seat_only_after_the_sink_kept_it()
    {
        await using var h = await BusHarness.StartAsync(seats: 2);
        await Eventually.True(() => h.Sink.States.Count(s => s.Online) == 2, "seats online", Wait);
        var hold = new TaskCompletionSource();
        h.Sink.Hold = hold;
        h.Simulator[1].Press(SeatKey.Yes);
        await Eventually.True(() => h.Sink.Presses.Count == 1, "press forwarded", Wait);
        var cycles = h.Cycles.Count;
        await Eventually.True(() => h.Cycles.Count > cycles + 5, "five more cycles", Wait);
        Assert.False(h.Simulator[1].AllAcked);
        Assert.Single(h.Sink.Presses); // repeated by the seat, forwarded once
        hold.SetResult();
        await Eventually.True(() => h.Simulator[1].AllAcked, "acked once kept", Wait);
        Assert.Single(h.Sink.Presses);
    }

    [Fact]
    public async Task A_press_replacing_an_unacked_one_is_forwarded_too()
    {
        await using var h = await BusHarness.StartAsync(seats: 2);
        await Eventually.True(() => h.Sink.States.Count(s => s.Online) == 2, "seats online", Wait);
        var hold = new TaskCompletionSource();
        h.Sink.Hold = hold;
        h.Simulator[2].Press(SeatKey.Yes);
        await Eventually.True(() => h.Sink.Presses.Count == 1, "first press forwarded", Wait);
        h.Simulator[2].Press(SeatKey.No); // SEAT-BUS.md: same number, newest press replaces the pending one
        await Eventually.True(() => h.Sink.Presses.Count == 2, "replacement forwarded", Wait);
        hold.SetResult();
        await Eventually.True(() => h.Simulator[2].AllAcked, "acked", Wait);
        Assert.Equal([(1, SeatKey.Yes), (1, SeatKey.No)], h.Sink.Presses.Select(p => ((int)p.Evt, p.Key)));
    }

    [Fact]
    public async Task An_unplugged_seat_goes_offline_after_three_misses_and_comes_back_with_one_reply()
    {
        await using var h = await BusHarness.StartAsync(seats: 4);
        await Eventually.True(() => h.Sink.States.Count(s => s.Online) == 4, "all online", Wait);
        h.Simulator[2].Unplug();
        await Eventually.True(() => h.Sink.States.Any(s => s.Address == 2 && !s.Online), "seat 2 offline", Wait);
        var c = h.Master.Counters().Single(x => x.Address == 2);
        Assert.False(c.Online);
        Assert.True(c.Timeouts >= 3);
        Assert.DoesNotContain(h.Sink.States, s => s.Address != 2 && !s.Online);
        h.Simulator[2].Plug();
        await Eventually.True(() => h.Sink.States.Count(s => s.Address == 2) == 3, "seat 2 online again", Wait);
        Assert.Equal([true, false, true], h.Sink.States.Where(s => s.Address == 2).Select(s => s.Online));
    }

    [Fact]
    public async Task With_one_percent_line_noise_only_real_presses_are_forwarded_each_once_and_errors_are_counted()
    {
        await using var h = await BusHarness.StartAsync(seats: 6, noise: 0.01, seed: 1234);
        await Eventually.True(() => h.Sink.States.Count(s => s.Online) >= 6, "all seats answered", Wait);
        var expected = new List<(byte, SeatKey)>();
        var keys = new[] { SeatKey.Yes, SeatKey.No, SeatKey.Abstain };
        for (int round = 0; round < 4; round++)
            for (byte a = 1; a <= 6; a++)
            {
                await PressAndWaitAcked(h, a, keys[(a * 7 + round) % 3]);
                expected.Add((a, keys[(a * 7 + round) % 3]));
            }
        await Eventually.True(() => h.Master.Counters().Sum(c => c.CorruptFrames + c.Timeouts) > 0, "noise was noticed", Wait);
        await Task.Delay(300);
        // Per seat, exactly the presses made, in order, numbered 1, 2, 3, 4.
        foreach (var group in h.Sink.Presses.GroupBy(p => p.Address))
        {
            Assert.Equal(expected.Where(e => e.Item1 == group.Key).Select(e => e.Item2), group.Select(p => p.Key));
            Assert.Equal([1, 2, 3, 4], group.Select(p => (int)p.Evt));
        }
        Assert.Equal(expected.Count, h.Sink.Presses.Count);
        Assert.True(h.Simulator.NoiseInjected > 0);
    }

    [Fact]
    public async Task A_restarted_master_with_the_kept_memory_does_not_forward_old_events_and_one_without_adopts_them()
    {
        await using var h = await BusHarness.StartAsync(seats: 2);
        await Eventually.True(() => h.Sink.States.Count(s => s.Online) == 2, "seats online", Wait);
        await PressAndWaitAcked(h, 1, SeatKey.Yes);
        Assert.Single(h.Sink.Presses);
        await h.StopMasterAsync();

        h.StartMaster(115200, 2, known: new Dictionary<byte, SeatMemory> { [1] = new(1, SeatKeys.Yes) });
        await RepliedAsync(h, 1);
        await PressAndWaitAcked(h, 1, SeatKey.No);
        Assert.Equal([(1, SeatKey.Yes), (2, SeatKey.No)], h.Sink.Presses.Select(p => ((int)p.Evt, p.Key)));
        await h.StopMasterAsync();

        // Nothing known (first install): the seat's pending event 2 may be old; it is adopted, not forwarded.
        h.StartMaster(115200, 2);
        await RepliedAsync(h, 1);
        await PressAndWaitAcked(h, 1, SeatKey.Abstain);
        Assert.Equal([(1, SeatKey.Yes), (2, SeatKey.No), (3, SeatKey.Abstain)], h.Sink.Presses.Select(p => ((int)p.Evt, p.Key)));
    }

    [Fact]
    public async Task A_seat_powered_up_again_numbers_from_one_and_its_presses_still_count()
    {
        await using var h = await BusHarness.StartAsync(seats: 1);
        await Eventually.True(() => h.Sink.States.Count(s => s.Online) == 1, "seat online", Wait);
        await PressAndWaitAcked(h, 1, SeatKey.Yes);
        var before = h.Master.Counters().Single(c => c.Address == 1).Replies;
        h.Simulator[1].PowerCycle();
        await RepliedAsync(h, 1, after: before + 1); // one full reply after the power cycle: the master saw EVT 0
        await PressAndWaitAcked(h, 1, SeatKey.Yes);
        Assert.Equal([1, 1], h.Sink.Presses.Select(p => (int)p.Evt));
    }

    [Fact]
    public async Task Lamps_set_on_the_master_light_on_the_seat()
    {
        await using var h = await BusHarness.StartAsync(seats: 3);
        h.Master.SetLamps(2, Lamps.VoteOpen | Lamps.Registered | Lamps.Yes);
        await Eventually.True(() => h.Simulator[2].Lamps == (Lamps.VoteOpen | Lamps.Registered | Lamps.Yes), "lamps lit", Wait);
        Assert.Equal(Lamps.None, h.Simulator[1].Lamps);
    }

    [Fact]
    public async Task Text_set_on_the_master_reaches_the_seat_display_cut_to_32_bytes_and_polling_goes_on()
    {
        await using var h = await BusHarness.StartAsync(seats: 3);
        await Eventually.True(() => h.Sink.States.Count(s => s.Online) == 3, "seats online", Wait);
        h.Master.SetText(2, "Шевченко Тарас Григорович, депутат");
        await Eventually.True(() => h.Simulator[2].Text is not null, "text shown", Wait);
        Assert.Equal("Шевченко Тарас Гр", h.Simulator[2].Text); // 15 Cyrillic letters × 2 + 2 spaces = 32 bytes
        await PressAndWaitAcked(h, 2, SeatKey.Yes);
        Assert.Single(h.Sink.Presses);
        Assert.Null(h.Simulator[1].Text);
    }

    [Fact]
    public void Text_fit_cuts_between_characters()
    {
        Assert.Equal("ЗА", TextRequest.Fit("ЗА"));
        Assert.Equal(new string('a', 32), TextRequest.Fit(new string('a', 40)));
        Assert.Equal(new string('a', 31), TextRequest.Fit(new string('a', 31) + "Ж"));
    }
}
