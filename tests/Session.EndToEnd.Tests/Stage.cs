using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Session.Core.Wire;
using Session.Testing;

namespace Session.EndToEnd.Tests;

/// <summary>
/// One test's world: the real hall-server (demo council) serving this checkout's deputy-console, and Debian's
/// Chromium driven by Playwright. Each page gets its own browser context, like a separate device.
/// </summary>
public sealed class Stage : IAsyncDisposable
{
    public static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

    private readonly List<IBrowserContext> _contexts = new();
    private readonly List<string> _browserLog = new();
    private readonly string _name;

    public HallServerProcess Hall { get; }
    public IPlaywright Playwright { get; }
    public IBrowser Browser { get; }

    private Stage(string name, HallServerProcess hall, IPlaywright playwright, IBrowser browser)
    {
        _name = name;
        Hall = hall;
        Playwright = playwright;
        Browser = browser;
    }

    /// <param name="demo">False: an empty data dir, as at a council's first start (no council, no account, a setup token).</param>
    /// <param name="hallArgs">More of the hall's command line (e.g. <c>--Hall:PublicRelay:Enabled=true</c>).</param>
    public static async Task<Stage> StartAsync(string name, bool demo = true, string[]? hallArgs = null)
    {
        await ConsoleBuild.EnsureBuiltAsync();
        Assertions.SetDefaultExpectTimeout(30_000);
        var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = demo, ExtraArgs = ["--web-root", ConsoleBuild.DistDir, .. hallArgs ?? []] });
        IPlaywright? playwright = null;
        try
        {
            playwright = await Microsoft.Playwright.Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ChromiumArgs,
                Timeout = 60_000,
            });
            return new Stage(name, hall, playwright, browser);
        }
        catch
        {
            playwright?.Dispose();
            await hall.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new device (own storage, own connection) showing <paramref name="path"/>.</summary>
    public async Task<IPage> OpenAsync(string path, int width, int height, Uri? via = null, string? label = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = (via ?? Hall.BaseUrl).ToString(),
            Locale = "uk-UA",
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        context.SetDefaultTimeout(30_000);
        lock (_contexts) _contexts.Add(context);
        var page = await context.NewPageAsync();
        var who = label ?? path;
        page.Console += (_, m) => { if (m.Type is "error" or "warning") lock (_browserLog) _browserLog.Add($"[{who}] {m.Type}: {m.Text}"); };
        page.PageError += (_, e) => { lock (_browserLog) _browserLog.Add($"[{who}] page error: {e}"); };
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>Another tab of the same browser as <paramref name="sibling"/> (shared storage, like two tabs on one laptop).</summary>
    public async Task<IPage> OpenTabAsync(IPage sibling, string path, string label)
    {
        var page = await sibling.Context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") lock (_browserLog) _browserLog.Add($"[{label}] {m.Type}: {m.Text}"); };
        page.PageError += (_, e) => { lock (_browserLog) _browserLog.Add($"[{label}] page error: {e}"); };
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>Saves a screenshot as a test artifact (tests/Session.EndToEnd.Tests/artifacts, gitignored).</summary>
    public async Task ShotAsync(IPage page, string name, bool fullPage = true)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleBuild.ArtifactsDir, name + ".png"), FullPage = fullPage });
    }

    /// <summary>The demo's gateway key serving every seat: registers the deputies the test does not seat at a tablet.</summary>
    public async Task<HubConnection> GatewayAsync() => await SittingDriver.GatewayAsync(Hall);

    /// <summary>Identifies the demo deputies at <paramref name="seats"/> by card through the gateway (registration must be open).</summary>
    public static async Task IdentifyByCardAsync(HubConnection gateway, IEnumerable<int> seats)
    {
        foreach (var seat in seats)
            await gateway.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), seat, Card: SittingDriver.DemoCard(seat))).Must();
    }

    public static async Task CastAsync(HubConnection gateway, string voteId, IEnumerable<int> seats, string choice)
    {
        foreach (var seat in seats)
            await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, voteId, choice)).Must();
    }

    public async Task<VoteView> VoteAsync(string voteId) =>
        await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<VoteView>(Hall.Http, $"/api/votes/{voteId}") ?? throw new InvalidOperationException("no vote " + voteId);

    public async ValueTask DisposeAsync()
    {
        List<IBrowserContext> contexts;
        lock (_contexts) contexts = _contexts.ToList();
        foreach (var c in contexts)
        {
            try { await c.CloseAsync(); } catch (PlaywrightException) { }
        }
        await Browser.CloseAsync();
        Playwright.Dispose();
        await Hall.DisposeAsync();
        lock (_browserLog) File.WriteAllLines(Path.Combine(ConsoleBuild.ArtifactsDir, _name + ".browser.log"), _browserLog);
        // The hall's own output beside the browser's, for reading a failure after the run.
        File.WriteAllLines(Path.Combine(ConsoleBuild.ArtifactsDir, _name + ".hall.log"), Hall.Output);
    }
}
