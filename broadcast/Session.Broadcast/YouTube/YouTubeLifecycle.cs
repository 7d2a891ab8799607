using Microsoft.Extensions.Logging;
using Session.Broadcast.Chapters;
using Session.Broadcast.Secrets;
using Session.Core.Wire;

namespace Session.Broadcast.YouTube;

/// <summary>Where the YouTube event is, as the stream panel shows it.</summary>
public enum YouTubeState { Creating, Waiting, Live, Complete, Failed }

/// <summary>
/// The YouTube event of one broadcast (issue 14 item 5): create the broadcast and its stream and bind them; once YouTube
/// receives the stream (<c>streamStatus</c> active) go live; at the end complete it and write the chapters into the
/// video's description. A refusal at any step is reported in Ukrainian and English and ends only this — the archive,
/// which never waits on YouTube, goes on.
/// </summary>
public sealed class YouTubeLifecycle : IDisposable
{
    private static readonly TimeSpan FirstViewWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LiveStartingWait = TimeSpan.FromSeconds(60);
    private readonly YouTubeOptions options;
    private readonly SecretMasker masker;
    private readonly TimeProvider clock;
    private readonly ILogger log;
    private readonly HttpClient http;
    private readonly YouTubeApi api;
    private readonly Lock gate = new();
    private YouTubeState state = YouTubeState.Creating;
    private YouTubeRefused? problem;
    private string? description;

    public YouTubeLifecycle(YouTubeOptions options, SecretMasker masker, TimeProvider clock, ILogger<YouTubeLifecycle> log)
    {
        (this.options, this.masker, this.clock, this.log) = (options, masker, clock, log);
        masker.Add(options.Client.ClientSecret);
        masker.Add(options.RefreshToken);
        http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var oauth = new GoogleOAuth(http, options, clock, masker.Add);
        api = new YouTubeApi(http, options.ApiBase,
            new AccessTokens(oauth, options.RefreshToken ?? throw new ArgumentException("no refresh token: run youtube-login", nameof(options)), clock));
    }

    /// <summary>The broadcast's id, which is also the video's (its watch page: youtube.com/watch?v=ID).</summary>
    public string? BroadcastId { get; private set; }
    /// <summary>The stream time at which the event went live: the video's 0:00.</summary>
    public TimeSpan? LiveAt { get; private set; }

    public (YouTubeState State, string? Uk, string? En) Status
    {
        get { lock (gate) return (state, problem?.Uk, problem?.En); }
    }

    /// <summary>
    /// Creates the event titled after the sitting (waiting briefly for the hall's first view) and its stream, binds them,
    /// and returns where to publish; null when YouTube refused (the reason is in <see cref="Status"/>).
    /// </summary>
    public async Task<YouTubeStream?> CreateAsync(Func<SittingView?> sitting, CancellationToken ct)
    {
        try
        {
            var waited = clock.GetTimestamp();
            while (sitting() is null && clock.GetElapsedTime(waited) < FirstViewWait) await Task.Delay(200, ct);
            var now = clock.GetUtcNow();
            var title = YouTubeTitle.For(sitting(), now);
            description = YouTubeTitle.Description(sitting(), now);
            var broadcast = await api.InsertBroadcastAsync(title, description, now, options.Privacy, ct);
            BroadcastId = broadcast;
            var stream = await api.InsertStreamAsync(title, ct);
            masker.Add(stream.StreamName);
            masker.AddUrl(stream.CaptionsUrl);
            await api.BindAsync(broadcast, stream.Id, ct);
            Set(YouTubeState.Waiting, null);
            log.LogInformation("YouTube: broadcast {Broadcast} «{Title}» ({Privacy}) bound to stream {Stream}; publishing to {Ingest}/{Key}{Captions}",
                broadcast, title, options.Privacy, stream.Id, stream.IngestionAddress, stream.StreamName, stream.CaptionsUrl is null ? "" : ", captions to the stream's caption URL");
            return stream;
        }
        catch (YouTubeRefused e) { Fail(e); return null; }
        catch (OperationCanceledException) { return null; }
    }

