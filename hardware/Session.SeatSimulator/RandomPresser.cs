using Session.Hardware.SeatBus;

namespace Session.SeatSimulator;

/// <summary>Presses random keys on random seats at a mean rate (presses per minute over the whole line), for soak runs.</summary>
public static class RandomPresser
{
    public static async Task RunAsync(IReadOnlyList<SimulatedSeat> seats, double perMinute, int seed, CancellationToken ct)
    {
        var random = new Random(seed);
        SeatKey[] keys = [SeatKey.Yes, SeatKey.No, SeatKey.Abstain, SeatKey.FloorRequest, SeatKey.FloorWithdraw];
        while (!ct.IsCancellationRequested)
        {
            // Exponential gaps: presses arrive as a Poisson process.
            var gap = TimeSpan.FromMinutes(-Math.Log(1 - random.NextDouble()) / perMinute);
            try { await Task.Delay(gap, ct); } catch (OperationCanceledException) { return; }
            seats[random.Next(seats.Count)].Press(keys[random.Next(keys.Length)]);
        }
    }
}
