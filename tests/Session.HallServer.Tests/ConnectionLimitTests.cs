using System.Net.Sockets;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests;

public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task More_connections_than_the_open_file_limit_are_refused_and_the_hall_keeps_running()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { OpenFileLimit = 1400 });
        var sockets = new List<Socket>();
        try
        {
            // Well past the limit: every one of them is a connection Kestrel has to accept or refuse.
            for (int i = 0; i < 1600; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try { await s.ConnectAsync(hall.BaseUrl.Host, hall.BaseUrl.Port).WaitAsync(TimeSpan.FromSeconds(5)); }
                catch (Exception) { /* refused or timed out: expected past the cap */ }
                sockets.Add(s);
            }
            await Task.Delay(2000);
            Assert.True(hall.ExitCode is null, $"the hall exited with {hall.ExitCode}:\n{string.Join('\n', hall.Output.TakeLast(60))}");
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
        }
        await Eventually.True(async () =>
        {
            try { return (await hall.Http.GetAsync("/api/health")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, "the hall answers again once the connections are gone");
        Assert.True(hall.ExitCode is null, $"the hall exited with {hall.ExitCode}:\n{string.Join('\n', hall.Output.TakeLast(60))}");
        // The refusals are said in a summary, not once each (a line per refused socket is itself a flood).
        await Eventually.True(() => hall.Output.Any(l => l.Contains("the connection cap is reached", StringComparison.Ordinal)), "the hall says it refused connections");
        Assert.DoesNotContain(hall.Output, l => l.Contains("maximum number of concurrent connections", StringComparison.Ordinal));
        Assert.DoesNotContain(hall.Output, l => l.Contains("Out of memory"));
    }
}
