using Session.Broadcast.Secrets;
using Session.Broadcast.Tests.Support;

namespace Session.Broadcast.Tests;

[Collection(FfmpegCollection.Name)]
public class StreamFormatTests
{
    [Fact]
    public async Task The_rtmp_sink_receives_youtube_conformant_h264_and_aac_and_the_archive_records_the_same()
    {
        var dir = BroadcastRun.NewDir();
        int port = Ports.Free();
        const string key = "fmt-key-5d1e";
        await using var sink = await RtmpSink.StartAsync(port, key, Path.Combine(dir, "sink.flv"));
        var options = BroadcastRun.Defaults(dir) with
        {
            RtmpBase = $"rtmp://127.0.0.1:{port}/live", StreamKey = new Secret(key), Duration = TimeSpan.FromSeconds(7),
        };
        await using var run = BroadcastRun.Start(options, dir);

        Assert.Equal(0, await run.Running.WaitAsync(TimeSpan.FromSeconds(120)));
        await sink.WaitAsync(TimeSpan.FromSeconds(30)); // the sink ends when the publisher goes

        var streams = await Ffprobe.StreamsAsync(sink.OutputFile);
        var v = Assert.Single(streams, s => s.CodecType == "video");
        Assert.Equal("h264", v.CodecName);
        Assert.Contains(v.Profile, new[] { "High", "Main" });
        Assert.Equal("yuv420p", v.PixFmt);
        Assert.Equal((640, 360), (v.Width, v.Height));
        Assert.Equal("25/1", v.FrameRate);
        var a = Assert.Single(streams, s => s.CodecType == "audio");
        Assert.Equal("aac", a.CodecName);
        Assert.Equal("LC", a.Profile);
        Assert.Equal((48000, 2), (a.SampleRate, a.Channels));

        // A keyframe every 2 s (DOMAIN.md), and at least three of them in 7 s.
        var keys = (await Ffprobe.VideoPacketsAsync(sink.OutputFile)).Where(p => p.Key).Select(p => p.Pts).ToList();
        Assert.True(keys.Count >= 3, $"keyframes at {string.Join(", ", keys)}");
        for (int i = 1; i < keys.Count; i++) Assert.InRange(keys[i] - keys[i - 1], 1.95, 2.05);

        var segment = Assert.Single(Directory.GetFiles(options.ArchiveDir, "archive-*.ts").Order().Take(1));
        var archived = await Ffprobe.StreamsAsync(segment);
        Assert.Contains(archived, s => s.CodecType == "video" && s.CodecName == "h264" && s.Width == 640);
        Assert.DoesNotContain(key, run.Log);
        Assert.True(run.Log.Contains("Ingest connected to rtmp://127.0.0.1:" + port + "/live/****"), run.Log);
    }
}
