using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Session.Broadcast.Secrets;
using Session.Broadcast.Tests.Support;
using Session.Broadcast.YouTube;
using Session.Core.Wire;

namespace Session.Broadcast.Tests.YouTube;

/// <summary>
/// Issue 14 item 5 with real parts: the broadcast host, FFmpeg, the real local RTMP sink as the ingest YouTube "gives",
/// and a stand-in for Google's OAuth server and the YouTube Data API that keeps to the documented request shapes.
/// </summary>
[Collection(FfmpegCollection.Name)]
public class YouTubeLifecycleTests
{
    private static readonly string[] Lifecycle =
    [
        "liveBroadcasts.insert", "liveStreams.insert", "liveBroadcasts.bind", "liveStreams.list", "liveBroadcasts.transition(live)",
        "liveBroadcasts.transition(complete)", "videos.list", "videos.update",
    ];

    [Fact]
    public async Task The_event_is_created_bound_taken_live_once_the_sink_receives_and_completed_with_the_chapters_in_the_description()
    {
        var dir = BroadcastRun.NewDir();
        int port = Ports.Free();
        const string streamName = "yt-standin-stream-4k9p";
        await using var sink = await RtmpSink.StartAsync(port, streamName, Path.Combine(dir, "sink.flv"));
        using var captions = new CaptionReceiver("cid-standin-3e8a71", failFirst: 0);
        using var google = new YouTubeStandIn
        {
            IngestionAddress = $"rtmp://127.0.0.1:{port}/live", StreamName = streamName, CaptionsUrl = captions.Url,
            Receiving = () => sink.Bytes > 20_000, SinkBytes = () => sink.Bytes, ExpireFirstToken = true,
        };
        var options = BroadcastRun.Defaults(dir) with { YouTube = Options(google) };
        await using var run = BroadcastRun.Start(options, dir);
        var sitting = TestViews.Sitting(items: 3, currentItemId: "i1");
        run.Host.OnSitting(sitting);

        await Until(() => run.Host.Snapshot().YouTube == "live", "the event goes live", TimeSpan.FromSeconds(60), run);
        Assert.True(google.SinkBytesAtLive > 20_000, $"went live before the sink had the stream ({google.SinkBytesAtLive} bytes)");
        Assert.Equal("Тестова міська рада: Дванадцята сесія (8 скликання), засідання 3, 23.11.2026", google.InsertedTitle);
        Assert.Equal("live", run.Host.Snapshot().Ingest);
        // The stream's caption URL feeds the caption poster: no pasted URL.
        run.Host.CaptionPoster!.Offer(new CaptionLine(1, "Добрий день, колеги", false, DateTimeOffset.UtcNow));
        await Until(() => captions.Posts.Count >= 1, "a caption reaches the stream's caption URL", TimeSpan.FromSeconds(20), run);
        Assert.Contains("seq=1", captions.Posts[0].Query);

        await Task.Delay(TimeSpan.FromSeconds(11));
        run.Host.OnSitting(sitting with { CurrentItemId = "i2" });
        await Task.Delay(TimeSpan.FromSeconds(12));
        Assert.Equal(0, await run.StopAsync());
        await sink.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(google.Violations);
        // The first access token was stale: refreshed once on the 401, then the documented order.
        Assert.Equal(["token:refresh", "401 liveBroadcasts", "token:refresh", "liveBroadcasts.insert"], google.Calls.Take(4));
        Assert.Equal(Lifecycle, google.Calls.Where(c => !c.StartsWith("token", StringComparison.Ordinal) && c != "liveBroadcasts.list").Skip(1));
        Assert.Equal("complete", run.Host.Snapshot().YouTube);
        Assert.NotNull(google.Description);
        Assert.Contains("\n\n0:00 1. Про затвердження програми розвитку №1\n", google.Description);
        Assert.Matches(new Regex(@"\n0:(09|1\d) 2\. Про затвердження програми розвитку №2$"), google.Description);

        var packets = await Ffprobe.VideoPacketsAsync(sink.OutputFile);
        Assert.True(packets.Count > 250, $"the sink received only {packets.Count} video frames");
        foreach (var secret in google.Secrets) Assert.DoesNotContain(secret, run.Log);
    }

