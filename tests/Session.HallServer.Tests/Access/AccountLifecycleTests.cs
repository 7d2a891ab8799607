using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Access;

/// <summary>
/// One hall without the demo for <see cref="AccountLifecycleTests"/> (one start instead of three). Each test has a council
/// and accounts of its own, so the council's audit chain it reads holds only its own entries.
/// </summary>
public sealed class AccountsHall : IAsyncLifetime
{
    public HallServerProcess Hall { get; private set; } = null!;
    public RegistryClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false });
        Admin = await RegistryClient.SetUpAsync(Hall);
    }

    public async Task DisposeAsync() => await Hall.DisposeAsync();
}

/// <summary>
/// Accounts over their life (docs/security.md "Accounts", "Audit"): the same answer for an unknown login and a wrong
/// password; the password changed by the account or reset by the admin; disabled and enabled; the role changed — each
/// ending the account's sessions and open consoles, and each in the council's audit chain with address and user agent.
/// </summary>
public sealed class AccountLifecycleTests(AccountsHall shared) : IClassFixture<AccountsHall>
{
    private const string Password = "sekretar ради alfa 2026";
    private const string UserAgent = "SessionTests/1.0 (account lifecycle)";

    [Fact]
    public async Task An_unknown_login_and_a_wrong_password_get_the_same_answer_and_every_attempt_is_audited_with_address_and_user_agent()
    {
        var (hall, admin) = (shared.Hall, shared.Admin);
        await AccessKit.CreateBareCouncilAsync(admin, "alfa");
        await AccessKit.CreateAccountAsync(admin, "alfa", "sec-alfa", Password, "secretary");
        await StaffLogin.TokenAsync(hall.Http, "sec-alfa", Password);

        using var browser = new HttpClient { BaseAddress = hall.BaseUrl };
        browser.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        var unknown = await LoginAsync(browser, "no-such-account", "some long password 2026");
        var wrong = await LoginAsync(browser, "sec-alfa", "some long password 2026");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.Equal(unknown.Status, wrong.Status);
        foreach (var field in new[] { "code", "title", "detail", "detailEn", "status" })
            Assert.Equal(unknown.Body.GetProperty(field).ToString(), wrong.Body.GetProperty(field).ToString());
        Assert.Equal("login-failed", wrong.Body.GetProperty("code").GetString());

        // A right login from the same browser, with its code.
        var ok = await LoginAsync(browser, "sec-alfa", Password, await StaffLogin.NextCodeAsync(hall.BaseUrl, "sec-alfa"));
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        SecretLedger.Add(ok.Body.GetProperty("token").GetString()!);

        // The council's chain has the failure and the success, with the address and the user agent; the unknown login
        // is in the host's chain (it names no council).
        var audit = (await admin.GetAsync("/api/councils/alfa/audit")).EnumerateArray().ToList();
        var failure = Assert.Single(audit, a => a.GetProperty("action").GetString() == "login.failure");
        Assert.Equal(("sec-alfa", "127.0.0.1", UserAgent), (failure.GetProperty("subject").GetString(), failure.GetProperty("address").GetString(), failure.GetProperty("userAgent").GetString()));
        Assert.Contains("\"reason\":\"password\"", failure.GetProperty("data").GetString());
        var success = audit.Last(a => a.GetProperty("action").GetString() == "login.success");
        Assert.Equal(("sec-alfa", "127.0.0.1", UserAgent), (success.GetProperty("actor").GetString(), success.GetProperty("address").GetString(), success.GetProperty("userAgent").GetString()));
        Assert.Contains("\"factor\":\"totp\"", success.GetProperty("data").GetString());
        var host = (await admin.GetAsync("/api/audit")).EnumerateArray().ToList();
        var stranger = Assert.Single(host, a => a.GetProperty("action").GetString() == "login.failure" && a.GetProperty("subject").GetString() == "no-such-account");
        Assert.Equal(UserAgent, stranger.GetProperty("userAgent").GetString());
        Assert.DoesNotContain("some long password 2026", string.Join("\n", audit.Concat(host).Select(a => a.GetRawText())));

        // The chains still verify after all of it: a restart checks every chain and says nothing of a bad one.
        await hall.RestartAsync();
        Assert.DoesNotContain(hall.Output, l => l.Contains("Audit chain of council", StringComparison.Ordinal));
        AccessKit.NoSecretLeaked(hall);
    }

