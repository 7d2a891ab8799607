namespace Session.HallServer.Hosting;

/// <summary>
/// Kestrel listens while the start-up's checks are still running (issue 12: serving within 3 s of a restart), so every
/// request waits here until the registry is migrated and every journal's chain is verified: nothing is answered, and no
/// command acknowledged, from a state not yet loaded. <c>/api/health</c> alone answers at once, 503 "starting" until then.
/// A failed start (a bad journal) answers 503 until the host has stopped.
/// </summary>
public sealed class StartupGate
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public bool IsOpen => _ready.Task.IsCompletedSuccessfully;

    public void Open() => _ready.TrySetResult();

    public void Fail(Exception reason) => _ready.TrySetException(reason);

    private Task _accounts = Task.CompletedTask;

    /// <summary>
    /// The demo's accounts as configured: on a restart they already exist, and making sure their passwords are still the
    /// configured ones (PBKDF2, about a second of a core) runs after the gate opens. A login waits for it; nothing else
    /// needs it. It never faults (its failure is logged).
    /// </summary>
    public Task Accounts => Volatile.Read(ref _accounts);

    public void AccountsPending(Task work) => Volatile.Write(ref _accounts, work);
}

public static class StartupGateMiddleware
{
    public static WebApplication UseStartupGate(this WebApplication app)
    {
        var gate = app.Services.GetRequiredService<StartupGate>();
        app.Use(async (http, next) =>
        {
            if (!gate.IsOpen)
            {
                if (http.Request.Path.Equals("/api/health", StringComparison.OrdinalIgnoreCase))
                {
                    http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    await http.Response.WriteAsJsonAsync(new { status = gate.Ready.IsFaulted ? "failed" : "starting" });
                    return;
                }
                try { await gate.Ready.WaitAsync(http.RequestAborted); }
                catch (OperationCanceledException) { return; }
                catch (Exception)
                {
                    http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                }
            }
            await next(http);
        });
        return app;
    }
}
