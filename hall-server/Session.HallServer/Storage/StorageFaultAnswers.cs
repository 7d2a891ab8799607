using Session.HallServer.Registry;

namespace Session.HallServer.Storage;

/// <summary>
/// A read that cannot reach the storage (PostgreSQL stopped or unreachable, the SQLite file unreadable) answers 503
/// <c>storage-failed</c> in the registry's problem shape — never a bare 500 — wherever it fails: a token's check in
/// authentication, the hall's own API, a registry page. Writes keep their own answer (<see cref="Problems.StorageFailed"/>).
/// </summary>
public static class StorageFaultAnswers
{
    /// <summary>The registry or the journal could not be read: nothing changed; the client tries again.</summary>
    public static readonly RegistryError Unavailable = new(StorageFault.Code,
        "Сховище даних зараз недоступне (база даних не відповідає); нічого не змінено — повторіть за хвилину",
        "The data store is unavailable right now (the database does not answer); nothing was changed — try again in a minute",
        null, StatusCodes.Status503ServiceUnavailable);

    /// <summary>The answer for a storage fault: a read is told the store is unavailable, a change that it was not saved.</summary>
    public static RegistryError For(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ? Unavailable : Problems.StorageFailed;

    public static IApplicationBuilder UseStorageFaultAnswers(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            try { await next(http); }
            catch (Exception ex) when (StorageFault.Is(ex) && !http.Response.HasStarted)
            {
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StorageFaultAnswers))
                    .LogWarning("{Method} {Path}: storage unavailable ({Error}); answered {Code}", http.Request.Method, http.Request.Path, ex.GetType().Name, StorageFault.Code);
                var error = For(http.Request);
                http.Response.Clear();
                http.Response.Headers.RetryAfter = "5";
                await Problems.Of(error).ExecuteAsync(http);
            }
        });
}
