using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

[Collection(ReadOnlyCollection.Name)]
public sealed class LanguageTests(ReadOnlyStage shared)
{
    [Fact]
    public async Task Pages_are_Ukrainian_by_default_and_the_switch_turns_them_English_and_back()
    {
        var stage = shared.Stage;

        var citizen = await stage.OpenAsync("/", 360, 800, label: "public");
        await Expect(citizen.Locator("html")).ToHaveAttributeAsync("lang", "uk");
        await Expect(citizen.ById("now-h")).ToHaveTextAsync("Зараз");
        await Expect(citizen.ById("lang-switch")).ToHaveTextAsync("English");

        await citizen.ById("lang-switch").ClickAsync();
        await Expect(citizen.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(citizen.ById("now-h")).ToHaveTextAsync("Now");
        await Expect(citizen.ById("files-h")).ToHaveTextAsync("Open data");
        await Expect(citizen.ById("lang-switch")).ToHaveTextAsync("Українська");
        await Expect(citizen.ById("lang-switch")).ToHaveAttributeAsync("lang", "uk");
        await stage.ShotAsync(citizen, "public-360-english");

        // The choice is remembered on the device.
        await citizen.ReloadAsync();
        await Expect(citizen.ById("now-h")).ToHaveTextAsync("Now");
        await citizen.ById("lang-switch").ClickAsync();
        await Expect(citizen.ById("now-h")).ToHaveTextAsync("Зараз");

        var terminal = await stage.OpenAsync("/terminal", 360, 800, label: "terminal");
        await Expect(terminal.Locator("h1")).ToHaveTextAsync("Під'єднання термінала");
        await terminal.ById("lang-switch").ClickAsync();
        await Expect(terminal.Locator("h1")).ToHaveTextAsync("Pair this terminal");
        await Expect(terminal.Locator("label[for=pair-key]")).ToHaveTextAsync("Terminal key");
        await stage.ShotAsync(terminal, "terminal-360-pair-english");

        var chair = await stage.OpenAsync("/chair", 1280, 900, label: "chair");
        await chair.ById("lang-switch").ClickAsync();
        await Expect(chair.Locator("h1")).ToHaveTextAsync("Secretary sign-in");
        await chair.ById("login-name").FillAsync("secretar");
        await chair.ById("login-password").FillAsync("not the password");
        await chair.ById("login-submit").ClickAsync();
        await Expect(chair.ById("login-error")).ToHaveTextAsync("Wrong login or password");

        var screen = await stage.OpenAsync("/hall?lang=en", 1920, 1080, label: "hall");
        await Expect(screen.Locator(".hall-foot .quorum")).ToContainTextAsync("registered; quorum needs");
    }
}
