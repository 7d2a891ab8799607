using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Broadcast.Secrets;
using Session.Broadcast.Tests.Support;
using Session.Core.Transport;
using Session.Core.Wire;
using Session.Testing;

namespace Session.Broadcast.Tests;

/// <summary>The broadcast and a hall on HTTPS with its own CA (docs/security.md "HTTPS").</summary>
public sealed class HallHttpsTests
{
    [Fact]
    public async Task Over_https_the_broadcast_trusts_the_hall_ca_it_was_given_and_no_other()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Urls = "https://127.0.0.1:0" });
        Assert.Equal("https", hall.BaseUrl.Scheme);
        var chair = await hall.ConnectChairAsync();
        var health = new List<JsonElement>();
        chair.On<JsonElement>(HubNames.StreamHealth, h => { lock (health) health.Add(h); });

        // Another hall's CA: the broadcast refuses this hall's certificate, says why, and reports nothing to it.
        var dir = BroadcastRun.NewDir();
        var stranger = HallCaPin.Parse(string.Concat(Enumerable.Repeat("5A", 32)));
        var refused = BroadcastRun.Defaults(dir, hall.BaseUrl) with { HallKey = new Secret(hall.BroadcastKey), HallCa = stranger };
        await using (var run = BroadcastRun.Start(refused, dir))
        {
            await Until(() => run.Log.Contains("not the configured", StringComparison.Ordinal),
                "the broadcast says the hall's certificate was refused", TimeSpan.FromSeconds(60), run);
            await Task.Delay(TimeSpan.FromSeconds(3));
            lock (health) Assert.Empty(health);
        }

        // The hall's own CA, as the hall printed it: health reaches the secretary's console over HTTPS.
        dir = BroadcastRun.NewDir();
        var pinned = BroadcastRun.Defaults(dir, hall.BaseUrl) with { HallKey = new Secret(hall.BroadcastKey), HallCa = hall.HallCa };
        Assert.Contains(hall.Output, l => l.Contains(hall.HallCa!.Fingerprint, StringComparison.Ordinal));
        await using (var run = BroadcastRun.Start(pinned, dir))
        {
            await Until(() => { lock (health) return health.Any(h => h.GetProperty("fps").GetDouble() > 0); },
                "stream health reaches the secretary's console over HTTPS", TimeSpan.FromSeconds(90), run);
            Assert.Equal(0, await run.StopAsync());
            Assert.DoesNotContain(hall.BroadcastKey, run.Log);
        }
    }

    private static async Task Until(Func<bool> condition, string what, TimeSpan timeout, BroadcastRun run)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"timed out waiting until {what}\n{string.Join('\n', run.Log.Split('\n').TakeLast(30))}");
            await Task.Delay(100);
        }
    }
}
