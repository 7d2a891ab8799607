using System.Diagnostics;
using Session.Broadcast.Secrets;
using Session.Broadcast.Tests.Support;

namespace Session.Broadcast.Tests;

[Collection(FfmpegCollection.Name)]
public class IngestOutageTests
{
    [Fact]
    public async Task When_the_ingest_is_down_for_ten_seconds_the_stream_resumes_by_itself_and_the_archive_has_no_gap()
    {
        var dir = BroadcastRun.NewDir();
        int port = Ports.Free();
        const string key = "outage-key-77aa";
        var first = await RtmpSink.StartAsync(port, key, Path.Combine(dir, "sink1.flv"));
        var options = BroadcastRun.Defaults(dir) with { RtmpBase = $"rtmp://127.0.0.1:{port}/live", StreamKey = new Secret(key) };
        await using var run = BroadcastRun.Start(options, dir);
        try
        {
            await Until(() => first.Bytes > 50_000, "the first sink receives the stream", TimeSpan.FromSeconds(60));
            first.Kill();
            await first.WaitAsync(TimeSpan.FromSeconds(10));
            var down = Stopwatch.StartNew();
            await Until(() => run.Host.Health.IngestState == Health.IngestState.Reconnecting, "the relay notices the outage", TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(10) - down.Elapsed);

            await using var second = await RtmpSink.StartAsync(port, key, Path.Combine(dir, "sink2.flv"));
            await Until(() => second.Bytes > 100_000, "the stream resumes at the restarted sink", TimeSpan.FromSeconds(60));
            Assert.Equal(Health.IngestState.Live, run.Host.Health.IngestState);
            Assert.True(run.Host.Snapshot().IngestReconnects >= 1);
            Assert.Equal(0, await run.StopAsync());
            await second.WaitAsync(TimeSpan.FromSeconds(30));

            var resumed = await Ffprobe.VideoPacketsAsync(second.OutputFile);
            Assert.True(resumed.Count > 25, $"only {resumed.Count} frames after the outage");
        }
        finally { await first.DisposeAsync(); }

        // One encoder ran throughout: its archive segments join into one timeline with no hole.
        Assert.Single(run.Log.Split('\n'), l => l.Contains("Starting encoder"));
        var pts = new List<double>();
        foreach (var segment in Directory.GetFiles(options.ArchiveDir, "archive-*.ts").Order())
            pts.AddRange((await Ffprobe.VideoPacketsAsync(segment)).Select(p => p.Pts));
        pts.Sort();
        Assert.True(pts[^1] - pts[0] > 15, $"archive covers only {pts[^1] - pts[0]:0.0} s");
        var largestStep = pts.Zip(pts.Skip(1), (a, b) => b - a).Max();
        Assert.True(largestStep <= 0.041, $"archive has a gap of {largestStep:0.000} s");
        Assert.Equal(pts.Count, pts.Distinct().Count());
        Assert.DoesNotContain(key, run.Log);
    }

    private static async Task Until(Func<bool> condition, string what, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"timed out waiting until {what}");
            await Task.Delay(100);
        }
    }
}
