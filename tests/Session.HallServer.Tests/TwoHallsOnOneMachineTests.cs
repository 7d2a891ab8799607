using System.Text.RegularExpressions;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests;

/// <summary>Two hall appliances on one machine pick their own ports, Orleans' included, and never meet.</summary>
public sealed class TwoHallsOnOneMachineTests
{
    [Fact]
    public async Task Two_servers_started_at_once_bind_different_orleans_ports_and_each_serves_its_own_demo()
    {
        var starting = new[] { HallServerProcess.StartAsync(), HallServerProcess.StartAsync() };
        await using var a = await starting[0];
        await using var b = await starting[1];
        static (int Silo, int Gateway) PortsOf(HallServerProcess hall)
        {
            var line = hall.Output.First(l => l.Contains("Orleans silo on", StringComparison.Ordinal));
            var m = Regex.Match(line, @"127\.0\.0\.1:(\d+), gateway (\d+)");
            return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
        }
        var (pa, pb) = (PortsOf(a), PortsOf(b));
        Assert.NotEqual(11111, pa.Silo);
        Assert.Empty(new[] { pa.Silo, pa.Gateway }.Intersect([pb.Silo, pb.Gateway]));
        Assert.NotEqual(a.BaseUrl, b.BaseUrl);

        // Each runs its own sitting: a registration opened in one is not seen in the other.
        var chair = await a.ConnectChairAsync();
        await Microsoft.AspNetCore.SignalR.Client.HubConnectionExtensions.InvokeAsync<Session.Core.Wire.CommandAck>(chair, "OpenRegistration").Must();
        Assert.True((await a.CurrentSittingAsync()).RegistrationOpen);
        Assert.False((await b.CurrentSittingAsync()).RegistrationOpen);
    }
}
