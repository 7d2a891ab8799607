using System.Diagnostics;
using HdrHistogram;

namespace Session.Bench.Hall;

/// <summary>Latencies recorded in microseconds in an HdrHistogram (3 significant digits), read back in milliseconds.</summary>
public sealed class LatencyHistogram(string name)
{
    private readonly LongHistogram _us = new(TimeSpan.FromMinutes(10).Ticks / 10, 3);
    private readonly Lock _gate = new();

    public string Name { get; } = name;
    public long Count { get { lock (_gate) return _us.TotalCount; } }

    public void RecordMs(double ms)
    {
        lock (_gate) _us.RecordValue(Math.Max(0, (long)Math.Round(ms * 1000)));
    }

    /// <summary>Records the time from <paramref name="from"/> to <paramref name="to"/>, both Stopwatch timestamps.</summary>
    public void RecordBetween(long from, long to) => RecordMs(Ticks.ToMs(to - from));

    public double At(double percentile)
    {
        lock (_gate) return _us.TotalCount == 0 ? double.NaN : _us.GetValueAtPercentile(percentile) / 1000.0;
    }

    public double Max { get { lock (_gate) return _us.TotalCount == 0 ? double.NaN : _us.GetMaxValue() / 1000.0; } }
}

/// <summary>Stopwatch timestamps: CLOCK_MONOTONIC on Linux, so comparable across the bench's processes.</summary>
public static class Ticks
{
    public static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
    public static long FromMs(double ms) => (long)(ms * Stopwatch.Frequency / 1000.0);

    /// <summary>Waits until a Stopwatch timestamp; late wake-ups are not hidden, they count in the latency measured from it.</summary>
    public static async Task Until(long timestamp)
    {
        var wait = ToMs(timestamp - Stopwatch.GetTimestamp());
        if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait));
    }
}
