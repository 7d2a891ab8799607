using System.Text.Json.Nodes;
using Session.Testing;

namespace Session.Hardware.Tests;

/// <summary>The seat gateway and a hall on HTTPS with its own CA (docs/security.md "HTTPS").</summary>
public sealed class GatewayHttpsTests
{
    [Fact]
    public async Task Over_https_the_gateway_trusts_the_hall_ca_in_its_config_and_no_other()
    {
        // The hall's own CA in gateway.json: every seat comes online through the gateway.
        await using var rig = await HallRig.StartAsync(https: true);
        Assert.Equal("https", rig.Hall.BaseUrl.Scheme);
        await Eventually.True(async () => (await rig.SeatsAsync()).Count(s => s.Online) == 27, "all seats online over HTTPS", HallRig.Wait);

        // The gateway stops and its seats go offline; it starts again with another hall's CA in its config (the same
        // hall, which saves a second hall and rig start): it refuses the certificate, says why, and no seat comes online.
        await rig.Gateway!.DisposeAsync();
        await Eventually.True(async () => (await rig.SeatsAsync()).All(s => !s.Online), "the seats offline once the gateway stopped", HallRig.Wait);
        var config = JsonNode.Parse(File.ReadAllText(rig.ConfigPath))!;
        config["hallCa"] = string.Concat(Enumerable.Repeat("5A:", 31)) + "5A";
        File.WriteAllText(rig.ConfigPath, config.ToJsonString());
        rig.StartGateway();
        await Eventually.True(() => rig.Gateway!.AllOutput.Contains("not the configured", StringComparison.Ordinal),
            "the gateway says the hall's certificate was refused", HallRig.Wait);
        Assert.DoesNotContain(await rig.SeatsAsync(), s => s.Online);
    }
}
