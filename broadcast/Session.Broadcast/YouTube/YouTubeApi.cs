using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Session.Broadcast.Secrets;

namespace Session.Broadcast.YouTube;

/// <summary>The stream YouTube created: where to publish, under which name (a secret, like a pasted key), captions URL.</summary>
public sealed record YouTubeStream(string Id, string IngestionAddress, Secret StreamName, Secret? CaptionsUrl);

/// <summary>
/// The few YouTube Data API v3 calls the lifecycle needs, as documented (developers.google.com/youtube/v3/live/docs):
/// <c>liveBroadcasts.insert/bind/transition/list</c>, <c>liveStreams.insert/list</c>, <c>videos.list/update</c>.
/// Every call carries <c>Authorization: Bearer</c>; a 401 refreshes the token once and repeats the call.
/// </summary>
public sealed class YouTubeApi(HttpClient http, Uri apiBase, AccessTokens tokens)
{
    /// <summary>liveBroadcasts.insert: the event, scheduled now, started and stopped by us (enableAutoStart/Stop false),
    /// no monitor stream (so <c>live</c> follows <c>ready</c> without <c>testing</c>), captions posted over HTTP.</summary>
    public async Task<string> InsertBroadcastAsync(string title, string description, DateTimeOffset start, string privacy, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["snippet"] = new JsonObject { ["title"] = title, ["description"] = description, ["scheduledStartTime"] = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") },
            ["status"] = new JsonObject { ["privacyStatus"] = privacy, ["selfDeclaredMadeForKids"] = false },
            ["contentDetails"] = new JsonObject
            {
                ["enableAutoStart"] = false, ["enableAutoStop"] = false, ["enableDvr"] = true, ["recordFromStart"] = true,
                ["monitorStream"] = new JsonObject { ["enableMonitorStream"] = false },
                ["closedCaptionsType"] = "closedCaptionsHttpPost",
            },
        };
        var answer = await SendAsync(HttpMethod.Post, "liveBroadcasts?part=snippet,status,contentDetails", body, "створення трансляції / creating the broadcast", ct);
        return Text(answer, "id") ?? throw YouTubeRefused.From("створення трансляції / creating the broadcast", 200, "no-id", null);
    }

