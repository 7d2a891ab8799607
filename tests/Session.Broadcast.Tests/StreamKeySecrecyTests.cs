using Session.Broadcast.Tests.Support;

namespace Session.Broadcast.Tests;

[Collection(FfmpegCollection.Name)]
public class StreamKeySecrecyTests
{
    private static string BroadcastDll => Path.Combine(AppContext.BaseDirectory, "Session.Broadcast.dll");

    [Fact]
    public async Task The_stream_key_never_appears_in_the_console_output_even_when_the_ingest_refuses_and_ffmpeg_reports_errors()
    {
        var dir = BroadcastRun.NewDir();
        try
        {
            int port = Ports.Free();
            const string key = "live-8f2c-k7pq-secret";
            // No sink at first: FFmpeg prints "rtmp://…/KEY: Connection refused" lines, which must come out masked.
            await using var broadcast = new ChildProcess("dotnet",
                [BroadcastDll, "--hall", "http://127.0.0.1:1", "--source", "testsrc", "--rtmp", $"rtmp://127.0.0.1:{port}/live",
                 "--archive", Path.Combine(dir, "archive"), "--size", "640x360", "--bitrate", "600", "--preset", "superfast",
                 "--segment-seconds", "4", "--duration", "24"],
                new Dictionary<string, string> { ["SESSION_STREAM_KEY"] = key, ["SESSION_BROADCAST_LOG"] = "debug" });
            // The sink comes up once the refusal was reported (the relay's first try waits for the encoder's first data).
            await Session.Testing.Eventually.True(() => string.Join('\n', broadcast.Lines).Contains("Connection refused"),
                "the relay reports the refused ingest", TimeSpan.FromSeconds(30));
            await using var sink = await RtmpSink.StartAsync(port, key, Path.Combine(dir, "sink.flv"));
            Assert.Equal(0, await broadcast.WaitAsync(TimeSpan.FromSeconds(90)));

            var output = string.Join('\n', broadcast.Lines);
            Assert.Contains($"rtmp://127.0.0.1:{port}/live/****", output);
            Assert.Contains("Connection refused", output);
            Assert.DoesNotContain(key, output);
            Assert.DoesNotContain(Uri.EscapeDataString(key), output);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task A_rejected_command_line_names_the_problem_without_printing_the_key()
    {
        const string key = "k-in-url-4455";
        var (code, stdout, stderr) = await ChildProcess.RunAsync("/usr/bin/env",
            [$"SESSION_STREAM_KEY={key}", "dotnet", BroadcastDll, "--hall", "http://127.0.0.1:1", "--source", "testsrc", "--rtmp", $"rtmp://x/live/{key}"],
            TimeSpan.FromSeconds(60));
        Assert.Equal(2, code);
        Assert.Contains("--rtmp", stderr);
        Assert.DoesNotContain(key, stdout + stderr);
    }
}
