using System.Diagnostics;
using Session.Hardware.SeatBus;
using Session.SeatSimulator;
using Session.Testing;

namespace Session.Hardware.Tests;

public sealed class SimulatorTests
{
    [Fact]
    public void A_seat_repeats_its_event_until_acked_and_a_press_before_the_ack_replaces_it()
    {
        var seat = new SimulatedSeat(5);
        Assert.Equal(StatusReply.Idle, seat.OnPoll(new PollRequest(Lamps.None, 0)));
        seat.Press(SeatKey.Yes);
        Assert.Equal(new StatusReply(1, SeatKeys.Yes, []), seat.OnPoll(new PollRequest(Lamps.None, 0)));
        seat.Press(SeatKey.No); // not acked yet: same number
        Assert.Equal(new StatusReply(1, SeatKeys.No, []), seat.OnPoll(new PollRequest(Lamps.None, 1)));
        Assert.True(seat.AllAcked);
        seat.Press(SeatKey.Abstain);
        Assert.Equal(2, seat.OnPoll(new PollRequest(Lamps.None, 1))!.Evt);
        Assert.Equal(1, seat.Replaced);
    }

    [Fact]
    public void Event_numbers_wrap_from_255_to_1()
    {
        var seat = new SimulatedSeat(1);
        for (int i = 1; i <= 256; i++)
        {
            seat.Press(SeatKey.Yes);
            var evt = seat.OnPoll(new PollRequest(Lamps.None, 0))!.Evt;
            Assert.Equal(i <= 255 ? i : 1, evt);
            seat.OnPoll(new PollRequest(Lamps.None, evt));
        }
    }

    [Fact]
    public async Task Auto_voter_presses_once_when_the_vote_lamp_lights_on_a_registered_seat_only()
    {
        var registered = new SimulatedSeat(1);
        var stranger = new SimulatedSeat(2);
        _ = new AutoVoter([registered, stranger], seed: 3);
        registered.OnPoll(new PollRequest(Lamps.Registered, 0));
        stranger.OnPoll(new PollRequest(Lamps.None, 0));
        registered.OnPoll(new PollRequest(Lamps.Registered | Lamps.VoteOpen, 0));
        stranger.OnPoll(new PollRequest(Lamps.VoteOpen, 0));
        var polled = Stopwatch.StartNew();
        await Eventually.True(() => registered.Presses == 1, "the registered seat voted", TimeSpan.FromSeconds(30));
        // Any press these polls made the auto voter plan comes within 6 s of them (its delay is 1-6 s): wait that out
        // from the polls, not from the first press (which came 1-6 s after them, and is time already waited).
        var rest = TimeSpan.FromSeconds(6.5) - polled.Elapsed;
        if (rest > TimeSpan.Zero) await Task.Delay(rest);
        Assert.Equal(1, registered.Presses);
        Assert.Equal(0, stranger.Presses);
    }

    [Theory]
    [InlineData("press 5 maybe", "press needs")]
    [InlineData("card 5 XYZ", "not hex")]
    [InlineData("card 5 04A2", "2 bytes")]
    [InlineData("jump 5", "unknown verb")]
    [InlineData("at soon press 5 yes", "'at' needs")]
    [InlineData("press 0 yes", "1..247")]
    public void Bad_script_lines_are_refused_with_a_clear_message(string line, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => SimulatorCommand.Parse(line)).Message);

    [Fact]
    public void Script_line_applies_to_a_range_of_seats()
    {
        var seats = Enumerable.Range(1, 4).Select(a => new SimulatedSeat((byte)a)).ToDictionary(s => s.Address);
        var cmd = SimulatorCommand.Parse("at 1.5 press 2-3 floor-request");
        Assert.Equal(TimeSpan.FromSeconds(1.5), cmd.At);
        cmd.Apply(seats);
        Assert.Equal([0, 1, 1, 0], seats.Values.Select(s => (int)s.Presses));
        Assert.Throws<ArgumentException>(() => SimulatorCommand.Parse("unplug 9").Apply(seats));
    }
}
