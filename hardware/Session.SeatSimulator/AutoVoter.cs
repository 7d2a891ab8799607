using Session.Hardware.SeatBus;

namespace Session.SeatSimulator;

/// <summary>
/// For the demo: a registered seat whose "vote open" lamp lights presses a key a few seconds later
/// (mostly yes), the way a hall of deputies would.
/// </summary>
public sealed class AutoVoter
{
    private readonly Random _random;

    public AutoVoter(IEnumerable<SimulatedSeat> seats, int seed)
    {
        _random = new Random(seed);
        foreach (var seat in seats) seat.LampsChanged += OnLamps;
    }

    private void OnLamps(SimulatedSeat seat, Lamps before, Lamps after)
    {
        bool opened = !before.HasFlag(Lamps.VoteOpen) && after.HasFlag(Lamps.VoteOpen);
        if (!opened || !after.HasFlag(Lamps.Registered)) return;
        int delay;
        SeatKey key;
        lock (_random)
        {
            delay = _random.Next(1000, 6000);
            int r = _random.Next(100);
            key = r < 70 ? SeatKey.Yes : r < 85 ? SeatKey.No : SeatKey.Abstain;
        }
        _ = Task.Delay(delay).ContinueWith(_ => { if (seat.Lamps.HasFlag(Lamps.VoteOpen)) seat.Press(key); }, TaskScheduler.Default);
    }
}
