namespace Session.HallServer.Auth;

/// <summary>Every few seconds: ends expired logins and closes live connections whose login has ended (<see cref="StaffSessions.SweepAsync"/>).</summary>
public sealed class SessionSweeper(StaffSessions sessions, TimeProvider clock, ILogger<SessionSweeper> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
