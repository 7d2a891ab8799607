using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using OtpNet;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Access;

/// <summary>
/// Staff accounts' second factor (docs/security.md "Second factor"): admin, secretary and chair without one may only
/// enrol; enrolment by QR code and text, confirmed by a first code; each code works once, within ±1 step; recovery
/// codes work once; the seed is stored protected and never shown again.
/// </summary>
public sealed class SecondFactorTests
{
    private const string Password = "sekretar ради alfa 2026";

    [Fact]
    public async Task Without_a_second_factor_a_staff_login_opens_only_the_enrolment_which_a_first_code_completes()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false });
        var setupToken = (await File.ReadAllTextAsync(Path.Combine(hall.DataDir, "setup-token.txt"))).Trim();
        SecretLedger.Add(RegistryClient.AdminPassword);
        using var setup = await hall.Http.PostAsJsonAsync("/api/setup", new { token = setupToken, login = RegistryClient.AdminLogin, password = RegistryClient.AdminPassword });
        var reply = await setup.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("enrol", reply.GetProperty("next").GetString());
        var limited = SecretLedger.Add(reply.GetProperty("token").GetString()!);

        // The limited token opens no other door: REST, the chair hub.
        var council = new { id = "alfa", name = "Рада alfa", composition = 14, edrpou = "04412345", katottg = "UA32080110010012345", publicBaseUrl = "https://alfa.example.gov.ua" };
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Post, "/api/councils", limited, council));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", limited));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/audit", limited));
        var hub = hall.BuildConnection(HubNames.ChairPath, token: () => Task.FromResult<string?>(limited));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync())).StatusCode);

        // Enrolment: the otpauth URI as text and as a PNG QR code, the seed as text.
        var start = await PostAsync(hall, "/api/auth/second-factor/totp", limited, new { });
        Assert.Equal(HttpStatusCode.OK, start.Status);
        var uri = start.Body.GetProperty("otpauthUri").GetString()!;
        var secret = SecretLedger.Add(start.Body.GetProperty("secret").GetString()!);
        Assert.StartsWith("otpauth://totp/Session:admin?secret=" + secret + "&", uri);
        var png = Convert.FromBase64String(start.Body.GetProperty("qrPng").GetString()!["data:image/png;base64,".Length..]);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        // The seed is stored protected, not as the text shown.
        var stored = (string)(await AccessKit.ScalarAsync(hall, "SELECT Secret FROM SecondFactors WHERE Login = 'admin'"))!;
        Assert.DoesNotContain(secret, stored);
        Assert.DoesNotContain(Convert.ToBase64String(Base32Encoding.ToBytes(secret)), stored);

        // A wrong first code is refused and changes nothing: the token stays limited.
        var wrong = await PostAsync(hall, "/api/auth/second-factor/totp/confirm", limited, new { code = OtherCode(secret) });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("wrong-code", wrong.Body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(wrong.Body.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrEmpty(wrong.Body.GetProperty("detailEn").GetString()));
        Assert.Equal(0L, await AccessKit.ScalarAsync(hall, "SELECT COUNT(*) FROM SecondFactors WHERE ConfirmedAt IS NOT NULL"));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Post, "/api/councils", limited, council));

        // The first valid code: ten recovery codes (shown this once) and a full login; the limited token is gone.
        StaffLogin.Remember(hall.BaseUrl, RegistryClient.AdminLogin, secret);
        var confirm = await PostAsync(hall, "/api/auth/second-factor/totp/confirm", limited, new { code = await StaffLogin.NextCodeAsync(hall.BaseUrl, RegistryClient.AdminLogin) });
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        var codes = confirm.Body.GetProperty("recoveryCodes").EnumerateArray().Select(c => SecretLedger.Add(c.GetString()!)).ToArray();
        Assert.Equal(10, codes.Distinct().Count());
        var full = SecretLedger.Add(confirm.Body.GetProperty("token").GetString()!);
        Assert.True(confirm.Body.GetProperty("next").ValueKind == JsonValueKind.Null);
        Assert.Equal(HttpStatusCode.Created, await AccessKit.StatusAsync(hall.Http, HttpMethod.Post, "/api/councils", full, council));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Post, "/api/auth/second-factor/totp", limited, new { }));
        Assert.Equal(0L, await AccessKit.ScalarAsync(hall, "SELECT COUNT(*) FROM RecoveryCodes WHERE " + string.Join(" OR ", codes.Select(c => $"CodeHash = '{c}'"))));

        // Enrolled: the seed is never shown again; replacing it needs the admin's reset.
        var again = await PostAsync(hall, "/api/auth/second-factor/totp", full, new { });
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("second-factor-exists", again.Body.GetProperty("code").GetString());
        Assert.DoesNotContain(secret, again.Text);

        // The host's audit chain records the enrolment, never the seed or the codes.
        var audit = await new RegistryClient(hall, full).GetAsync("/api/audit");
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("action").GetString() == "second-factor.enrol" && a.GetProperty("subject").GetString() == "admin");
        Assert.DoesNotContain(secret, audit.GetRawText());
        Assert.DoesNotContain(codes[0], audit.GetRawText());
        AccessKit.NoSecretLeaked(hall);
    }

    [Fact]
    public async Task A_code_works_once_a_missing_wrong_or_replayed_code_is_refused_and_a_recovery_code_works_once()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false });
        var admin = await RegistryClient.SetUpAsync(hall);
        await AccessKit.CreateBareCouncilAsync(admin, "alfa");
        await AccessKit.CreateAccountAsync(admin, "alfa", "sec-alfa", Password, "secretary");
        using var first = await AccessKit.LoginAsync(hall.Http, "sec-alfa", Password);
        var limited = SecretLedger.Add((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!);
        var (enrolled, recovery, seed) = await StaffLogin.EnrolAsync(hall.Http, "sec-alfa", limited);
        var enrolmentCode = enrolled.GetProperty("token").GetString()!; // only to be sure the reply had a token
        Assert.False(string.IsNullOrEmpty(enrolmentCode));

        // Missing: asked for; wrong: refused with the same words whatever is wrong.
        var missing = await LoginAsync(hall, Password, null);
        Assert.Equal((HttpStatusCode.Unauthorized, "second-factor-required"), (missing.Status, missing.Body.GetProperty("code").GetString()));
        var wrong = await LoginAsync(hall, Password, OtherCode(seed));
        Assert.Equal((HttpStatusCode.Unauthorized, "wrong-second-factor"), (wrong.Status, wrong.Body.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(wrong.Body.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrEmpty(wrong.Body.GetProperty("detailEn").GetString()));
        // A right code with a wrong password is a wrong password, and the code is not used up.
        var code = await StaffLogin.NextCodeAsync(hall.BaseUrl, "sec-alfa");
        var wrongPassword = await LoginAsync(hall, "not the password 2026", code);
        Assert.Equal((HttpStatusCode.Unauthorized, "login-failed"), (wrongPassword.Status, wrongPassword.Body.GetProperty("code").GetString()));

        // The code works once: the same code again, within the same 30 s step, is refused.
        var ok = await LoginAsync(hall, Password, code);
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        SecretLedger.Add(ok.Body.GetProperty("token").GetString()!);
        var replay = await LoginAsync(hall, Password, code);
        Assert.Equal((HttpStatusCode.Unauthorized, "wrong-second-factor"), (replay.Status, replay.Body.GetProperty("code").GetString()));

        // A recovery code works once, typed in any case and without its dash; its use is audited with what is left.
        var rescue = await LoginAsync(hall, Password, recovery[0]);
        Assert.Equal(HttpStatusCode.OK, rescue.Status);
        SecretLedger.Add(rescue.Body.GetProperty("token").GetString()!);
        var spent = await LoginAsync(hall, Password, recovery[0]);
        Assert.Equal((HttpStatusCode.Unauthorized, "wrong-second-factor"), (spent.Status, spent.Body.GetProperty("code").GetString()));
        var relaxed = await LoginAsync(hall, Password, recovery[1].Replace("-", "").ToLowerInvariant());
        Assert.Equal(HttpStatusCode.OK, relaxed.Status);
        SecretLedger.Add(relaxed.Body.GetProperty("token").GetString()!);

        var audit = (await admin.GetAsync("/api/councils/alfa/audit")).EnumerateArray().ToList();
        var used = audit.Where(a => a.GetProperty("action").GetString() == "second-factor.recovery-code-used").ToList();
        Assert.Equal(2, used.Count);
        Assert.Contains("\"left\":8", used[^1].GetProperty("data").GetString());
        var failures = audit.Where(a => a.GetProperty("action").GetString() == "login.failure").Select(a => a.GetProperty("data").GetString()!).ToList();
        Assert.Contains(failures, d => d.Contains("second-factor-missing"));
        Assert.Equal(3, failures.Count(d => d.Contains("second-factor-wrong")));
        Assert.DoesNotContain(recovery[0], string.Join("\n", audit.Select(a => a.GetRawText())));
        AccessKit.NoSecretLeaked(hall);
    }

    [Fact]
    public async Task New_recovery_codes_need_the_password_and_a_fresh_totp_code_and_replace_all_the_old_ones()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false });
        var admin = await RegistryClient.SetUpAsync(hall);
        await AccessKit.CreateBareCouncilAsync(admin, "alfa");
        await AccessKit.CreateAccountAsync(admin, "alfa", "sec-alfa", Password, "secretary");
        using var first = await AccessKit.LoginAsync(hall.Http, "sec-alfa", Password);
        var limited = SecretLedger.Add((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!);
        var (enrolled, recovery, seed) = await StaffLogin.EnrolAsync(hall.Http, "sec-alfa", limited);
        var token = SecretLedger.Add(enrolled.GetProperty("token").GetString()!);

        async Task<(HttpStatusCode Status, JsonElement Body)> RenewAsync(string password, string? code)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/second-factor/recovery-codes")
            {
                Content = JsonContent.Create(new { password = SecretLedger.Add(password), code }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await hall.Http.SendAsync(request);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        // Refused, with the reason in both languages: a wrong password; a recovery code in place of a TOTP code (and
        // that recovery code is not used up by the refusal); no code.
        var wrongPassword = await RenewAsync("not the password 2026", OtherCode(seed));
        Assert.Equal((HttpStatusCode.BadRequest, "wrong-password"), (wrongPassword.Status, wrongPassword.Body.GetProperty("code").GetString()));
        var byRecovery = await RenewAsync(Password, recovery[0]);
        Assert.Equal((HttpStatusCode.BadRequest, "wrong-code"), (byRecovery.Status, byRecovery.Body.GetProperty("code").GetString()));
        Assert.Contains("recovery code", byRecovery.Body.GetProperty("detailEn").GetString());
        Assert.False(string.IsNullOrEmpty(byRecovery.Body.GetProperty("detail").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await RenewAsync(Password, null)).Status);
        Assert.Equal(10L, await AccessKit.ScalarAsync(hall, "SELECT COUNT(*) FROM RecoveryCodes WHERE Login = 'sec-alfa' AND UsedAt IS NULL"));

        // With the password and a fresh code: ten new codes, shown once; every old code stops working, a new one works once.
        var renewed = await RenewAsync(Password, await StaffLogin.NextCodeAsync(hall.BaseUrl, "sec-alfa"));
        Assert.Equal(HttpStatusCode.OK, renewed.Status);
        var fresh = renewed.Body.GetProperty("recoveryCodes").EnumerateArray().Select(c => SecretLedger.Add(c.GetString()!)).ToList();
        Assert.Equal(10, fresh.Distinct().Count());
        Assert.Empty(fresh.Intersect(recovery));
        var old = await LoginAsync(hall, Password, recovery[1]);
        Assert.Equal((HttpStatusCode.Unauthorized, "wrong-second-factor"), (old.Status, old.Body.GetProperty("code").GetString()));
        var rescue = await LoginAsync(hall, Password, fresh[0]);
        Assert.Equal(HttpStatusCode.OK, rescue.Status);
        SecretLedger.Add(rescue.Body.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(hall, Password, fresh[0])).Status);

        // Audited without the codes; nothing secret in the log.
        var audit = (await admin.GetAsync("/api/councils/alfa/audit")).EnumerateArray().ToList();
        Assert.Single(audit, a => a.GetProperty("action").GetString() == "second-factor.recovery-codes");
        Assert.DoesNotContain(fresh[1], string.Join("\n", audit.Select(a => a.GetRawText())));
        AccessKit.NoSecretLeaked(hall);
    }

    /// <summary>A well-formed code that is not the current one (ten minutes old).</summary>
    private static string OtherCode(string seed) =>
        new Totp(Base32Encoding.ToBytes(seed)).ComputeTotp(DateTime.UtcNow.AddMinutes(-10));

    private static async Task<(HttpStatusCode Status, JsonElement Body, string Text)> LoginAsync(HallServerProcess hall, string password, string? code)
    {
        using var response = await hall.Http.PostAsJsonAsync("/api/auth/login", new { login = "sec-alfa", password = SecretLedger.Add(password), code });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, string Text)> PostAsync(HallServerProcess hall, string path, string token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await hall.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), text);
    }
}
