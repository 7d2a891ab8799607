using Microsoft.Extensions.Options;

namespace Session.HallServer.Hosting;

/// <summary>
/// WebSocket and hub Origin check (docs/security.md "Origins"): a browser sends the Origin of the page that opens a
/// hub; only the server's own origin (the scheme, host and port the request came to) and <c>Hall:AllowedOrigins</c>
/// may. Any other page — a foreign site trying to drive a logged-in console — is refused with 403 at negotiation and
/// at the WebSocket upgrade. Native clients (the seat gateway, the broadcast, tests) send no Origin and pass.
/// </summary>
public static class HubOriginCheck
{
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/hubs") && http.Request.Headers.Origin.ToString() is { Length: > 0 } origin
            && !Allowed(origin, http.Request, http.RequestServices.GetRequiredService<IOptionsMonitor<HallOptions>>().CurrentValue.AllowedOrigins))
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HubOriginCheck))
                .LogWarning("Hub request from a foreign origin {Origin} refused", origin.Length > 100 ? origin[..100] : origin);
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        await next(http);
    });

    public static bool Allowed(string origin, HttpRequest request, IEnumerable<string> allowed)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var o)) return false; // includes "null" (sandboxed frames, files)
        var ownKnown = Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var own);
        return (ownKnown && Same(o, own!)) || allowed.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var u) && Same(o, u));
    }

    private static bool Same(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
