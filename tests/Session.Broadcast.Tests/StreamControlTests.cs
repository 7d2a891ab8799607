using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Broadcast.Camera;
using Session.Broadcast.Options;
using Session.Broadcast.Overlay;
using Session.Broadcast.Secrets;
using Session.Broadcast.Tests.Support;
using Session.Core.Wire;
using Session.Testing;
using SkiaSharp;

namespace Session.Broadcast.Tests;

/// <summary>One hall server for both tests: the secretary's stream panel drives a real broadcast through it.</summary>
public sealed class HallFixture : IAsyncLifetime
{
    public HallServerProcess Hall { get; private set; } = null!;

    public async Task InitializeAsync() => Hall = await HallServerProcess.StartAsync();

    public async Task DisposeAsync() => await Hall.DisposeAsync();
}

[Collection(FfmpegCollection.Name)]
public class StreamControlTests(HallFixture fixture) : IClassFixture<HallFixture>
{
    private HallServerProcess Hall => fixture.Hall;

    /// <summary>The blue-grey interpreter test pattern (green well above red, blue above green); the main testsrc2 there is violet.</summary>
    private static bool InterpreterLike((double R, double G, double B) c) => c.G > 1.4 * c.R && c.B > c.G && c.B < 190;

    [Fact]
    public async Task The_secretary_switches_the_interpreter_window_on_and_off_while_the_stream_runs_without_a_gap_and_the_key_stays_off_every_command_line()
    {
        var chair = await Hall.ConnectChairAsync();
        var health = new List<JsonElement>();
        chair.On<JsonElement>(HubNames.StreamHealth, h => { lock (health) health.Add(h); });

        var dir = BroadcastRun.NewDir();
        int port = Ports.Free();
        const string key = "interp-key-5d1e9";
        var pip = OverlayLayout.For(Corner.BottomRight).Interpreter!.Value;
        await using var sink = new LiveDecoder(port, key, 640, new SKRect(pip.Left + 8, pip.Top + 8, pip.Right - 8, pip.Bottom - 8));
        await Task.Delay(500); // let the decoder listen
        var options = BroadcastRun.Defaults(dir, Hall.BaseUrl) with
        {
            RtmpBase = $"rtmp://127.0.0.1:{port}/live", StreamKey = new Secret(key), HallKey = new Secret(Hall.BroadcastKey),
            Interpreter = new VideoSource.TestPattern(), InterpreterCorner = Corner.BottomRight, InterpreterOnAtStart = false,
        };
        await using var run = BroadcastRun.Start(options, dir);

        await Until(() => sink.Count > 25, "decoded frames arrive at the sink", TimeSpan.FromSeconds(90), run);
        await Until(() => Latest(health, h => Str(h, "interpreter") == "off") is not null, "the console hears the interpreter window is off", TimeSpan.FromSeconds(60), run);
        Assert.DoesNotContain(sink.Frames.TakeLast(10), f => InterpreterLike((f.R, f.G, f.B)));

        // The key is nowhere in what `ps` shows: the relay publishes through the loopback proxy under a stand-in name.
        // (The test's own sink, standing in for YouTube with "-listen 1", names the key it expects: it is not the broadcast's.)
        var children = ChildCommandLines.Descendants(Environment.ProcessId)
            .Where(c => c.CommandLine.Contains("ffmpeg") && !c.CommandLine.Contains("-listen 1")).ToList();
        Assert.Contains(children, c => c.CommandLine.Contains("-rtmp_tcurl"));
        Assert.All(children, c => Assert.DoesNotContain(key, c.CommandLine));

        await chair.InvokeAsync<CommandAck>("StreamControl", new StreamControlRequest(StreamControlRequest.InterpreterOn)).Must();
        int from = sink.Count;
        await Until(() => sink.Frames.Skip(from).Count(f => InterpreterLike((f.R, f.G, f.B))) >= 10,
            "the interpreter's test pattern is decoded in its window at the sink", TimeSpan.FromSeconds(60), run);
        Assert.Equal(Corner.BottomRight, run.Host.LastScene?.Interpreter);
        await Until(() => Latest(health, h => Str(h, "interpreter") == "on" && Num(h, "bitrateKbps") > 0 && Num(h, "loudnessIntegrated") is not null) is not null,
            "health with the window on, a bitrate and the loudness reaches the console", TimeSpan.FromSeconds(60), run);

        await chair.InvokeAsync<CommandAck>("StreamControl", new StreamControlRequest(StreamControlRequest.InterpreterOff)).Must();
        from = sink.Count;
        await Until(() => sink.Frames.Skip(from).Count(f => !InterpreterLike((f.R, f.G, f.B))) >= 25,
            "the camera picture is back where the window was", TimeSpan.FromSeconds(60), run);
        Assert.DoesNotContain(sink.Frames.TakeLast(10), f => InterpreterLike((f.R, f.G, f.B)));

        Assert.Equal(0, await run.StopAsync());
        Assert.DoesNotContain(sink.Lines, l => l.Contains("Unexpected stream"));
        Assert.DoesNotContain(key, run.Log);

        // One encoder ran throughout: the archive's segments join into one timeline with no hole.
        Assert.Single(run.Log.Split('\n'), l => l.Contains("Starting encoder"));
        var pts = new List<double>();
        foreach (var segment in Directory.GetFiles(options.ArchiveDir, "archive-*.ts").Order())
            pts.AddRange((await Ffprobe.VideoPacketsAsync(segment)).Select(p => p.Pts));
        pts.Sort();
        var largestStep = pts.Zip(pts.Skip(1), (a, b) => b - a).Max();
        Assert.True(largestStep <= 0.041, $"archive has a gap of {largestStep:0.000} s");
        Assert.Equal(pts.Count, pts.Distinct().Count());
    }

