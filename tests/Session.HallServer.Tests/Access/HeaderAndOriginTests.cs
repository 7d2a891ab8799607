using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Access;

/// <summary>Security headers on every answer, pages without inline script or style, and the hubs' Origin check.</summary>
public sealed class HeaderAndOriginTests
{
    private const string Foreign = "http://evil.example";
    private const string Allowed = "https://rada.example.gov.ua";

    [Fact]
    public async Task Every_page_file_and_api_answer_carries_the_security_headers_and_no_page_needs_inline_script_or_style()
    {
        await using var hall = await HallServerProcess.StartAsync();
        var token = await hall.ChairTokenAsync();
        var pages = new[] { "/", "/index.html", "/vyshneva", "/vyshneva/", "/chair", "/terminal", "/hall", "/admin", "/vyshneva/chair", "/vyshneva/terminal",
            "/vyshneva/hall", "/vyshneva/hall/vyshneva-hall", "/vyshneva/admin" };
        var others = new List<(HttpMethod Method, string Path)>
        {
            (HttpMethod.Get, "/api/sessions"), (HttpMethod.Get, "/api/councils"), (HttpMethod.Get, "/api/sittings/current"), (HttpMethod.Get, "/openapi/v1.json"),
            (HttpMethod.Get, "/api/terminals"), (HttpMethod.Get, "/api/councils/vyshneva/accounts"), (HttpMethod.Get, "/no-such-page"),
            (HttpMethod.Get, "/opendata/"), (HttpMethod.Post, "/api/auth/login"), (HttpMethod.Post, "/hubs/public/negotiate?negotiateVersion=1"),
            (HttpMethod.Get, "/terminal.webmanifest"), (HttpMethod.Get, "/terminal-sw.js"),
        };
        foreach (var page in pages)
        {
            using var response = await hall.Http.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {response.StatusCode}");
            AssertHeaders(page, response);
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(new Regex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase), html);
            Assert.DoesNotMatch(new Regex(@"<style\b|\sstyle\s*=|\son[a-z]+\s*=", RegexOptions.IgnoreCase), html);
            foreach (Match asset in Regex.Matches(html, "(?:src|href)=\"(/assets/[^\"]+)\""))
                if (!others.Any(o => o.Path == asset.Groups[1].Value)) others.Add((HttpMethod.Get, asset.Groups[1].Value));
        }
        Assert.Contains(others, o => o.Path.EndsWith(".js", StringComparison.Ordinal));
        foreach (var (method, path) in others)
        {
            using var request = new HttpRequestMessage(method, path);
            if (path == "/api/terminals") request.Headers.Authorization = new("Bearer", token);
            using var response = await hall.Http.SendAsync(request);
            Assert.True((int)response.StatusCode < 500, $"{path}: {response.StatusCode}");
            AssertHeaders(path, response);
        }
        AccessKit.NoSecretLeaked(hall);
    }

    private static void AssertHeaders(string what, HttpResponseMessage response)
    {
        var csp = Header(response, "Content-Security-Policy");
        Assert.True(csp is not null, $"{what}: no CSP");
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.True(Header(response, "X-Content-Type-Options") == "nosniff", $"{what}: nosniff");
        Assert.True(Header(response, "Referrer-Policy") is "no-referrer" or "strict-origin", $"{what}: Referrer-Policy");
        Assert.True(Header(response, "Strict-Transport-Security") is null, $"{what}: HSTS over plain HTTP");
    }

    private static string? Header(HttpResponseMessage r, string name) =>
        r.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : r.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c) : null;

    [Fact]
    public async Task A_foreign_origin_is_refused_on_every_hub_at_negotiation_and_websocket_upgrade_while_own_allowed_and_native_clients_pass()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { ExtraArgs = [$"--Hall:AllowedOrigins:0={Allowed}"] });
        var token = await hall.ChairTokenAsync();
        var own = hall.BaseUrl.GetLeftPart(UriPartial.Authority);
        foreach (var hub in new[] { HubNames.TerminalPath, HubNames.ChairPath, HubNames.PublicPath })
        {
            var auth = hub == HubNames.ChairPath ? token : null;
            Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync(hall, hub, Foreign, auth));
            Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync(hall, hub, "null", auth));
            Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync(hall, hub, own.Replace("127.0.0.1", "localhost"), auth));
            Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(hall, hub, own, auth));
            Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(hall, hub, Allowed, auth));
            Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(hall, hub, null, auth));

            var url = new UriBuilder(new Uri(hall.BaseUrl, hub)) { Scheme = "ws", Query = auth is null ? "" : "access_token=" + Uri.EscapeDataString(auth) }.Uri;
            using (var foreign = new ClientWebSocket())
            {
                foreign.Options.CollectHttpResponseDetails = true;
                foreign.Options.SetRequestHeader("Origin", Foreign);
                await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(url, CancellationToken.None));
                Assert.Equal(HttpStatusCode.Forbidden, foreign.HttpStatusCode);
            }
            foreach (var origin in new[] { null, own })
            {
                using var native = new ClientWebSocket();
                if (origin is not null) native.Options.SetRequestHeader("Origin", origin);
                await native.ConnectAsync(url, CancellationToken.None);
                Assert.Equal(WebSocketState.Open, native.State);
                await native.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            }
        }
        // The SignalR .NET client (as the gateway and the broadcast use it) sends no Origin and connects.
        var gateway = await hall.ConnectTerminalAsync();
        Assert.True((await gateway.InvokeAsync<HelloReply>("Hello", new HelloRequest(hall.GatewayKey, "gateway"))).Accepted);
        AccessKit.NoSecretLeaked(hall);
    }

    private static async Task<HttpStatusCode> NegotiateAsync(HallServerProcess hall, string hub, string? origin, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, hub + "/negotiate?negotiateVersion=1");
        if (origin is not null) request.Headers.TryAddWithoutValidation("Origin", origin);
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var response = await hall.Http.SendAsync(request);
        return response.StatusCode;
    }
}
