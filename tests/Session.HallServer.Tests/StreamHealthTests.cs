using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests;

/// <summary>One demo hall for both protocols: each run connects its own secretary and broadcast and reports the same health.</summary>
public sealed class StreamHealthTests(DemoHall demo) : IClassFixture<DemoHall>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_broadcasts_health_reaches_the_secretary_over_either_protocol(bool messagePack)
    {
        var hall = demo.Hall;
        var chair = await hall.ConnectChairAsync(messagePack);
        var received = new TaskCompletionSource<Dictionary<string, object?>>();
        chair.On<Dictionary<string, object?>>(HubNames.StreamHealth, h => received.TrySetResult(h));
        var broadcast = await hall.ConnectTerminalAsync(messagePack);
        Assert.True((await broadcast.InvokeAsync<HelloReply>("Hello", new HelloRequest(hall.BroadcastKey))).Accepted);
        var ack = await broadcast.InvokeAsync<CommandAck>("ReportStreamHealth", new { fps = 25, bitrate = "4500 kbit/s", ingest = "connected", loudness = -23.1 });
        Assert.True(ack.Accepted);
        var health = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("connected", health["ingest"]?.ToString());
        Assert.Equal("25", health["fps"]?.ToString());
        Assert.StartsWith("-23.1", Convert.ToString(health["loudness"], System.Globalization.CultureInfo.InvariantCulture));

        // Only the broadcast's key may report.
        var gateway = await SittingDriver.GatewayAsync(hall, messagePack);
        Assert.Equal("not-paired", (await gateway.InvokeAsync<CommandAck>("ReportStreamHealth", new { fps = 1 })).Reason);
    }
}

public sealed class SeatPresenceTests
{
    [Fact]
    public async Task Seats_a_gateway_reported_go_offline_when_the_gateway_disconnects()
    {
        await using var hall = await HallServerProcess.StartAsync();
        var chair = await hall.ConnectChairAsync();
        var gateway = await SittingDriver.GatewayAsync(hall);
        Assert.True((await gateway.InvokeAsync<CommandAck>("ReportSeats", new SeatHealthReport([1, 2, 3], [4]))).Accepted);
        await Eventually.True(async () => (await chair.InvokeAsync<SeatView[]>("Seats")).Count(s => s.Online) == 3, "three seats online");
        await gateway.StopAsync();
        await Eventually.True(async () => (await chair.InvokeAsync<SeatView[]>("Seats")).All(s => !s.Online), "no seat online after the gateway left");
    }
}
