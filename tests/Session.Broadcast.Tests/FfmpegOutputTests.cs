using Session.Broadcast.Ffmpeg;

namespace Session.Broadcast.Tests;

public class FfmpegOutputTests
{
    [Fact]
    public void Progress_line_gives_fps_bitrate_drops_dups_and_speed()
    {
        var p = StderrLine.ParseProgress("frame=  250 fps= 25 q=28.0 size=    1024kB time=00:00:10.00 bitrate= 838.9kbits/s dup=3 drop=1 speed=1.01x    ");
        Assert.NotNull(p);
        Assert.Equal((250L, 25.0, 838.9, 3L, 1L, 1.01), (p.Frame, p.Fps, p.BitrateKbps!.Value, p.Dup, p.Drop, p.Speed!.Value));
        Assert.Equal(TimeSpan.FromSeconds(10), p.Time);
    }

    [Fact]
    public void Progress_line_before_output_starts_parses_with_unknowns()
    {
        var p = StderrLine.ParseProgress("frame=    1 fps=0.0 q=0.0 size=N/A time=00:00:00.00 bitrate=N/A speed=   0x    ");
        Assert.NotNull(p);
        Assert.Null(p.BitrateKbps);
        Assert.Equal(0, p.Drop);
    }

    [Fact]
    public void Ebur128_line_gives_momentary_short_term_and_integrated_loudness()
    {
        var l = StderrLine.ParseLoudness("[Parsed_ebur128_2 @ 0x564e2781b8c0] t: 0.399979   TARGET:-23 LUFS    M: -14.0 S:-120.7     I: -14.2 LUFS       LRA:   0.0 LU");
        Assert.Equal(new LoudnessLine(-14.0, -120.7, -14.2), l);
    }

    [Theory]
    [InlineData("[segment @ 0x1] Opening '/a/archive-00001.ts' for writing")]
    [InlineData("rtmp://127.0.0.1/live/****: Connection refused")]
    public void Other_lines_are_neither(string line)
    {
        Assert.Null(StderrLine.ParseProgress(line));
        Assert.Null(StderrLine.ParseLoudness(line));
    }

    [Fact]
    public async Task The_installed_ffmpeg_has_everything_the_pipeline_requires()
    {
        var caps = await FfmpegCapabilities.ProbeAsync(CancellationToken.None);
        Assert.StartsWith("ffmpeg version", caps.Version);
        Assert.Empty(caps.Missing(FfmpegCapabilities.Required));
        Assert.False(caps.Has("encoder", "no-such-encoder"));
        Assert.NotEmpty(caps.Missing([("filter", "no-such-filter", "test")]));
    }
}

public class HealthBoardTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Ticks;
        public override long GetTimestamp() => Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }

    [Fact]
    public void Fps_and_speed_are_rates_over_the_last_interval_not_ffmpeg_averages_since_start()
    {
        var clock = new ManualClock();
        var board = new Session.Broadcast.Health.HealthBoard(-14, clock);
        board.Encoder(true);
        board.Progress(new ProgressLine(100, 12.5, 800, 0, 0, 0.5, TimeSpan.FromSeconds(4)));
        Assert.Equal(0.5, board.Snapshot(0).Speed); // first line: FFmpeg's own figures
        clock.Ticks += TimeSpan.TicksPerSecond * 2;
        board.Progress(new ProgressLine(150, 15, 800, 1, 2, 0.6, TimeSpan.FromSeconds(6)));
        var h = board.Snapshot(3);
        Assert.Equal(25, h.Fps, 3);
        Assert.Equal(1.0, h.Speed!.Value, 3);
        Assert.Equal((2L, 1L, 3), (h.DroppedFrames, h.DuplicatedFrames, h.ArchiveSegments));

        // A restarted encoder starts its counters again; the board keeps the totals.
        board.Encoder(false);
        board.Encoder(true);
        board.Progress(new ProgressLine(10, 25, 800, 0, 1, 1, TimeSpan.FromSeconds(0.4)));
        Assert.Equal(3L, board.Snapshot(0).DroppedFrames);
    }
}
