using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using System.Text.Json;
using Microsoft.Playwright;
using Session.Core.Wire;
using Session.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>
/// Issue 10, remote sittings: the secretary holds a mixed sitting; a deputy enrols a device's passkey with a one-time
/// code and then, on that device, signs in with the passkey and the PIN, votes, and shows as remote everywhere. The
/// passkey is Chromium's own WebAuthn stack with its virtual authenticator (CDP <c>WebAuthn.addVirtualAuthenticator</c>).
/// </summary>
[Collection(Lane.B)]
public sealed class RemoteSittingTests
{
    private const int Seat = 5;

    [Fact]
    public async Task A_deputy_enrols_a_passkey_signs_in_with_it_and_the_pin_votes_remotely_and_shows_as_remote()
    {
        await using var stage = await Stage.StartAsync("remote-sitting");
        var hall = stage.Hall;
        var staff = new RegistryClient(hall, await hall.ChairTokenAsync());
        var council = (await staff.GetAsync("/api/councils")).EnumerateArray().First().GetProperty("id").GetString()!;
        var deputy = SittingDriver.DemoDeputy(Seat);

        // The secretary closes the demo's sitting and opens a mixed one in the same hall.
        var current = (await staff.GetAsync($"/api/councils/{council}/sittings")).EnumerateArray().First(s => s.GetProperty("status").GetString() == "open");
        await staff.OkAsync(HttpMethod.Post, $"/api/councils/{council}/sittings/{current.GetProperty("id").GetString()}/close");
        var plan = new
        {
            sessionId = current.GetProperty("sessionId").GetString(), bodyId = current.GetProperty("bodyId").GetString(),
            hallId = current.GetProperty("hallId").GetString(), number = current.GetProperty("number").GetInt32() + 1,
            date = current.GetProperty("date").GetString(), mode = "mixed",
        };
        var badMode = await staff.RefusedAsync(HttpMethod.Post, $"/api/councils/{council}/sittings", plan with { mode = "zoom" }, HttpStatusCode.BadRequest);
        Assert.Equal("mode", badMode.GetProperty("field").GetString());
        Assert.Contains("mixed", badMode.GetProperty("detail").GetString());
        Assert.Contains("mixed", badMode.GetProperty("detailEn").GetString());
        var sittingId = (await staff.OkAsync(HttpMethod.Post, $"/api/councils/{council}/sittings", plan)).GetProperty("id").GetString()!;
        await staff.OkAsync(HttpMethod.Post, $"/api/councils/{council}/sittings/{sittingId}/agenda", new { order = 1, title = "Про бюджет громади" });
        await staff.OkAsync(HttpMethod.Post, $"/api/councils/{council}/sittings/{sittingId}/open");
        var chairHub = await hall.ConnectChairAsync();
        await chairHub.InvokeAsync<CommandAck>("OpenRegistration").Must();

        // The secretary issues the code for the deputy's device in the admin console (shown once, with the page's link
        // and QR code); a wrong code is refused in both languages; the link fills the code in.
        var local = new Uri($"http://localhost:{hall.BaseUrl.Port}/");
        var admin = await stage.OpenAsync($"/{council}/admin", 1280, 900, via: local, label: "admin");
        admin.Dialog += async (_, d) => await d.AcceptAsync(); // «are you sure?» is answered yes
        await admin.ById("login-name").FillAsync("secretar");
        await admin.ById("login-password").FillAsync(hall.SecretaryPassword);
        await admin.ById("login-code").FillAsync(await StaffLogin.NextCodeAsync(hall.BaseUrl, "secretar"));
        await admin.ById("login-form-submit").ClickAsync();
        await admin.GotoAsync(new Uri(local, $"/{council}/admin#deputies").ToString());
        await admin.ById($"dep-devices-{deputy}").ClickAsync();
        await Expect(admin.ById("devices-none")).ToBeVisibleAsync();
        await admin.ById("device-issue").ClickAsync();
        var code = SecretLedger.Add((await admin.ById("once-value").InnerTextAsync()).Trim());
        await Expect(admin.ById("once-qr")).ToBeVisibleAsync();
        var link = await admin.ById("once-link").GetAttributeAsync("href");
        Assert.Equal(new Uri(local, $"/{council}/remote#code={code}").ToString(), link);
        await admin.ById("once-close").ClickAsync();

        var device = await stage.OpenAsync($"/{council}/remote", 800, 1280, via: local, label: "remote-device");
        await Ui.AddPasskeyAuthenticatorAsync(device);
        await device.ById("enrol-code").FillAsync("AAAAA-BBBBB");
        await device.ById("enrol-submit").ClickAsync();
        await Expect(device.ById("enrol-error")).ToContainTextAsync("Код реєстрації пристрою неправильний");
        await device.GotoAsync(link!);
        await Expect(device.ById("enrol-code")).ToHaveValueAsync(code);
        Assert.DoesNotContain("code=", device.Url); // taken off the address bar at once
        await device.ById("enrol-label").FillAsync("Планшет вдома");
        await device.ById("enrol-submit").ClickAsync();
        await Expect(device.ById("enrol-done")).ToContainTextAsync("Пристрій зареєстровано");
        // The code worked once.
        using (var again = await hall.Http.PostAsync(new Uri(local, "/api/remote/enrol/options"), Json(new { code })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
            Assert.Contains("enrolment-code-invalid", await again.Content.ReadAsStringAsync());
        }

        // A wrong PIN with the right passkey: refused, nothing identified.
        await device.ById("remote-pin").FillAsync("9999");
        await device.ById("remote-sign-in-submit").ClickAsync();
        await Expect(device.ById("remote-error")).ToContainTextAsync("PIN не підходить");
        // The passkey and the deputy's PIN: the remote place, identified and registered, on the tablet's screens.
        await device.ById("remote-pin").FillAsync(SittingDriver.DemoPin(Seat));
        await device.ById("remote-sign-in-submit").ClickAsync();
        await Expect(device.ById("item-h")).ToBeVisibleAsync();
        var name = (await hall.CurrentSittingAsync()).Deputies.Single(d => d.Id == deputy).Name;
        await Expect(device.Locator(".bar .who")).ToHaveTextAsync(name);
        await Expect(device.Locator(".status-line")).ToContainTextAsync("Зареєстровано");

        // The secretary sees the deputy among the remote places.
        var chair = await stage.OpenAsync("/chair", 1440, 1000, label: "chair");
        await Ui.LoginChairAsync(chair, hall.SecretaryPassword);
        await Expect(chair.ById("remote-seats")).ToContainTextAsync(name);
        Assert.True((await hall.CurrentSittingAsync()).Deputies.Single(d => d.Id == deputy).Remote);

        // A mixed sitting: most deputies are in the hall, by card; the vote is competent.
        var gateway = await stage.GatewayAsync();
        foreach (var s in Enumerable.Range(10, 15))
            await gateway.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), s, Card: SittingDriver.DemoCard(s))).Must();
        // A remote vote: the roll call marks it remote, and the journal's cast carries the passkey's proof.
        await chairHub.InvokeAsync<CommandAck>("CloseRegistration").Must();
        var voteId = await SittingDriver.OpenVoteAsync(chairHub, hall);
        await device.ById("cast-yes").ClickAsync();
        await Expect(device.ById("cast-status")).ToContainTextAsync("№");
        await chairHub.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
        var line = (await stage.VoteAsync(voteId)).RollCall!.Single(l => l.DeputyId == deputy);
        Assert.Equal("yes", line.Result);
        Assert.True(line.Remote);
        var audit = (await staff.GetAsync($"/api/councils/{council}/audit")).GetRawText();
        Assert.Contains("remote.sign-in", audit);
        Assert.Contains("remote.sign-in-failure", audit);
        Assert.Contains("device.enrol", audit);

        // Opened under another name (an IP address), the page cannot use passkeys: the server says where they work.
        var elsewhere = await stage.OpenAsync($"/{council}/remote", 800, 1280, label: "wrong-host");
        await Ui.AddPasskeyAuthenticatorAsync(elsewhere);
        await elsewhere.ById("remote-pin").FillAsync(SittingDriver.DemoPin(Seat));
        await elsewhere.ById("remote-sign-in-submit").ClickAsync();
        await Expect(elsewhere.ById("remote-error")).ToContainTextAsync("Ключі доступу працюють лише за адресою localhost");

        // The secretary revokes the device in the admin console: its connection closes, its key is refused, its passkey
        // no longer signs in.
        var devices = await staff.GetAsync($"/api/councils/{council}/deputies/{deputy}/remote-devices");
        var deviceId = devices.EnumerateArray().Single().GetProperty("id").GetString()!;
        Assert.Equal("Планшет вдома", devices.EnumerateArray().Single().GetProperty("label").GetString());
        await admin.ById($"dep-devices-{deputy}").ClickAsync();
        await Expect(admin.Locator($"#devices-table tr[data-device='{deviceId}']")).ToContainTextAsync("Планшет вдома");
        await admin.ById($"device-revoke-{deviceId}").ClickAsync();
        await Expect(admin.Locator($"#devices-table tr[data-device='{deviceId}']")).ToContainTextAsync("відкликано");
        await Expect(device.ById("remote-sign-in-submit")).ToBeVisibleAsync();
        await device.ById("remote-pin").FillAsync(SittingDriver.DemoPin(Seat));
        await device.ById("remote-sign-in-submit").ClickAsync();
        await Expect(device.ById("remote-error")).ToContainTextAsync("Ключ доступу не підтверджено");
        Assert.Empty(hall.LeakedSecrets());
    }

    /// <summary>Chromium's virtual platform authenticator: resident keys, user verification always given.</summary>
    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
