using System.Text.Json;
using Microsoft.Playwright;
using Session.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>
/// Issue 10 item 2: a passkey as a staff account's second factor, the phishing-resistant alternative to a TOTP code.
/// The secretary adds one in the admin console (Chromium's WebAuthn with its virtual authenticator), then signs in
/// with the password and the passkey instead of a code; a wrong password with the right passkey is refused like any
/// wrong password; a page opened under another host name cannot use it; the audit chain records the factor used.
/// </summary>
[Collection(Lane.B)]
public sealed class StaffPasskeyTests
{
    [Fact]
    public async Task The_secretary_adds_a_passkey_and_signs_in_with_the_password_and_the_passkey_instead_of_a_code()
    {
        await using var stage = await Stage.StartAsync("staff-passkey");
        var hall = stage.Hall;
        var staff = new RegistryClient(hall, await hall.ChairTokenAsync());
        var council = (await staff.GetAsync("/api/councils")).EnumerateArray().First().GetProperty("id").GetString()!;
        var local = new Uri($"http://localhost:{hall.BaseUrl.Port}/");

        var admin = await stage.OpenAsync($"/{council}/admin", 1280, 900, via: local, label: "secretary");
        await Ui.AddPasskeyAuthenticatorAsync(admin);
        await admin.ById("login-name").FillAsync("secretar");
        await admin.ById("login-password").FillAsync(hall.SecretaryPassword);
        await admin.ById("login-code").FillAsync(await StaffLogin.NextCodeAsync(hall.BaseUrl, "secretar"));
        await admin.ById("login-form-submit").ClickAsync();
        await admin.ById("add-passkey").ClickAsync();
        await admin.ById("passkey-create").ClickAsync();
        await Expect(admin.ById("passkey-added")).ToContainTextAsync("Ключ доступу додано");
        await admin.ById("passkey-done").ClickAsync();
        await admin.ById("logout").ClickAsync();

        // A wrong password with the right passkey: the same refusal as any wrong password.
        await admin.ById("login-name").FillAsync("secretar");
        await admin.ById("login-password").FillAsync("not the password " + hall.SecretaryPassword.Length);
        await admin.ById("login-passkey").ClickAsync();
        await Expect(admin.Locator("#login-form .form-error")).ToContainTextAsync("Неправильний логін або пароль");

        // The password and the passkey, no code: in.
        await admin.ById("login-password").FillAsync(hall.SecretaryPassword);
        await admin.ById("login-passkey").ClickAsync();
        await Expect(admin.ById("nav-deputies")).ToBeVisibleAsync();

        // The secretary's console takes the same passkey; its «new recovery codes» form is there too.
        var sameDevice = admin; // the secretary's own device: the same page and authenticator
        await sameDevice.GotoAsync(new Uri(local, $"/{council}/chair").ToString());
        await sameDevice.ById("login-password").FillAsync(hall.SecretaryPassword);
        await sameDevice.ById("login-passkey").ClickAsync();
        await Expect(sameDevice.ById("link-state")).ToHaveTextAsync("На зв'язку");
        await sameDevice.ById("renew-codes").ClickAsync();
        await Expect(sameDevice.ById("renew-form")).ToBeVisibleAsync();
        await sameDevice.ById("renew-cancel").ClickAsync();
        await Expect(sameDevice.ById("quorum")).ToBeVisibleAsync();

        // Without a code or a passkey the account is still asked for its second factor.
        using (var bare = await hall.Http.PostAsync("/api/auth/login", Json(new { login = "secretar", password = hall.SecretaryPassword })))
            Assert.Contains("second-factor-required", await bare.Content.ReadAsStringAsync());

        // Opened by an address, not the hall's DNS name, the page cannot use passkeys: the server says where they work.
        var byAddress = await stage.OpenAsync($"/{council}/admin", 1280, 900, label: "secretary-by-address");
        await Ui.AddPasskeyAuthenticatorAsync(byAddress);
        await byAddress.ById("login-name").FillAsync("secretar");
        await byAddress.ById("login-password").FillAsync(hall.SecretaryPassword);
        await byAddress.ById("login-passkey").ClickAsync();
        await Expect(byAddress.Locator("#login-form .form-error")).ToContainTextAsync("Ключі доступу працюють лише за адресою localhost");

        var audit = (await staff.GetAsync($"/api/councils/{council}/audit")).EnumerateArray().ToList();
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "second-factor.enrol" && e.GetProperty("data").GetString()!.Contains("passkey"));
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "login.success" && e.GetProperty("data").GetString()!.Contains("\"factor\":\"passkey\""));
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "login.failure" && e.GetProperty("data").GetString()!.Contains("password"));
        Assert.Empty(hall.LeakedSecrets());
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