    [Fact]
    public async Task The_camera_recalls_the_speakers_seat_then_the_overview_after_the_hold_and_a_refused_manual_preset_is_shown_while_the_stream_goes_on()
    {
        var chair = await Hall.ConnectChairAsync();
        var health = new List<JsonElement>();
        chair.On<JsonElement>(HubNames.StreamHealth, h => { lock (health) health.Add(h); });
        var gateway = await SittingDriver.GatewayAsync(Hall);
        if ((await Hall.CurrentSittingAsync()).Registered == 0) await SittingDriver.RegisterAsync(chair, gateway, Enumerable.Range(1, 20));

        await using var camera = new ViscaCamera();
        camera.Refuse.Add(14);
        var hold = TimeSpan.FromSeconds(3);
        var dir = BroadcastRun.NewDir();
        var options = BroadcastRun.Defaults(dir, Hall.BaseUrl) with
        {
            HallKey = new Secret(Hall.BroadcastKey),
            Camera = new CameraTarget.ViscaUdp("127.0.0.1", camera.Port),
            CameraPresets = new CameraPresets("1", new Dictionary<int, string> { [3] = "13", [4] = "14" }),
            CameraHold = hold,
        };
        await using var run = BroadcastRun.Start(options, dir);

        // Nobody speaks: the overview.
        await Until(() => camera.Received.Count >= 1, "the camera is sent to the overview", TimeSpan.FromSeconds(60), run);
        Assert.Equal(ViscaCamera.Recall(1, 1), camera.Received[0].Bytes);

        await chair.InvokeAsync<CommandAck>("GrantFloor", new GrantFloorRequest(SittingDriver.DemoDeputy(3), "debate", 120)).Must();
        await Until(() => camera.Received.Count >= 2, "FloorGranted sends the camera to seat 3's preset", TimeSpan.FromSeconds(60), run);
        Assert.Equal(ViscaCamera.Recall(2, 13), camera.Received[1].Bytes);

        // The floor ends at once: the camera holds the speaker's shot for the hold time before the overview.
        await chair.InvokeAsync<CommandAck>("EndFloor").Must();
        await Until(() => camera.Received.Count >= 3, "FloorEnded sends the camera back to the overview", TimeSpan.FromSeconds(60), run);
        Assert.Equal(ViscaCamera.Recall(3, 1), camera.Received[2].Bytes);
        var held = Stopwatch.GetElapsedTime(camera.Received[1].At, camera.Received[2].At);
        Assert.True(held >= hold - TimeSpan.FromMilliseconds(500), $"the speaker's shot was held only {held.TotalSeconds:0.00} s");

        // The secretary takes over: a preset the camera refuses is shown on the console; the stream goes on.
        await Until(() => Latest(health, h => h.TryGetProperty("camera", out var c) && c.ValueKind == JsonValueKind.Object) is not null,
            "the console hears the camera's state", TimeSpan.FromSeconds(60), run);
        await chair.InvokeAsync<CommandAck>("StreamControl", new StreamControlRequest(StreamControlRequest.CameraPreset, "4")).Must();
        await Until(() => Latest(health, h => Camera(h, "mode") == "manual" && Camera(h, "errorUk")?.Contains("VISCA 41") == true && Camera(h, "errorEn") is not null) is not null,
            "the camera's refusal reaches the console in Ukrainian and English", TimeSpan.FromSeconds(60), run);
        Assert.Equal(ViscaCamera.Recall(4, 14), camera.Received[3].Bytes);
        var seconds = Num(Latest(health, _ => true)!.Value, "streamSeconds")!.Value;
        await Until(() => Latest(health, h => h.GetProperty("encoderRunning").GetBoolean() && Num(h, "streamSeconds") > seconds + 2) is not null,
            "the stream goes on after the camera error", TimeSpan.FromSeconds(60), run);

        // A preset the file does not have is refused by the broadcast, in both languages; release returns to automatic.
        await chair.InvokeAsync<CommandAck>("StreamControl", new StreamControlRequest(StreamControlRequest.CameraPreset, "99")).Must();
        await Until(() => Latest(health, h => Str(h, "controlErrorUk")?.Contains("99") == true && Str(h, "controlErrorEn")?.Contains("99") == true) is not null,
            "the unknown preset is refused", TimeSpan.FromSeconds(60), run);
        await chair.InvokeAsync<CommandAck>("StreamControl", new StreamControlRequest(StreamControlRequest.CameraAuto)).Must();
        await Until(() => Latest(health, h => Camera(h, "mode") == "auto" && Camera(h, "errorUk") is null && Camera(h, "shot") == "overview") is not null,
            "released, the camera is back on the overview", TimeSpan.FromSeconds(60), run);
        Assert.Equal(0, await run.StopAsync());
    }

