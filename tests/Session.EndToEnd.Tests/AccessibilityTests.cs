using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Session.Core.Wire;
using Session.Testing;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>
/// WCAG 2.1 AA with axe-core: no serious or critical violation on any of the four pages, in each state a person
/// meets them in (before and during a vote, after its result). The per-page results go to artifacts/axe-report.txt.
/// </summary>
[Collection(Lane.A)]
public sealed class AccessibilityTests(ITestOutputHelper output)
{
    private readonly List<string> _report = new();
    private readonly List<string> _failures = new();

    private async Task CheckAsync(Stage stage, IPage page, string name)
    {
        var options = new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        };
        AxeResult result = await page.RunAxe(options);
        var byImpact = result.Violations.GroupBy(v => v.Impact ?? "unknown").ToDictionary(g => g.Key, g => g.Count());
        string Count(string impact) => byImpact.GetValueOrDefault(impact).ToString();
        var line = $"{name,-34} passes {result.Passes.Length,3}  violations: critical {Count("critical")}, serious {Count("serious")}, moderate {Count("moderate")}, minor {Count("minor")}";
        _report.Add(line);
        foreach (var v in result.Violations)
        {
            var detail = $"    {v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target?.ToString() ?? "")))}";
            _report.Add(detail);
            if (v.Impact is "serious" or "critical") _failures.Add($"{name}: {detail.Trim()}");
        }
        await stage.ShotAsync(page, "axe-" + name);
    }

    [Fact]
    public async Task The_four_pages_have_no_serious_or_critical_axe_violations_before_during_and_after_a_vote()
    {
        await using var stage = await Stage.StartAsync("accessibility");
        var hall = stage.Hall;

        var citizen = await stage.OpenAsync("/", 360, 800, label: "public");
        await Expect(citizen.ById("now-h")).ToBeVisibleAsync();
        var screen = await stage.OpenAsync("/hall", 1920, 1080, label: "hall");
        await Expect(screen.Locator(".hall-head h1")).ToBeVisibleAsync();
        var chair = await stage.OpenAsync("/chair", 1280, 900, label: "chair");
        await Expect(chair.ById("login-submit")).ToBeVisibleAsync();
        var tablet = await stage.OpenAsync("/terminal", 800, 1280, label: "terminal");
        await Expect(tablet.ById("pair-key")).ToBeVisibleAsync();

        await CheckAsync(stage, citizen, "public-before-vote");
        await CheckAsync(stage, screen, "hall-before-vote");
        await CheckAsync(stage, chair, "chair-login");
        await CheckAsync(stage, tablet, "terminal-pairing");

        // The identify screen, then a sitting with a vote under way.
        var key = (await hall.IssueTerminalAsync("tablet", 1)).Key;
        var chairHub = await hall.ConnectChairAsync();
        await chairHub.InvokeAsync<CommandAck>("OpenRegistration").Must();
        await tablet.ById("pair-key").FillAsync(key);
        await tablet.ById("pair-submit").ClickAsync();
        await Expect(tablet.ById("pin")).ToBeVisibleAsync();
        await Ui.PickDeputyAsync(tablet, SittingDriver.DemoDeputy(1));
        await tablet.ById("pin").FillAsync("1");
        await tablet.ById("identify-submit").ClickAsync();
        await Expect(tablet.ById("identify-error")).ToBeVisibleAsync(); // a bad PIN: the error is announced, nothing lost
        await CheckAsync(stage, tablet, "terminal-identify-error");
        await tablet.ById("pin").FillAsync("9999");
        await tablet.ById("identify-submit").ClickAsync();
        await Expect(tablet.ById("identify-error")).ToHaveTextAsync("PIN не підходить до обраного депутата");
        await Expect(tablet.ById("pin")).ToHaveValueAsync("");
        await tablet.ById("pin").FillAsync(SittingDriver.DemoPin(1));
        await tablet.ById("identify-submit").ClickAsync();
        await Expect(tablet.ById("item-h")).ToBeVisibleAsync();

        var gateway = await stage.GatewayAsync();
        await Stage.IdentifyByCardAsync(gateway, Enumerable.Range(2, 15));
        await chairHub.InvokeAsync<CommandAck>("CloseRegistration").Must();
        await Ui.LoginChairAsync(chair, hall.SecretaryPassword);
        await Ui.IssueTabletKeyAsync(chair, 20);
        var voteId = await SittingDriver.OpenVoteAsync(chairHub, hall, seconds: 600);
        await Stage.CastAsync(gateway, voteId, Enumerable.Range(2, 10), "yes");
        await Ui.CastByKeyboardAsync(tablet, "no");
        await Expect(tablet.ById("cast-status")).ToContainTextAsync("зараховано");
        await Expect(screen.ById("hall-yes")).ToHaveTextAsync("10");
        await Expect(citizen.ById("live-tally")).ToBeVisibleAsync();
        await Expect(chair.ById("vote-close")).ToBeVisibleAsync();

        await CheckAsync(stage, tablet, "terminal-vote-cast");
        await CheckAsync(stage, screen, "hall-vote-live");
        await CheckAsync(stage, citizen, "public-vote-live");
        await CheckAsync(stage, chair, "chair-vote-live");

        await chair.ById("vote-close").ClickAsync();
        await Expect(screen.ById("hall-result")).ToBeVisibleAsync();
        var entry = citizen.ById($"vote-{voteId}");
        await entry.Locator("summary").ClickAsync();
        await Expect(entry.Locator("table.rollcall").First).ToBeVisibleAsync();
        await tablet.ById("lang-switch").ClickAsync();
        await Expect(tablet.ById("vote-idle")).ToHaveTextAsync("No vote is open now");

        await CheckAsync(stage, screen, "hall-result");
        await CheckAsync(stage, citizen, "public-result-roll-call");
        await CheckAsync(stage, chair, "chair-vote-closed");
        await CheckAsync(stage, tablet, "terminal-after-vote-english");

        File.WriteAllLines(Path.Combine(ConsoleBuild.ArtifactsDir, "axe-report.txt"), _report);
        foreach (var line in _report) output.WriteLine(line);
        Assert.True(_failures.Count == 0, "serious or critical axe violations:\n" + string.Join("\n", _failures));
    }
}
