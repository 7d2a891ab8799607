using System.Diagnostics;

namespace Session.Broadcast.Health;

/// <summary>kbit/s from a growing byte count, over the time between samples (at least half a second).</summary>
public sealed class BitrateMeter
{
    private readonly Lock gate = new();
    private long lastBytes = -1, lastAt;
    private double? last;

    public double? Sample(long bytes)
    {
        lock (gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (lastBytes < 0 || bytes < lastBytes) { lastBytes = bytes; lastAt = now; return last; }
            var seconds = Stopwatch.GetElapsedTime(lastAt, now).TotalSeconds;
            if (seconds < 0.5) return last;
            last = (bytes - lastBytes) * 8 / 1000.0 / seconds;
            lastBytes = bytes; lastAt = now;
            return last;
        }
    }
}
