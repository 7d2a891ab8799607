namespace Session.HallServer.Storage;

/// <summary>
/// A request that meets a failing disk outside an endpoint's own handling — typically the login check, which reads the
/// registry before any endpoint runs — is answered like a refused change: HTTP 507 <c>storage-failed</c> in Ukrainian and
/// English, not an internal error. Seen while the data dir's file system is unmounted to be checked (docs/operations.md).
/// </summary>
public static class StorageFaultResponses
{
    public static IApplicationBuilder UseStorageFaultResponses(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        try
        {
            await next(http);
        }
        catch (Exception ex) when (StorageFault.Is(ex) && !http.Response.HasStarted)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StorageFaultResponses))
                .LogWarning("{Method} {Path} refused: the storage failed ({Error})", http.Request.Method, http.Request.Path, ex.Message);
            await Registry.Problems.Of(Registry.Problems.StorageFailed).ExecuteAsync(http);
        }
    });
}
