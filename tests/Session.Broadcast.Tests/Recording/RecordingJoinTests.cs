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
    private static readonly SKRect LivePatch = OverlayLayout.For(null).Side is var s ? new SKRect(s.Left + 40, s.Top + 170, s.Right - 40, s.Top + 196) : default;
    private static readonly SKColor PanelColour = new(0x10, 0x1C, 0x2E);

    [Fact]
    public async Task The_joined_recording_has_one_chapter_per_agenda_item_and_a_votes_link_lands_within_a_second_of_its_opening()
    {
        await using var hall = await HallServerProcess.StartAsync();
        var chair = await hall.ConnectChairAsync();
        var gateway = await SittingDriver.GatewayAsync(hall);
        var seats = Enumerable.Range(1, 20).ToArray();
        await SittingDriver.RegisterAsync(chair, gateway, seats);
        var agenda = (await hall.CurrentSittingAsync()).Agenda;

        var dir = BroadcastRun.NewDir();
        var options = BroadcastRun.Defaults(dir, hall.BaseUrl) with { RecordingsDir = Path.Combine(dir, "recordings") };
        await using var run = BroadcastRun.Start(options, dir);
        // Three seconds of picture before the first item, so the recording opens with a chapter of its own.
        await Until(() => run.Host.Marks.SittingId is not null && run.Host.Overlay.FramesWritten > 3 * options.Fps,
            "the broadcast follows the sitting and encodes", TimeSpan.FromSeconds(60), run);

        await chair.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(agenda[0].Id)).Must();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var voteId = await SittingDriver.OpenVoteAsync(chair, hall, seconds: 60);
        await Until(() => run.Host.LastScene?.Live is not null, "the overlay shows the open vote", TimeSpan.FromSeconds(10), run);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
        await chair.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(agenda[1].Id)).Must();
        // loudnorm looks 3 s ahead, so the encoder's last seconds before a stop are not in the archive.
        await Task.Delay(TimeSpan.FromSeconds(6));
        await chair.InvokeAsync<CommandAck>("CloseSitting").Must();
        await Until(() => run.Host.Marks.Closed, "the broadcast sees the sitting closed", TimeSpan.FromSeconds(10), run);
        var stopped = Stopwatch.StartNew();
        Assert.Equal(0, await run.StopAsync());
        var stopSeconds = stopped.Elapsed.TotalSeconds;

        var recording = run.Host.Recording ?? throw new Xunit.Sdk.XunitException($"no recording: {run.Host.RecordingError?.Message}\n{run.Log}");
        var mp4 = Path.Combine(options.RecordingsDir!, recording.SittingId, RecordingDescriptor.VideoFile);
        var (_, probeJson, _) = await ChildProcess.RunAsync("ffprobe", ["-v", "error", "-show_format", "-show_chapters", "-of", "json", mp4], TimeSpan.FromSeconds(30));
        using var probe = JsonDocument.Parse(probeJson);
        var titles = probe.RootElement.GetProperty("chapters").EnumerateArray().Select(c => c.GetProperty("tags").GetProperty("title").GetString()).ToList();
        // The opening, then exactly one chapter per agenda item taken up, in order.
        var described = System.Text.Encoding.UTF8.GetString(recording.ToJson());
        Assert.True(titles.SequenceEqual(["Відкриття засідання", $"1. {agenda[0].Title}", $"2. {agenda[1].Title}"]),
            $"chapters {string.Join(" | ", titles)}; marks {string.Join(", ", run.Host.Marks.Items)}\n{described}");
        var length = double.Parse(probe.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(length, 10, 60);

        // The descriptor is what the hall publishes: it must describe exactly this file.
        var onDisk = RecordingDescriptor.Parse(File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(mp4)!, RecordingDescriptor.FileName)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(mp4))), onDisk.Sha256);
        Assert.Equal(recording.StartedAt.AddYears(5), onDisk.KeepUntil);
        var vote = Assert.Single(onDisk.Votes);
        Assert.Equal(voteId, vote.VoteId);
        var at = vote.OffsetSeconds ?? throw new Xunit.Sdk.XunitException("the vote has no link");

        // What a viewer sees: a second before the link the vote is not yet on screen, a second after it is.
        var before = await SideMean(mp4, at - 1.0, dir);
        var after = await SideMean(mp4, at + 1.0, dir);
        Assert.False(Pixels.Near(before, PanelColour, 40), $"the vote panel is already up a second before its link at {at} s: {before}");
        Assert.True(Pixels.Near(after, PanelColour, 40), $"the vote panel is not up a second after its link at {at} s: {after}");
        Assert.InRange(stopSeconds, 0, 30);
    }

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

    private static async Task<(double R, double G, double B)> SideMean(string mp4, double seconds, string dir)
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