    [Fact]
    public async Task A_malformed_stream_control_is_refused_by_the_hall_and_nothing_reaches_the_broadcast()
    {
        var chair = await Hall.ConnectChairAsync();
        // A client paired with the broadcast key, as the broadcast is: it hears what the hall passes on.
        await using var broadcast = await Hall.ConnectTerminalAsync();
        var received = new List<StreamControlRequest>();
        broadcast.On<StreamControlRequest>(HubNames.StreamControl, r => { lock (received) received.Add(r); });
        Assert.True((await broadcast.InvokeAsync<HelloReply>("Hello", new HelloRequest(Hall.BroadcastKey, "test-broadcast"))).Accepted);
        await broadcast.InvokeAsync<CommandAck>("ReportStreamHealth", new Dictionary<string, object?> { ["fps"] = 25.0 }).Must();

        var bad = await chair.InvokeAsync<CommandAck>("StreamControl", new StreamControlRequest("format-disk"));
        Assert.False(bad.Accepted);
        Assert.Equal("bad-request", bad.Reason);
        Assert.False(string.IsNullOrEmpty(bad.Message));
        Assert.False(string.IsNullOrEmpty(bad.MessageEn));
        var longPreset = await chair.InvokeAsync<CommandAck>("StreamControl", new StreamControlRequest(StreamControlRequest.CameraPreset, new string('9', 40)));
        Assert.Equal("bad-request", longPreset.Reason);

        // A good control after them arrives alone: the refused ones never reached the broadcast.
        await chair.InvokeAsync<CommandAck>("StreamControl", new StreamControlRequest(StreamControlRequest.CameraAuto)).Must();
        await Eventually.True(() => { lock (received) return received.Count >= 1; }, "the good control reaches the broadcast");
        lock (received) Assert.Equal([new StreamControlRequest(StreamControlRequest.CameraAuto)], received);
    }

    private static JsonElement? Latest(List<JsonElement> health, Func<JsonElement, bool> match)
    {
        lock (health) { for (int i = health.Count - 1; i >= 0; i--) if (match(health[i])) return health[i]; }
        return null;
    }

    private static string? Str(JsonElement h, string name) => h.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Num(JsonElement h, string name) => h.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string? Camera(JsonElement h, string name) => h.TryGetProperty("camera", out var c) && c.ValueKind == JsonValueKind.Object ? Str(c, name) : null;

    private static async Task Until(Func<bool> condition, string what, TimeSpan timeout, BroadcastRun run)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"timed out waiting until {what}\n{string.Join('\n', run.Log.Split('\n').Where(l => !l.Contains("dbug")).TakeLast(30))}");
            await Task.Delay(100);
        }
    }
}
