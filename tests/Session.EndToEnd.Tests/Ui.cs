using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>What a person does on the pages, by the pages' ids and visible words.</summary>
public static class Ui
{
    public static ILocator ById(this IPage page, string id) => page.Locator($"[id='{id}']");

    public static async Task LoginChairAsync(IPage chair, string password)
    {
        await chair.ById("login-name").FillAsync("secretar");
        await chair.ById("login-password").FillAsync(password);
        await chair.ById("login-submit").ClickAsync();
        await Expect(chair.ById("link-state")).ToHaveTextAsync("На зв'язку");
        await Expect(chair.ById("quorum")).ToBeVisibleAsync();
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

    /// <summary>Types the terminal key, then the PIN, as a deputy would.</summary>
    public static async Task PairAndIdentifyAsync(IPage tablet, string key, string pin)
    {
        await tablet.ById("pair-key").FillAsync(key);
        await tablet.ById("pair-submit").ClickAsync();
        await tablet.ById("pin").FillAsync(pin);
        await tablet.ById("pin").PressAsync("Enter");
        await Expect(tablet.ById("item-h")).ToBeVisibleAsync();
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
