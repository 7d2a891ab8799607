using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Session.HallServer.Hosting;
using Session.HallServer.Registry;

namespace Session.HallServer.Tls;

/// <summary>
/// HTTPS for anything off loopback (docs/security.md "HTTPS"): a plain-HTTP request from another machine is sent to
/// the hall's HTTPS address (GET and HEAD, 308) or refused with 403 and a reason in Ukrainian and English (a login,
/// a change, a hub: nothing that carries a password, a token or a vote crosses the network in the clear). Requests
/// from this machine (the demo on 127.0.0.1, a proxy on the same host) and HTTPS pass.
/// </summary>
public static class PlainHttpGuard
{
    public static readonly RegistryError HttpsRequired = new("https-required",
        "Із інших комп'ютерів зал приймає лише HTTPS: відкрийте адресу https://… (і довіртеся сертифікату CA залу, див. /hall-ca.crt)",
        "From other machines the hall accepts HTTPS only: open its https://… address (and trust the hall CA, see /hall-ca.crt)",
        null, StatusCodes.Status403Forbidden);

    public static IApplicationBuilder UsePlainHttpGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // The CA certificate itself is public, and a tablet needs it before it can trust the hall's HTTPS.
        if (http.Request.IsHttps || http.Request.Path == TlsApi.CaPath || http.Connection.RemoteIpAddress is not { } remote || System.Net.IPAddress.IsLoopback(remote)
            || http.RequestServices.GetRequiredService<IOptions<HallOptions>>().Value.Tls.AllowPlainHttp)
        {
            await next(http);
            return;
        }
        var method = http.Request.Method;
        if ((HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) && !http.WebSockets.IsWebSocketRequest
            && HttpsPort(http.RequestServices.GetRequiredService<IServer>()) is { } port)
        {
            var target = $"https://{http.Request.Host.Host}{(port == 443 ? "" : $":{port}")}{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}";
            http.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            http.Response.Headers.Location = target;
            return;
        }
        await Problems.Of(HttpsRequired).ExecuteAsync(http);
    });

    /// <summary>The port of the hall's first https:// address, if it has one.</summary>
    public static int? HttpsPort(IServer server)
    {
        foreach (var a in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            if (a.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && BindingAddress.Parse(a) is { } b) return b.Port;
        return null;
    }
}
