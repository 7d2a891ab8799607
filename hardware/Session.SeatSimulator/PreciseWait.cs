using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Session.SeatSimulator;

/// <summary>Waits until a <see cref="Stopwatch"/> timestamp to within tens of microseconds: nanosleep most of the way, spin the rest.</summary>
internal static partial class PreciseWait
{
    private static readonly long SpinTicks = Stopwatch.Frequency / 10_000; // the last 100 µs

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec { public long Seconds; public long Nanoseconds; }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int nanosleep(in Timespec request, out Timespec remaining);

    public static void Until(long timestamp)
    {
        long now = Stopwatch.GetTimestamp();
        long sleep = timestamp - now - SpinTicks;
        if (sleep > 0)
        {
            long ns = (long)(sleep * (1_000_000_000.0 / Stopwatch.Frequency));
            nanosleep(new Timespec { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 }, out _);
        }
        while (Stopwatch.GetTimestamp() < timestamp) Thread.SpinWait(20);
    }
}
