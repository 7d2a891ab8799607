using System.Diagnostics;

namespace Session.HallServer.Hosting;

/// <summary>
/// Where start-up time goes: each step logs its own duration and the time since the process started, so an operator
/// (and BENCHMARKS.md) can read a restart's breakdown from the log. A monotonic clock; the process start is the origin.
/// </summary>
public sealed class StartupClock(ILogger<StartupClock> log)
{
    private static readonly long ProcessStartTicks = Stopwatch.GetTimestamp()
        - (long)((DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds * Stopwatch.Frequency);
    private long _last = ProcessStartTicks;
    private readonly Lock _gate = new();
    private readonly List<string> _steps = new();
    private bool _summarised;

    private static readonly List<string> BeforeHost = new();

    /// <summary>A step before the host exists (Program.cs): kept, and logged in the summary, as "ended at N ms".</summary>
    public static void Before(string step)
    {
        lock (BeforeHost) BeforeHost.Add($"{step} at {SinceProcessStart} ms");
    }

    /// <summary>Milliseconds since the process started.</summary>
    public static long SinceProcessStart => (long)Stopwatch.GetElapsedTime(ProcessStartTicks).TotalMilliseconds;

    /// <summary>Logs that a step ended: how long it took since the previous mark, and since the process started.</summary>
    public void Mark(string step)
    {
        long now = Stopwatch.GetTimestamp(), took;
        lock (_gate) { took = (long)Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds; _last = now; _steps.Add($"{step} {took} ms"); }
        log.LogInformation("Start-up: {Step} took {Took} ms, {Since} ms since the process started", step, took,
            (long)Stopwatch.GetElapsedTime(ProcessStartTicks, now).TotalMilliseconds);
    }

    /// <summary>Logs a step that ran on its own, beside the start-up (in the background), by its own duration.</summary>
    public void Took(string step, TimeSpan took)
    {
        lock (_gate) _steps.Add($"{step} {(long)took.TotalMilliseconds} ms (beside)");
        log.LogInformation("Start-up: {Step} took {Took} ms (in the background), {Since} ms since the process started", step,
            (long)took.TotalMilliseconds, SinceProcessStart);
    }

    /// <summary>Once, when the hall serves: every step so far on one line, for an operator reading one restart.</summary>
    public void Summary()
    {
        string line;
        lock (_gate)
        {
            if (_summarised) return;
            _summarised = true;
            lock (BeforeHost) line = string.Join(", ", BeforeHost.Concat(_steps));
        }
        log.LogInformation("Start-up summary: {Steps}; serving {Since} ms after the process started", line, SinceProcessStart);
    }

    /// <summary>Registered first, so it starts before the Orleans silo: marks the host built.</summary>
    public sealed class HostBuilt(StartupClock clock) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            clock.Mark("the host built (runtime, configuration, services)");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