    /// <summary>Waits until YouTube receives the stream, then takes the event live (no monitor stream: no testing step).</summary>
    public async Task GoLiveAsync(string streamId, Func<TimeSpan> streamTime, CancellationToken ct)
    {
        if (BroadcastId is not { } broadcast) return;
        try
        {
            var waiting = clock.GetTimestamp();
            bool warned = false;
            while (true)
            {
                var (stream, health) = await api.StreamStatusAsync(streamId, ct);
                if (stream == "active")
                {
                    log.LogInformation("YouTube receives the stream (health {Health}); going live", health ?? "?");
                    break;
                }
                if (!warned && clock.GetElapsedTime(waiting) > options.ActiveWarning)
                {
                    warned = true;
                    var e = YouTubeRefused.StreamNeverActive(clock.GetElapsedTime(waiting));
                    Set(YouTubeState.Waiting, e);
                    log.LogWarning("YouTube: {Uk} / {En}", e.Uk, e.En);
                }
                await Task.Delay(options.PollInterval, clock, ct);
            }
            var at = streamTime();
            var life = await api.TransitionAsync(broadcast, "live", ct);
            var starting = clock.GetTimestamp();
            // The transition is asynchronous: liveStarting, then live; complete is refused before live.
            while (life != "live" && clock.GetElapsedTime(starting) < LiveStartingWait)
            {
                await Task.Delay(options.PollInterval, clock, ct);
                life = await api.LifeCycleAsync(broadcast, ct);
            }
            LiveAt = at;
            Set(YouTubeState.Live, null);
            log.LogInformation("YouTube: broadcast {Broadcast} is {Life} (video 0:00 = stream {At:0.0} s)", broadcast, life, at.TotalSeconds);
        }
        catch (YouTubeRefused e) { Fail(e); }
        catch (OperationCanceledException) { }
    }

    /// <summary>Completes a live event and writes the chapters, shifted to the video's time, into its description.</summary>
    public async Task CompleteAsync(IReadOnlyList<Chapter> streamChapters, TimeSpan end, CancellationToken ct)
    {
        if (BroadcastId is not { } broadcast) return;
        if (LiveAt is not { } liveAt)
        {
            log.LogWarning("YouTube: broadcast {Broadcast} never went live; it stays scheduled in YouTube Studio", broadcast);
            return;
        }
        try
        {
            await api.TransitionAsync(broadcast, "complete", ct);
            Set(YouTubeState.Complete, null);
            log.LogInformation("YouTube: broadcast {Broadcast} complete", broadcast);
            var chapters = VideoChapters(streamChapters, liveAt, end);
            if (chapters.Count == 0) return;
            await api.UpdateDescriptionAsync(broadcast, YouTubeTitle.WithChapters(description ?? "", ChapterList.Format(chapters)), ct);
            log.LogInformation("YouTube: {Count} chapters written into the description of {Broadcast}", chapters.Count, broadcast);
        }
        catch (YouTubeRefused e) { Fail(e); }
        catch (OperationCanceledException) { log.LogWarning("YouTube: no answer while completing {Broadcast}; complete it in YouTube Studio", broadcast); }
    }

    /// <summary>
    /// The video starts when the event went live, not when the encoder started: chapters move back by that much, and the
    /// item already running at that moment starts the video at 0:00.
    /// </summary>
    public static IReadOnlyList<Chapter> VideoChapters(IReadOnlyList<Chapter> streamChapters, TimeSpan liveAt, TimeSpan end)
    {
        var shifted = new List<Chapter>();
        foreach (var c in streamChapters.OrderBy(c => c.At))
        {
            if (c.At <= liveAt) { shifted.Clear(); shifted.Add(c with { At = TimeSpan.Zero }); }
            else shifted.Add(c with { At = c.At - liveAt });
        }
        return ChapterList.Normalise(shifted, end - liveAt);
    }

    private void Set(YouTubeState s, YouTubeRefused? why)
    {
        lock (gate) (state, problem) = (s, why);
    }

    private void Fail(YouTubeRefused e)
    {
        Set(YouTubeState.Failed, e);
        log.LogError("YouTube [{Code}]: {Uk} / {En}. The archive keeps recording.", e.Code, e.Uk, e.En);
    }

    public void Dispose() => http.Dispose();
}
