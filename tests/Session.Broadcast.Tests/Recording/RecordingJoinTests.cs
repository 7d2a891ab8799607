using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Broadcast.Overlay;
using Session.Broadcast.Recording;
using Session.Broadcast.Tests.Support;
using Session.Core.Wire;
using Session.Testing;
using SkiaSharp;

namespace Session.Broadcast.Tests.Recording;

[Collection(FfmpegCollection.Name)]
public class RecordingJoinTests
{
    /// <summary>Inside the side panel, below the motion's two lines and above the count rows: plain panel colour when the vote is up.</summary>
    internal static readonly SKRect LivePatch = OverlayLayout.For(null).Side is var s ? new SKRect(s.Left + 40, s.Top + 170, s.Right - 40, s.Top + 196) : default;
    internal static readonly SKColor PanelColour = new(0x10, 0x1C, 0x2E);

    [Fact]
    public async Task An_unreadable_segment_is_named_in_both_languages_and_nothing_is_lost()
    {
        var dir = BroadcastRun.NewDir();
        try
        {
            var archive = Path.Combine(dir, "archive");
            var start = new DateTimeOffset(2026, 11, 23, 10, 0, 0, 250, TimeSpan.Zero);
            await Segments(archive, start, seconds: 3);
            var broken = ArchiveRun.Pattern(archive, start).Replace("%05d", "00001");
            File.WriteAllBytes(broken, []); // a segment cut to nothing, as a full disk leaves it
            var runs = ArchiveRun.Find(archive);
            var before = Directory.GetFiles(archive).ToDictionary(f => f, File.ReadAllBytes);
            var marks = new SittingMarks();
            marks.Observe(TestViews.Sitting(currentItemId: "i1", status: "closed"), start.AddSeconds(1));

            var e = await Assert.ThrowsAsync<RecordingFailed>(() => RecordingJoiner.JoinAsync(runs, marks, archive, Path.Combine(dir, "out"), 5, CancellationToken.None));
            Assert.Equal("segment-unreadable", e.Code);
            Assert.Contains(Path.GetFileName(broken), e.Uk);
            Assert.Contains("не читається", e.Uk);
            Assert.Contains("cannot be read", e.En);
            Assert.Equal(before.Keys.Order(), Directory.GetFiles(archive).Order());
            foreach (var (f, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(f));
            var output = Path.Combine(dir, "out", "s-1");
            Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "no recording or temporary file is left");

            var none = await Assert.ThrowsAsync<RecordingFailed>(() => RecordingJoiner.JoinAsync([], marks, Path.Combine(dir, "absent"), Path.Combine(dir, "out"), 5, CancellationToken.None));
            Assert.Equal("archive-missing", none.Code);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_moment_during_an_encoder_restart_links_to_where_recording_resumed()
    {
        var t0 = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var timeline = new RecordingTimeline([new PlacedRun(t0, TimeSpan.FromSeconds(100)), new PlacedRun(t0.AddSeconds(110), TimeSpan.FromSeconds(50))]);
        Assert.Equal(TimeSpan.FromSeconds(42.5), timeline.Offset(t0.AddSeconds(42.5)));
        Assert.Equal(TimeSpan.FromSeconds(100), timeline.Offset(t0.AddSeconds(105))); // in the gap
        Assert.Equal(TimeSpan.FromSeconds(120), timeline.Offset(t0.AddSeconds(130)));
        Assert.Null(timeline.Offset(t0.AddSeconds(-5))); // before the broadcast: nothing to link to
        Assert.Null(timeline.Offset(t0.AddSeconds(170)));
        Assert.Equal(TimeSpan.Zero, timeline.OffsetOrStart(t0.AddSeconds(-5))); // an item under way when recording began
        Assert.Equal(TimeSpan.FromSeconds(150), timeline.Duration);
    }

    /// <summary>Real archive segments of one run, as the encoder names them (testsrc, ultrafast, small).</summary>
    private static async Task Segments(string archive, DateTimeOffset start, int seconds)
    {
        Directory.CreateDirectory(archive);
        var (code, _, err) = await ChildProcess.RunAsync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", seconds.ToString(CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-f", "segment", "-segment_format", "mpegts", "-segment_time", "1",
            ArchiveRun.Pattern(archive, start)], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, err);
    }

    /// <summary>The mean colour of the vote panel's plain patch in the recording's frame at <paramref name="seconds"/>.</summary>
    internal static async Task<(double R, double G, double B)> SideMean(string mp4, double seconds, string dir)
    {
        var frame = Path.Combine(dir, $"frame-{seconds:0.0}.rgba");
        var (code, _, err) = await ChildProcess.RunAsync("ffmpeg", ["-v", "error", "-y", "-ss", seconds.ToString("0.000", CultureInfo.InvariantCulture), "-i", mp4,
            "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", frame], TimeSpan.FromSeconds(30));
        Assert.True(code == 0, err);
        var m = Pixels.Mean(File.ReadAllBytes(frame), 640, 360, LivePatch);
        return (m.R, m.G, m.B);
    }

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
