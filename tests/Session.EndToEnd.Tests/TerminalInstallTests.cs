using System.Text.Json;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>The terminal is installable as a PWA: the page links a manifest that starts at /terminal, with icons the server serves.</summary>
[Collection(ReadOnlyCollection.Name)]
public sealed class TerminalInstallTests(ReadOnlyStage shared)
{
    [Fact]
    public async Task The_terminal_links_a_manifest_that_opens_the_terminal_standalone_with_served_icons()
    {
        var stage = shared.Stage;
        var tablet = await stage.OpenAsync("/terminal", 800, 1280, label: "terminal");
        await Expect(tablet.Locator("link[rel=manifest]")).ToHaveAttributeAsync("href", "/terminal.webmanifest");

        var response = await tablet.APIRequest.GetAsync("/terminal.webmanifest");
        Assert.True(response.Ok, $"manifest: HTTP {response.Status}");
        using var manifest = JsonDocument.Parse(await response.TextAsync());
        var root = manifest.RootElement;
        Assert.Equal("/terminal", root.GetProperty("start_url").GetString());
        Assert.Equal("standalone", root.GetProperty("display").GetString());
        Assert.Equal("uk", root.GetProperty("lang").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("name").GetString()));
        var icons = root.GetProperty("icons").EnumerateArray().Select(i => i.GetProperty("src").GetString()!).ToList();
        Assert.NotEmpty(icons);
        foreach (var icon in icons)
        {
            var got = await tablet.APIRequest.GetAsync(icon);
            Assert.True(got.Ok, $"{icon}: HTTP {got.Status}");
            Assert.Contains("<svg", await got.TextAsync());
        }
        var worker = await tablet.APIRequest.GetAsync("/terminal-sw.js");
        Assert.True(worker.Ok, $"service worker: HTTP {worker.Status}");
    }
}
