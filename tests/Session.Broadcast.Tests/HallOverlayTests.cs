using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Broadcast.Overlay;
using Session.Broadcast.Secrets;
using Session.Broadcast.Tests.Support;
using Session.Core.Wire;
using Session.Testing;
using SkiaSharp;

namespace Session.Broadcast.Tests;

[Collection(FfmpegCollection.Name)]
public class HallOverlayTests
{
    /// <summary>A strip of the result board's verdict band right of its text: plain green or red when the board is up.</summary>
    internal static readonly SKRect Strip = new(OverlayRenderer.VerdictBand.Right - 170, OverlayRenderer.VerdictBand.Top + 10, OverlayRenderer.VerdictBand.Right - 10, OverlayRenderer.VerdictBand.Bottom - 10);

    [Fact]
    public async Task After_a_vote_closes_on_the_hall_server_the_result_board_appears_in_the_stream_and_health_reaches_the_console()
    {
        await using var hall = await HallServerProcess.StartAsync();
        var chair = await hall.ConnectChairAsync();
        var health = new List<JsonElement>();
        chair.On<JsonElement>(HubNames.StreamHealth, h => { lock (health) health.Add(h); });
        var gateway = await SittingDriver.GatewayAsync(hall);
        var seats = Enumerable.Range(1, 20).ToArray();
        await SittingDriver.RegisterAsync(chair, gateway, seats);

        var dir = BroadcastRun.NewDir();
        int port = Ports.Free();
        const string key = "overlay-key-31c0";
        await using var sink = new LiveDecoder(port, key, 640, Strip);
        await Task.Delay(500); // let the decoder listen
        var options = BroadcastRun.Defaults(dir, hall.BaseUrl) with
        {
            RtmpBase = $"rtmp://127.0.0.1:{port}/live", StreamKey = new Secret(key), HallKey = new Secret(hall.BroadcastKey),
        };
        await using var run = BroadcastRun.Start(options, dir);

        await Until(() => sink.Count > 25, "decoded frames arrive at the sink", TimeSpan.FromSeconds(90), run);
        var voteId = await SittingDriver.OpenVoteAsync(chair, hall, seconds: 120);
        await Until(() => run.Host.LastScene?.Live is not null, "the overlay shows the open vote", TimeSpan.FromSeconds(30), run);
        foreach (var seat in seats.Take(15))
            await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, voteId, "yes")).Must();
        await Until(() => run.Host.LastScene?.Live?.Yes == 15, "the live count reaches 15", TimeSpan.FromSeconds(30), run);
        await Task.Delay(TimeSpan.FromSeconds(4)); // the live panel is in the stream now
        var before = sink.Latest!.Value;
        Assert.False(Pixels.Near(before, OverlayRenderer.PassedColor, 40), $"verdict colour before the close: {before}");

        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
        int from = sink.Count;
        await Until(() => sink.Frames.Skip(from).Count(f => Pixels.Near((f.R, f.G, f.B), OverlayRenderer.PassedColor, 40)) >= 5,
            "the green «ПРИЙНЯТО» band is decoded at the sink", TimeSpan.FromSeconds(60), run);
        Assert.True(run.Host.LastScene?.Result?.Passed);

        await Until(() => { lock (health) return health.Any(h => h.GetProperty("fps").GetDouble() > 0 && h.GetProperty("ingest").GetString() == "live"); },
            "stream health with fps and a live ingest reaches the secretary's console", TimeSpan.FromSeconds(30), run);
        Assert.Equal(0, await run.StopAsync());
        Assert.DoesNotContain(key, run.Log);
        Assert.DoesNotContain(hall.BroadcastKey, run.Log);
    }

    private static async Task Until(Func<bool> condition, string what, TimeSpan timeout, BroadcastRun run)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"timed out waiting until {what}\n{Tail(run.Log)}");
            await Task.Delay(100);
        }
    }

    private static string Tail(string log) =>
        string.Join('\n', log.Split('\n').Where(l => !l.Contains("dbug")).TakeLast(30));
}