    [Fact]
    public async Task Changing_the_password_ends_every_other_session_and_a_reset_forces_a_new_password_and_enrolment()
    {
        var (hall, admin) = (shared.Hall, shared.Admin);
        await AccessKit.CreateBareCouncilAsync(admin, "beta");
        await AccessKit.CreateAccountAsync(admin, "beta", "sec-beta", Password, "secretary");
        var console = await AccessKit.TokenAsync(hall.Http, "sec-beta", Password);
        var other = await AccessKit.TokenAsync(hall.Http, "sec-beta", Password);
        var live = hall.BuildConnection(HubNames.ChairPath, token: () => Task.FromResult<string?>(console));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        live.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await live.StartAsync();

        // Refusals change nothing: a wrong current password, a common new one, a wrong code.
        const string fresh = "nova fraza dlia beta 2027";
        SecretLedger.Add(fresh);
        // One code for the refusals and the change: a refused change must not use it up (each code works once, so a
        // refusal that spent it would make the change below fail).
        var changeCode = await StaffLogin.NextCodeAsync(hall.BaseUrl, "sec-beta");
        var wrongCurrent = await ChangeAsync(hall, other, "not the password 2026", fresh, changeCode);
        Assert.Equal((HttpStatusCode.BadRequest, "wrong-password"), (wrongCurrent.Status, wrongCurrent.Body.GetProperty("code").GetString()));
        var common = await ChangeAsync(hall, other, Password, "password123", null);
        Assert.Equal((HttpStatusCode.BadRequest, "common-password"), (common.Status, common.Body.GetProperty("code").GetString()));
        var noCode = await ChangeAsync(hall, other, Password, fresh, "000000");
        Assert.Equal((HttpStatusCode.BadRequest, "wrong-second-factor"), (noCode.Status, noCode.Body.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.OK, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", console));
        Assert.Equal(HubConnectionState.Connected, live.State);

        // The change: a new login for the caller; every other token, and its open console, ends.
        var clock = Stopwatch.StartNew();
        var changed = await ChangeAsync(hall, other, Password, fresh, changeCode);
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        var renewed = SecretLedger.Add(changed.Body.GetProperty("token").GetString()!);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"closed after {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", console));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", other));
        Assert.Equal(HttpStatusCode.OK, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", renewed));
        Assert.Equal(HttpStatusCode.Unauthorized, (await AccessKit.LoginAsync(hall.Http, "sec-beta", Password)).StatusCode);
        await AccessKit.TokenAsync(hall.Http, "sec-beta", fresh);

        // A reset with the second factor: a temporary password shown once; the next login may only change it, then enrol.
        var reset = await admin.OkAsync(HttpMethod.Post, "/api/councils/beta/accounts/sec-beta/reset", new { secondFactor = true });
        var temporary = SecretLedger.Add(reset.GetProperty("temporaryPassword").GetString()!);
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", renewed));
        StaffLogin.Forget(hall.BaseUrl, "sec-beta");
        using var first = await AccessKit.LoginAsync(hall.Http, "sec-beta", temporary);
        var limited = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("change-password", limited.GetProperty("next").GetString());
        var limitedToken = SecretLedger.Add(limited.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", limitedToken));
        const string own = "moia vlasna fraza beta 2028";
        SecretLedger.Add(own);
        var afterReset = await ChangeAsync(hall, limitedToken, temporary, own, null);
        Assert.Equal(HttpStatusCode.OK, afterReset.Status);
        Assert.Equal("enrol", afterReset.Body.GetProperty("next").GetString());
        var (_, _, _) = await StaffLogin.EnrolAsync(hall.Http, "sec-beta", SecretLedger.Add(afterReset.Body.GetProperty("token").GetString()!));
        await AccessKit.TokenAsync(hall.Http, "sec-beta", own);

        var actions = (await admin.GetAsync("/api/councils/beta/audit")).EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(2, actions.Count(a => a == "password.change"));
        Assert.Contains("account.reset-password-and-second-factor", actions);
        Assert.Equal(2, actions.Count(a => a == "second-factor.enrol"));
        AccessKit.NoSecretLeaked(hall);
    }

    [Fact]
    public async Task A_disabled_account_loses_its_open_console_within_seconds_and_logs_in_again_only_when_enabled()
    {
        var (hall, admin) = (shared.Hall, shared.Admin);
        await AccessKit.CreateBareCouncilAsync(admin, "gamma");
        await AccessKit.CreateAccountAsync(admin, "gamma", "sec-gamma", Password, "secretary");
        await AccessKit.CreateAccountAsync(admin, "gamma", "adm-gamma", "admin ради gamma 2026", "admin");
        var councilAdmin = new RegistryClient(hall, await AccessKit.TokenAsync(hall.Http, "adm-gamma", "admin ради gamma 2026"));
        var token = await AccessKit.TokenAsync(hall.Http, "sec-gamma", Password);
        var console = hall.BuildConnection(HubNames.ChairPath, token: () => Task.FromResult<string?>(token));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        console.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await console.StartAsync();
        Assert.Equal("no-sitting", (await console.InvokeAsync<CommandAck>("OpenRegistration")).Reason);

        // The admin may not disable itself (nobody would be left to enable it); the refusal changes nothing.
        var before = await admin.SnapshotAsync("gamma");
        var self = await councilAdmin.RefusedAsync(HttpMethod.Post, "/api/councils/gamma/accounts/adm-gamma/disable", new { }, HttpStatusCode.Conflict);
        Assert.Equal("own-account", self.GetProperty("code").GetString());
        Assert.Equal(before, await admin.SnapshotAsync("gamma"));

        var clock = Stopwatch.StartNew();
        var disabled = await councilAdmin.OkAsync(HttpMethod.Post, "/api/councils/gamma/accounts/sec-gamma/disable", new { });
        Assert.True(disabled.GetProperty("disabled").GetBoolean());
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"closed after {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", token));
        var again = hall.BuildConnection(HubNames.ChairPath, token: () => Task.FromResult<string?>(token));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync())).StatusCode);
        using (var refused = await hall.Http.PostAsJsonAsync("/api/auth/login", new { login = "sec-gamma", password = Password, code = await StaffLogin.NextCodeAsync(hall.BaseUrl, "sec-gamma") }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("account-disabled", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        var listed = (await councilAdmin.GetAsync("/api/councils/gamma/accounts")).EnumerateArray().Single(a => a.GetProperty("login").GetString() == "sec-gamma");
        Assert.True(listed.GetProperty("disabled").GetBoolean());
        Assert.True(listed.GetProperty("secondFactor").GetBoolean());

        await councilAdmin.OkAsync(HttpMethod.Post, "/api/councils/gamma/accounts/sec-gamma/enable", new { });
        var back = await AccessKit.TokenAsync(hall.Http, "sec-gamma", Password);

        // A role change ends the sessions too (a token carries its role).
        var role = await councilAdmin.OkAsync(HttpMethod.Put, "/api/councils/gamma/accounts/sec-gamma/role", new { role = "observer" });
        Assert.Equal("observer", role.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", back));
        var bad = await councilAdmin.RefusedAsync(HttpMethod.Put, "/api/councils/gamma/accounts/sec-gamma/role", new { role = "dictator" }, HttpStatusCode.BadRequest);
        Assert.Equal("invalid", bad.GetProperty("code").GetString());

        var audit = (await admin.GetAsync("/api/councils/gamma/audit")).EnumerateArray().ToList();
        Assert.Contains(audit, a => a.GetProperty("action").GetString() == "account.disable" && a.GetProperty("actor").GetString() == "adm-gamma" && a.GetProperty("address").GetString() == "127.0.0.1");
        Assert.Contains(audit, a => a.GetProperty("action").GetString() == "account.enable");
        Assert.Contains(audit, a => a.GetProperty("action").GetString() == "login.failure" && a.GetProperty("data").GetString()!.Contains("disabled"));
        var change = Assert.Single(audit, a => a.GetProperty("action").GetString() == "account.role");
        Assert.Contains("\"from\":\"secretary\"", change.GetProperty("data").GetString());
        AccessKit.NoSecretLeaked(hall);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> LoginAsync(HttpClient http, string login, string password, string? code = null)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { login, password = SecretLedger.Add(password), code });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ChangeAsync(HallServerProcess hall, string token, string current, string fresh, string? code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/password") { Content = JsonContent.Create(new { currentPassword = current, newPassword = fresh, code }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await hall.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
