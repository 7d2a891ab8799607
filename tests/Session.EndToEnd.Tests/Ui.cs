using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>What a person does on the pages, by the pages' ids and visible words.</summary>
public static class Ui
{
    public static ILocator ById(this IPage page, string id) => page.Locator($"[id='{id}']");

    /// <summary>
    /// Chromium's own WebAuthn with a virtual platform authenticator (CDP <c>WebAuthn.addVirtualAuthenticator</c>):
    /// resident keys, user verification that always succeeds, presence answered at once — a phone's fingerprint.
    /// </summary>
    public static async Task AddPasskeyAuthenticatorAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true, ["hasUserVerification"] = true,
                ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });
    }

    public static async Task LoginChairAsync(IPage chair, string password, string login = "secretar")
    {
        await chair.ById("login-name").FillAsync(login);
        await chair.ById("login-password").FillAsync(password);
        // The second factor, as the secretary's authenticator app shows it (the demo secretary's seed is known to the test).
        await chair.ById("login-code").FillAsync(await Session.Testing.StaffLogin.NextCodeAsync(new Uri(chair.Url), login));
        await chair.ById("login-submit").ClickAsync();
        await Expect(chair.ById("link-state")).ToHaveTextAsync("На зв'язку");
        await Expect(chair.ById("quorum")).ToBeVisibleAsync();
    }

    /// <summary>
    /// The TOTP enrolment page after a staff account's first login: reads the key shown as text (as a person would
    /// type it into an authenticator app), confirms with a first code, sees the ten recovery codes once, continues.
    /// </summary>
    public static async Task EnrolSecondFactorAsync(IPage page, string login)
    {
        await Expect(page.ById("enrol-qr")).ToBeVisibleAsync();
        var secret = Session.Testing.SecretLedger.Add((await page.ById("enrol-secret").InnerTextAsync()).Trim());
        var server = new Uri(page.Url);
        Session.Testing.StaffLogin.Forget(server, login);
        Session.Testing.StaffLogin.Remember(server, login, secret);
        await page.ById("enrol-code").FillAsync(await Session.Testing.StaffLogin.NextCodeAsync(server, login));
        await page.ById("enrol-confirm").ClickAsync();
        await Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        foreach (var code in await page.Locator("#recovery-codes li").AllInnerTextsAsync()) Session.Testing.SecretLedger.Add(code.Trim());
        await page.ById("enrol-done").ClickAsync();
    }

    /// <summary>Issues a tablet key for one seat from the console and reads it off the screen.</summary>
    public static async Task<string> IssueTabletKeyAsync(IPage chair, int seat)
    {
        var before = await chair.Locator("#issued li").CountAsync();
        await chair.ById("term-kind").SelectOptionAsync("tablet");
        await chair.ById("term-seats").FillAsync(seat.ToString());
        await chair.ById("term-label").FillAsync($"Планшет {seat}");
        await chair.ById("term-issue").ClickAsync();
        await Expect(chair.Locator("#issued li")).ToHaveCountAsync(before + 1);
        var entry = chair.Locator("#issued li").First;
        await Expect(entry).ToContainTextAsync($"Планшет {seat}");
        await Expect(entry.Locator("img.qr")).ToBeVisibleAsync();
        return (await entry.Locator(".issued-key").InnerTextAsync()).Trim();
    }

    /// <summary>Types the terminal key, picks the deputy's name, then types the PIN, as a deputy would.</summary>
    public static async Task PairAndIdentifyAsync(IPage tablet, string key, string deputyId, string pin)
    {
        await tablet.ById("pair-key").FillAsync(key);
        await tablet.ById("pair-submit").ClickAsync();
        await PickDeputyAsync(tablet, deputyId);
        await tablet.ById("pin").FillAsync(pin);
        await tablet.ById("pin").PressAsync("Enter");
        await Expect(tablet.ById("item-h")).ToBeVisibleAsync();
    }

    /// <summary>Picks the deputy in the identify screen's chooser, once the sitting's roster has reached the tablet.</summary>
    public static async Task PickDeputyAsync(IPage tablet, string deputyId)
    {
        await Expect(tablet.Locator($"#deputy option[value='{deputyId}']")).ToHaveCountAsync(1);
        await tablet.ById("deputy").SelectOptionAsync(deputyId);
    }

    /// <summary>The tablet's queued, unacknowledged casts as stored in the browser (JSON arrays, one per paired key).</summary>
    public static Task<string> OutboxAsync(IPage tablet) => tablet.EvaluateAsync<string>(
        "() => Object.keys(localStorage).filter(k => k.startsWith('session.terminal.outbox.')).map(k => localStorage.getItem(k)).join('')");

    /// <summary>Moves focus with the Tab key only until the element with <paramref name="id"/> has it.</summary>
    public static async Task TabToAsync(IPage page, string id, int maxPresses = 60)
    {
        for (int i = 0; i < maxPresses; i++)
        {
            if (await page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.id") == id) return;
            await page.Keyboard.PressAsync("Tab");
        }
        throw new InvalidOperationException($"#{id} was not reached with {maxPresses} Tab presses");
    }

    /// <summary>Votes with the keyboard alone: Tab to the key, press Enter; waits for the server's ack on screen.</summary>
    public static async Task CastByKeyboardAsync(IPage tablet, string choice)
    {
        await Expect(tablet.ById($"cast-{choice}")).ToBeEnabledAsync();
        await TabToAsync(tablet, $"cast-{choice}");
        await tablet.Keyboard.PressAsync("Enter");
    }
}
