using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>The caption console (/{council}/captions, issue 14) in Chromium: typed lines appear on the public page.</summary>
[Collection(Lane.A)]
public sealed class CaptionConsoleTests
{
    [Fact]
    public async Task A_line_typed_on_the_caption_console_appears_on_the_public_page_and_an_over_long_one_stays_in_the_box()
    {
        await using var stage = await Stage.StartAsync("captions");
        var hall = stage.Hall;
        var phone = await stage.OpenAsync("/vyshneva/", 360, 740, label: "public page");
        await Expect(phone.ById("live-captions")).ToBeHiddenAsync();

        // The secretary may caption (a captioner account may do only that: CaptionerRoleTests).
        var console = await stage.OpenAsync("/vyshneva/captions", 1280, 800, label: "caption console");
        await console.ById("login-name").FillAsync("secretar");
        await console.ById("login-password").FillAsync(hall.SecretaryPassword);
        await console.ById("login-code").FillAsync(await Session.Testing.StaffLogin.NextCodeAsync(new Uri(console.Url), "secretar"));
        await console.ById("login-submit").ClickAsync();
        await Expect(console.ById("link-state")).ToHaveTextAsync("На зв'язку");

        await console.ById("caption-line").FillAsync("Оголошується перерва на десять хвилин");
        await console.ById("caption-line").PressAsync("Enter");
        await Expect(console.ById("caption-message")).ToHaveTextAsync("Надіслано (рядок № 1)");
        await Expect(console.ById("caption-line")).ToHaveValueAsync("");
        await Expect(console.Locator("#recent-lines li")).ToHaveTextAsync(["Оголошується перерва на десять хвилин"]);
        await Expect(phone.Locator("#live-captions .caption-final")).ToHaveTextAsync(["Оголошується перерва на десять хвилин"]);

        // "Send as I type": the words being typed show on the public page before Enter.
        await console.ById("caption-partial").CheckAsync();
        await console.ById("caption-line").PressSequentiallyAsync("Продовжуємо засідання");
        await Expect(phone.Locator("#live-captions .caption-partial")).ToHaveTextAsync("Продовжуємо засідання");
        await console.ById("caption-line").PressAsync("Enter");
        await Expect(phone.Locator("#live-captions .caption-final")).ToHaveTextAsync(["Оголошується перерва на десять хвилин", "Продовжуємо засідання"]);
        await Expect(phone.Locator("#live-captions .caption-partial")).ToHaveCountAsync(0);

        // Too long: said plainly, and the text stays in the box to be split.
        var tooLong = string.Join(' ', Enumerable.Repeat("дуже довге речення", 12));
        await console.ById("caption-line").FillAsync(tooLong);
        await console.ById("caption-line").PressAsync("Enter");
        await Expect(console.ById("caption-message")).ToContainTextAsync("Рядок задовгий: не більше 200 символів");
        await Expect(console.ById("caption-line")).ToHaveValueAsync(tooLong);
        await Expect(console.ById("caption-counter")).ToHaveClassAsync("caption-counter over");
        await stage.ShotAsync(console, "caption-console-1280");
        await stage.ShotAsync(phone, "public-captions-360");

        // WCAG 2.1 AA (as AccessibilityTests checks the other pages): the console with its error, the page with captions.
        foreach (var (page, name) in new[] { (console, "caption console"), (phone, "public page with captions") })
        {
            var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
            Assert.True(serious.Count == 0, $"{name}: " + string.Join("; ", serious));
        }
    }
}
