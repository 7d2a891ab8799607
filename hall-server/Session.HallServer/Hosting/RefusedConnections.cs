using System.Diagnostics.Metrics;

namespace Session.HallServer.Hosting;

/// <summary>
/// Connections refused at the cap (<see cref="ConnectionLimits"/>), said once every few seconds instead of once each:
/// Kestrel's own warning per refused connection, in a flood of thousands, filled the console logger's queue, and a
/// refusal waiting on a log line holds its socket's file descriptor — under load, enough of them to reach the very
/// limit the cap protects. Counted from Kestrel's <c>kestrel.rejected_connections</c> metric.
/// </summary>
public sealed class RefusedConnections(ILogger<RefusedConnections> log, TimeProvider clock) : BackgroundService
{
    public const string KestrelConnectionsCategory = "Microsoft.AspNetCore.Server.Kestrel.Connections";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private long _refused;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Microsoft.AspNetCore.Server.Kestrel" && instrument.Name == "kestrel.rejected_connections")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _refused, value));
        listener.Start();
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                if (Interlocked.Exchange(ref _refused, 0) is var n and > 0)
                    log.LogWarning("Відхилено {Count} з'єднань за {Seconds} с: досягнуто межі з'єднань / refused {Count} connections in {Seconds} s: the connection cap is reached",
                        n, Interval.TotalSeconds, n, Interval.TotalSeconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
