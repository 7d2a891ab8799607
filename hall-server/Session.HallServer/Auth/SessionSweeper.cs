namespace Session.HallServer.Auth;

/// <summary>Every few seconds: ends expired logins and closes live connections whose login has ended (<see cref="StaffSessions.SweepAsync"/>).</summary>
public sealed class SessionSweeper(StaffSessions sessions, Hosting.StartupGate gate, TimeProvider clock, ILogger<SessionSweeper> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not before the registry is migrated: on a first start (or under load) a sweep would meet tables not made yet.
        try { await gate.Ready.WaitAsync(stoppingToken); }
        catch (Exception) { return; }
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await sessions.SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(ex, "The login sweep failed; it runs again in {Interval}", Interval);
            }
        }
    }
}
