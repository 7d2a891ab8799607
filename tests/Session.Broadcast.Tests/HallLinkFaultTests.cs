using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Broadcast.Overlay;
using Session.Broadcast.Tests.Support;
using Session.Core.Wire;
using Session.Testing;
using SkiaSharp;

namespace Session.Broadcast.Tests;

/// <summary>
/// The broadcast process on the far side of a faulty link to the hall (<see cref="HallNetwork.OpenTerminalBox"/>): its
/// hub connections (overlay data, stream health, controls) lose packets and are then cut, while its stream goes to
/// the sink by another path. The stream must not stop, and once the link is back the overlay and the secretary's
/// stream health catch up by themselves.
/// </summary>
[Collection(FfmpegCollection.Name)]
public class HallLinkFaultTests
{
    private static readonly SKRect Strip = HallOverlayTests.Strip;
    private static string BroadcastDll => Path.Combine(AppContext.BaseDirectory, "Session.Broadcast.dll");

    [Fact]
    public async Task Over_a_lossy_hall_link_cut_while_a_vote_closes_the_stream_goes_on_and_the_result_and_health_arrive_once_it_is_back()
    {
        var total = Stopwatch.StartNew();
        void Phase(string what) => Console.WriteLine($"{total.Elapsed.TotalSeconds:F1} s: {what}");
        using var net = HallNetwork.Create();
        var box = net.OpenTerminalBox();
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions
        {
            Launcher = net.Launcher, Urls = net.Urls, ExtraArgs = ["--Hall:Tls:AllowPlainHttp=true"],
        });
        Phase("hall up");
        var chair = await hall.ConnectChairAsync();
        var health = new List<(JsonElement Report, long At)>();
        chair.On<JsonElement>(HubNames.StreamHealth, h => { lock (health) health.Add((h, Stopwatch.GetTimestamp())); });

        var dir = BroadcastRun.NewDir();
        int port = Ports.Free();
        const string key = "link-fault-key-7d21";
        await using var sink = new LiveDecoder(port, key, 640, Strip, host: net.StaffAddress);
        await Task.Delay(500); // let the decoder listen
        net.Lossy(5);
        await using var broadcast = new ChildProcess(box[0],
            [.. box[1..], "dotnet", BroadcastDll, "--hall", hall.BaseUrl.ToString(), "--source", "testsrc",
             "--rtmp", $"rtmp://{net.StaffAddress}:{port}/live", "--archive", Path.Combine(dir, "archive"), "--chapters", Path.Combine(dir, "chapters.txt"),
             "--size", "640x360", "--bitrate", "800", "--preset", "superfast", "--segment-seconds", "4"],
            new Dictionary<string, string> { ["SESSION_STREAM_KEY"] = key, ["SESSION_HALL_KEY"] = hall.BroadcastKey });
        // The sitting is set up while the broadcast starts.
        var gateway = await SittingDriver.GatewayAsync(hall);
        var seats = Enumerable.Range(1, 20).ToArray();
        await SittingDriver.RegisterAsync(chair, gateway, seats);
        string Log() => string.Join('\n', broadcast.Lines.TakeLast(30));
        bool HealthSince(long t) { lock (health) return health.Any(h => h.At > t && h.Report.GetProperty("fps").GetDouble() > 0 && h.Report.GetProperty("ingest").GetString() == "live"); }

        try
        {
            await Eventually.True(() => sink.Count > 25, "decoded frames arrive at the sink: " + Log(), TimeSpan.FromSeconds(90));
            await Eventually.True(() => HealthSince(0), "stream health reaches the secretary over the lossy link: " + Log(), TimeSpan.FromSeconds(30));
            Phase("stream and health flowing");
            var voteId = await SittingDriver.OpenVoteAsync(chair, hall, seconds: 120);
            foreach (var seat in seats.Take(15))
                await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, voteId, "yes")).Must();

            // The link dies; the vote closes in the hall while the broadcast hears nothing.
            // Quiet but alive, the link is kept (the watcher's pings get answers; the hall's own come only every 15 s).
            Assert.DoesNotContain(broadcast.Lines, l => l.Contains("lost the hall"));
            net.Cut();
            Phase("cut");
            int atCut = sink.Count, linesAtCut = broadcast.Lines.Count;
            await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
            await Eventually.True(() => broadcast.Lines.Skip(linesAtCut).Any(l => l.Contains("lost the hall; reconnecting")),
                "the broadcast notices the dead link by itself: " + Log(), TimeSpan.FromSeconds(30));
            Assert.True(sink.Count > atCut + 25, $"the stream went on during the cut ({sink.Count - atCut} frames; sink: {string.Join('|', sink.Lines.TakeLast(10))})\n" + string.Join('\n', broadcast.Lines.TakeLast(80)));
            Assert.DoesNotContain(sink.Frames.Skip(atCut), f => Pixels.Near((f.R, f.G, f.B), OverlayRenderer.PassedColor, 40));

            net.Mend();
            Phase($"mended; {sink.Count - atCut} frames during the cut");
            var mended = Stopwatch.StartNew();
            long mendedAt = Stopwatch.GetTimestamp();
            int atMend = sink.Count;
            await Eventually.True(() => sink.Frames.Skip(atMend).Count(f => Pixels.Near((f.R, f.G, f.B), OverlayRenderer.PassedColor, 40)) >= 5,
                "the vote closed during the cut shows as «ПРИЙНЯТО» on the stream: " + Log(), TimeSpan.FromSeconds(30));
            var overlayBack = mended.Elapsed;
            await Eventually.True(() => HealthSince(mendedAt), "stream health reaches the secretary again: " + Log(), TimeSpan.FromSeconds(30));
            Console.WriteLine($"after the link came back: result on the stream in {overlayBack.TotalSeconds:F1} s, health in {mended.Elapsed.TotalSeconds:F1} s");

            // One RTMP session from start to end (the sink takes one publisher and stops when it leaves): still flowing.
            int now = sink.Count;
            await Eventually.True(() => sink.Count > now + 10, "the stream still flows", TimeSpan.FromSeconds(20));
            Assert.False(broadcast.HasExited);
            Assert.DoesNotContain(key, string.Join('\n', broadcast.Lines));
            Assert.DoesNotContain(hall.BroadcastKey, string.Join('\n', broadcast.Lines));
        }
        finally
        {
            await broadcast.StopAsync(TimeSpan.FromSeconds(20));
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
