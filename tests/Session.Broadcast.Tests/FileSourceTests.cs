using Session.Broadcast.Options;
using Session.Broadcast.Tests.Support;

namespace Session.Broadcast.Tests;

[Collection(FfmpegCollection.Name)]
public class FileSourceTests
{
    [Fact]
    public async Task A_short_file_source_loops_with_its_own_sound_into_the_archive_and_the_optional_hls_at_the_configured_size()
    {
        var dir = BroadcastRun.NewDir();
        var clip = Path.Combine(dir, "clip.mp4");
        var (code, _, err) = await ChildProcess.RunAsync("ffmpeg",
            ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=44100",
             "-t", "2", "-c:v", "libx264", "-c:a", "aac", "-y", clip], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, err);
        var options = BroadcastRun.Defaults(dir) with { Source = new VideoSource.File(clip), Duration = TimeSpan.FromSeconds(5), HlsDir = Path.Combine(dir, "hls") };
        await using var run = BroadcastRun.Start(options, dir);
        Assert.Equal(0, await run.Running.WaitAsync(TimeSpan.FromSeconds(90)));

        var segments = Directory.GetFiles(options.ArchiveDir, "archive-*.ts").Order().ToList();
        Assert.NotEmpty(segments);
        var streams = await Ffprobe.StreamsAsync(segments[0]);
        Assert.Contains(streams, s => s.CodecType == "video" && (s.Width, s.Height) == (640, 360) && s.FrameRate == "25/1");
        Assert.Contains(streams, s => s.CodecType == "audio" && s.SampleRate == 48000 && s.Channels == 2);
        var pts = new List<double>();
        foreach (var s in segments) pts.AddRange((await Ffprobe.VideoPacketsAsync(s)).Select(p => p.Pts));
        // 5 s from a 2 s clip: it looped.
        Assert.InRange(pts.Max() - pts.Min(), 4.5, 5.5);

        var playlist = File.ReadAllText(Path.Combine(dir, "hls", "live.m3u8"));
        Assert.Contains("#EXTM3U", playlist);
        Assert.Contains(".ts", playlist);
    }
}
