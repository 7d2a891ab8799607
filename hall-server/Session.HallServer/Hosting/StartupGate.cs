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
