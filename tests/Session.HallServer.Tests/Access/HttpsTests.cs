using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Transport;
using Session.HallServer.Hosting;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Access;

/// <summary>HTTPS (docs/security.md "HTTPS"): the hall CA, TLS 1.2+, and plain HTTP refused off loopback.</summary>
public sealed class HttpsTests
{
    [Fact]
    public async Task The_hall_answers_https_with_a_certificate_of_its_own_ca_which_survives_a_restart_and_refuses_tls_1_1()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Urls = "https://127.0.0.1:0" });
        Assert.Equal("https", hall.BaseUrl.Scheme);

        // One fingerprint everywhere: printed at start, in /api/tls, of DATA_DIR/tls/hall-ca.crt and of /hall-ca.crt.
        var tls = await hall.Http.GetFromJsonAsync<JsonElement>("/api/tls");
        var fingerprint = tls.GetProperty("caFingerprint").GetString()!;
        Assert.Equal(hall.HallCa!.Fingerprint, fingerprint);
        Assert.Contains(hall.Output, l => l.Contains(fingerprint, StringComparison.Ordinal));
        using (var served = X509Certificate2.CreateFromPem(await hall.Http.GetStringAsync("/hall-ca.crt")))
            Assert.Equal(fingerprint, HallCaPin.FingerprintOf(served));
        Assert.Contains("127.0.0.1", tls.GetProperty("names").EnumerateArray().Select(n => n.GetString()));

        var health = await hall.Http.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(SecurityHeaders.StrictTransportSecurity, string.Join(',', health.Headers.GetValues("Strict-Transport-Security")));

        // A client that does not know the hall CA refuses the hall, and so does one given another CA's fingerprint.
        using (var system = new HttpClient { BaseAddress = hall.BaseUrl })
            Assert.IsType<AuthenticationException>((await Assert.ThrowsAsync<HttpRequestException>(() => system.GetAsync("/api/health"))).InnerException);
        var stranger = HallCaPin.Parse(string.Concat(Enumerable.Repeat("5A", 32)))!;
        var mismatch = await Assert.ThrowsAsync<AuthenticationException>(() => stranger.LoadAsync(hall.BaseUrl, CancellationToken.None));
        Assert.Contains($"not the configured {stranger.Fingerprint}", mismatch.Message);
        using (var wrong = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = stranger.Validate } }) { BaseAddress = hall.BaseUrl })
            Assert.IsType<AuthenticationException>((await Assert.ThrowsAsync<HttpRequestException>(() => wrong.GetAsync("/api/health"))).InnerException);

        // TLS 1.2 and 1.3 are spoken; a client offering only TLS 1.1 is refused (openssl told to allow it on its side).
        var port = hall.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tls12 = await OpenSslAsync("-connect", $"127.0.0.1:{port}", "-tls1_2");
        Assert.Contains("TLSv1.2", tls12);
        var tls13 = await OpenSslAsync("-connect", $"127.0.0.1:{port}", "-tls1_3");
        Assert.Contains("TLSv1.3", tls13);
        var tls11 = await OpenSslAsync("-connect", $"127.0.0.1:{port}", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
        Assert.DoesNotContain("Cipher is ECDHE", tls11);
        Assert.Matches("alert protocol version|handshake failure|unsupported protocol|no protocols available", tls11);

        // A restart keeps the CA (tablets and gateways trust it once), and the staff console still connects.
        await hall.RestartAsync();
        Assert.Equal(fingerprint, (await hall.Http.GetFromJsonAsync<JsonElement>("/api/tls")).GetProperty("caFingerprint").GetString());
        var chair = await hall.ConnectChairAsync();
        Assert.Equal(JsonValueKind.Array, (await chair.InvokeAsync<JsonElement>("Seats")).ValueKind);
    }

    [Fact]
    public async Task Off_loopback_plain_http_is_sent_to_https_or_refused_and_https_is_answered()
    {
        using var net = HallNetwork.Create();
        // The namespace is new: any port is free in it.
        var httpPort = FreePorts.Next();
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions
        {
            Launcher = net.Launcher,
            Urls = $"https://{net.ServerAddress}:0;http://{net.ServerAddress}:{httpPort}",
        });
        Assert.Equal("https", hall.BaseUrl.Scheme);
        var plain = new Uri($"http://{net.ServerAddress}:{httpPort}");
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = plain, Timeout = TimeSpan.FromSeconds(30) };

        // A page or a read: redirected to the same path on the HTTPS address.
        var page = await http.GetAsync("/chair?x=1");
        Assert.Equal(HttpStatusCode.PermanentRedirect, page.StatusCode);
        Assert.Equal(new Uri(hall.BaseUrl, "/chair?x=1"), page.Headers.Location);

        // A login: refused before the password is looked at, with the reason in both languages; no login is made.
        var login = await http.PostAsJsonAsync("/api/auth/login", new { login = "secretar", password = hall.SecretaryPassword });
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        var problem = await login.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https-required", problem.GetProperty("code").GetString());
        Assert.Contains("HTTPS", problem.GetProperty("detail").GetString());
        Assert.Contains("From other machines", problem.GetProperty("detailEn").GetString());

        // A hub over plain HTTP: refused too (negotiate and the WebSocket upgrade alike).
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync("/hubs/terminal/negotiate?negotiateVersion=1", null)).StatusCode);
        using (var ws = new System.Net.WebSockets.ClientWebSocket())
            await Assert.ThrowsAnyAsync<System.Net.WebSockets.WebSocketException>(() => ws.ConnectAsync(new Uri($"ws://{net.ServerAddress}:{httpPort}/hubs/terminal"), CancellationToken.None));

        // The CA certificate is the one thing plain HTTP serves: a tablet needs it before it can trust the hall.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/hall-ca.crt")).StatusCode);

        // Over HTTPS (the hall CA pinned) the same login and a hub work from the same address.
        Assert.Equal(HttpStatusCode.OK, (await hall.Http.GetAsync("/api/health")).StatusCode);
        var chair = await hall.ConnectChairAsync();
        Assert.Equal(JsonValueKind.Array, (await chair.InvokeAsync<JsonElement>("Seats")).ValueKind);
    }

    private static async Task<string> OpenSslAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add("s_client");
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return await output + await error;
    }
}