    /// <summary>liveStreams.insert: an RTMP ingestion point of variable resolution and frame rate (25 fps is not in
    /// YouTube's list of frame rates), used for this one broadcast.</summary>
    public async Task<YouTubeStream> InsertStreamAsync(string title, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["snippet"] = new JsonObject { ["title"] = title },
            ["cdn"] = new JsonObject { ["ingestionType"] = "rtmp", ["resolution"] = "variable", ["frameRate"] = "variable" },
            ["contentDetails"] = new JsonObject { ["isReusable"] = false },
        };
        const string what = "створення потоку / creating the stream";
        var answer = await SendAsync(HttpMethod.Post, "liveStreams?part=snippet,cdn,contentDetails", body, what, ct);
        var info = answer["cdn"]?["ingestionInfo"];
        // RTMPS when YouTube offers it: the ingest proxy speaks TLS itself, so the key never crosses the network in clear.
        if (Text(answer, "id") is not { } id || (info?["rtmpsIngestionAddress"] ?? info?["ingestionAddress"])?.GetValue<string>() is not { Length: > 0 } address
            || info?["streamName"]?.GetValue<string>() is not { Length: > 0 } name)
            throw YouTubeRefused.From(what, 200, "no-ingestion-info", null);
        var captions = answer["contentDetails"]?["closedCaptionsIngestionUrl"]?.GetValue<string>();
        return new YouTubeStream(id, address, new Secret(name), string.IsNullOrEmpty(captions) ? null : new Secret(captions));
    }

    public Task BindAsync(string broadcastId, string streamId, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"liveBroadcasts/bind?id={E(broadcastId)}&streamId={E(streamId)}&part=id,contentDetails", null, "прив'язка потоку / binding the stream", ct);

    /// <summary>liveStreams.list part=status: <c>status.streamStatus</c> (<c>active</c> once YouTube receives data) and
    /// <c>status.healthStatus.status</c>.</summary>
    public async Task<(string? Stream, string? Health)> StreamStatusAsync(string streamId, CancellationToken ct)
    {
        var answer = await SendAsync(HttpMethod.Get, $"liveStreams?id={E(streamId)}&part=status", null, "стан потоку / stream status", ct);
        var status = answer["items"]?.AsArray().FirstOrDefault()?["status"];
        return (status?["streamStatus"]?.GetValue<string>(), status?["healthStatus"]?["status"]?.GetValue<string>());
    }

    /// <summary>liveBroadcasts.transition; returns the broadcast's <c>status.lifeCycleStatus</c> (e.g. <c>liveStarting</c>).</summary>
    public async Task<string?> TransitionAsync(string broadcastId, string status, CancellationToken ct)
    {
        var answer = await SendAsync(HttpMethod.Post, $"liveBroadcasts/transition?broadcastStatus={status}&id={E(broadcastId)}&part=status", null,
            $"перехід у стан {status} / transition to {status}", ct);
        return answer["status"]?["lifeCycleStatus"]?.GetValue<string>();
    }

    public async Task<string?> LifeCycleAsync(string broadcastId, CancellationToken ct)
    {
        var answer = await SendAsync(HttpMethod.Get, $"liveBroadcasts?id={E(broadcastId)}&part=status", null, "стан трансляції / broadcast status", ct);
        return answer["items"]?.AsArray().FirstOrDefault()?["status"]?["lifeCycleStatus"]?.GetValue<string>();
    }

    /// <summary>
    /// videos.update part=snippet replaces the whole snippet and needs its title and categoryId: the current snippet is
    /// read first (videos.list) and sent back with the new description.
    /// </summary>
    public async Task UpdateDescriptionAsync(string videoId, string description, CancellationToken ct)
    {
        const string what = "опис відео / video description";
        var list = await SendAsync(HttpMethod.Get, $"videos?id={E(videoId)}&part=snippet", null, what, ct);
        if (list["items"]?.AsArray().FirstOrDefault()?["snippet"] is not JsonObject snippet) throw YouTubeRefused.From(what, 404, "videoNotFound", null);
        var update = new JsonObject { ["id"] = videoId, ["snippet"] = new JsonObject
        {
            ["title"] = snippet["title"]?.DeepClone(), ["categoryId"] = snippet["categoryId"]?.DeepClone() ?? "25", // 25: News & Politics
            ["description"] = description,
            ["defaultLanguage"] = snippet["defaultLanguage"]?.DeepClone() ?? "uk",
        } };
        if (snippet["tags"] is JsonArray tags) update["snippet"]!["tags"] = tags.DeepClone();
        await SendAsync(HttpMethod.Put, "videos?part=snippet", update, what, ct);
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string pathAndQuery, JsonObject? body, string what, CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            var token = await tokens.GetAsync(forceRefresh: attempt > 1, ct);
            using var request = new HttpRequestMessage(method, new Uri(apiBase, pathAndQuery));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
            if (body is not null) request.Content = JsonContent.Create(body);
            HttpResponseMessage response;
            try { response = await http.SendAsync(request, ct); }
            catch (HttpRequestException e) { throw YouTubeRefused.Unreachable(what, e.Message); }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { throw YouTubeRefused.Unreachable(what, "no answer in time"); }
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1) continue;
                JsonNode? answer = null;
                try { answer = await response.Content.ReadFromJsonAsync<JsonNode>(ct); }
                catch (JsonException) { }
                if (response.IsSuccessStatusCode) return answer as JsonObject ?? [];
                // YouTube's error body: {"error": {"code", "message", "errors": [{"reason", "message"}]}}.
                var error = answer?["error"];
                var reason = error?["errors"]?.AsArray().FirstOrDefault()?["reason"]?.GetValue<string>()
                    ?? (response.StatusCode == HttpStatusCode.Unauthorized ? "unauthorized" : null);
                throw YouTubeRefused.From(what, (int)response.StatusCode, reason, error?["message"]?.GetValue<string>());
            }
        }
    }

    private static string? Text(JsonObject o, string name) => o[name]?.GetValue<string>();

    private static string E(string s) => Uri.EscapeDataString(s);
}
