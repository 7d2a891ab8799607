namespace Session.HallServer.Hosting;

/// <summary>
/// Headers on every answer — pages, files, the API, the hubs' negotiation (docs/security.md "Headers"): a policy
/// allowing only the server's own scripts and styles (no inline script or style, no plugins, no framing),
/// <c>nosniff</c>, no referrer, and HSTS when the request came over HTTPS.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// <c>connect-src 'self'</c> covers the hubs' ws:/wss: to the same host (CSP level 3); <c>img-src data:</c> is for
    /// icons drawn inline by the consoles' CSS.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "media-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string StrictTransportSecurity = "max-age=31536000";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var h = http.Response.Headers;
            h.ContentSecurityPolicy = ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            if (http.Request.IsHttps) h.StrictTransportSecurity = StrictTransportSecurity;
            return Task.CompletedTask;
        });
        return next(http);
    });
}