    [Fact]
    public async Task A_refused_insert_leaves_the_archive_recording_and_says_why_in_both_languages()
    {
        var dir = BroadcastRun.NewDir();
        using var google = new YouTubeStandIn { IngestionAddress = "rtmp://127.0.0.1:1/live", StreamName = "never-used-4411", Receiving = () => false, RefuseInsert = true };
        var options = BroadcastRun.Defaults(dir) with { YouTube = Options(google) };
        await using var run = BroadcastRun.Start(options, dir);
        run.Host.OnSitting(TestViews.Sitting());

        await Until(() => run.Host.Snapshot().YouTube == "failed", "the refusal is reported", TimeSpan.FromSeconds(30), run);
        var health = run.Host.Snapshot();
        Assert.Contains("не ввімкнено прямі трансляції", health.YouTubeErrorUk);
        Assert.Contains("live streaming is not enabled", health.YouTubeErrorEn);
        await Until(() => Directory.Exists(options.ArchiveDir) && Directory.GetFiles(options.ArchiveDir, "archive-*.ts").Length >= 2 && run.Host.Snapshot().EncoderRunning,
            "the archive keeps recording", TimeSpan.FromSeconds(60), run);
        Assert.Equal(0, await run.StopAsync());

        Assert.Equal(["token:refresh", "liveBroadcasts.insert"], google.Calls);
        Assert.Contains("YouTube [liveStreamingNotEnabled]", run.Log);
        Assert.Contains("The archive keeps recording", run.Log);
        var archived = Directory.GetFiles(options.ArchiveDir, "archive-*.ts").Order().ToList();
        Assert.True((await Ffprobe.VideoPacketsAsync(archived[0])).Count > 50, "the first archive segment holds video");
        foreach (var secret in google.Secrets) Assert.DoesNotContain(secret, run.Log);
    }

    [Fact]
    public async Task A_token_refused_again_after_refresh_fails_the_event_with_the_login_advice()
    {
        using var google = new YouTubeStandIn { IngestionAddress = "rtmp://127.0.0.1:1/live", StreamName = "unused-9911", Receiving = () => false, RejectAllTokens = true };
        using var lifecycle = new YouTubeLifecycle(Options(google), new SecretMasker(), TimeProvider.System, NullLogger<YouTubeLifecycle>.Instance);
        Assert.Null(await lifecycle.CreateAsync(() => TestViews.Sitting(), CancellationToken.None));
        var (state, uk, en) = lifecycle.Status;
        Assert.Equal(YouTubeState.Failed, state);
        Assert.Contains("youtube-login", uk);
        Assert.Contains("run 'Session.Broadcast youtube-login' again", en);
        Assert.Equal(["token:refresh", "401 liveBroadcasts", "token:refresh", "401 liveBroadcasts"], google.Calls);
    }

    private static YouTubeOptions Options(YouTubeStandIn google) => new()
    {
        Client = new OAuthClient(YouTubeStandIn.ClientId, new Secret(YouTubeStandIn.ClientSecret)),
        TokenPath = "/nonexistent/youtube-token.json", RefreshToken = new Secret(YouTubeStandIn.RefreshToken), Privacy = "unlisted",
        OAuthBase = new Uri(google.OAuthBase), ApiBase = new Uri(google.ApiBase), PollInterval = TimeSpan.FromMilliseconds(500),
    };

    private static async Task Until(Func<bool> condition, string what, TimeSpan timeout, BroadcastRun run)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout)
                throw new TimeoutException($"timed out waiting until {what}\n{string.Join('\n', run.Log.Split('\n').Where(l => !l.Contains("dbug")).TakeLast(30))}");
            await Task.Delay(100);
        }
    }
}
