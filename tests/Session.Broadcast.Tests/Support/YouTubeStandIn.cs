using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Session.Broadcast.Tests.Support;

/// <summary>
/// A local stand-in for Google's OAuth server and the YouTube Data API v3, on 127.0.0.1, implementing the calls the
/// lifecycle makes strictly as documented (developers.google.com/youtube/v3/live/docs, "OAuth 2.0 for TV and Limited-Input
/// Device Applications"): method, path, the <c>part</c> query, the Bearer token, the JSON body's required fields, and the
/// broadcast's life cycle (live only from ready with the bound stream active, complete only from live). A call that
/// breaks the documentation is answered 400 and noted in <see cref="Violations"/>. The stream is "active" only once
/// <see cref="Receiving"/> says the real RTMP sink has the stream. YouTube's real ingest cannot run here.
/// </summary>
public sealed class YouTubeStandIn : IDisposable
{
    public const string ClientId = "1234-standin.apps.googleusercontent.com";
    public const string ClientSecret = "GOCSPX-standin-client-secret-91f";
    public const string RefreshToken = "1//standin-refresh-token-5c2e";
    public const string DeviceCode = "AH-standin-device-code-77b1";
    public const string UserCode = "WXYZ-QRST";

    private readonly HttpListener listener = new();
    private readonly Task serving;
    private readonly List<string> calls = [];
    private readonly List<string> violations = [];
    private readonly HashSet<string> validTokens = [];
    private readonly Lock gate = new();
    private int tokenCount, pendingLeft;
    private string lifeCycle = "created";
    private bool bound, monitor;

    public string Base { get; }
    public string OAuthBase => Base + "oauth/";
    public string ApiBase => Base + "youtube/v3/";
    /// <summary>Where the stream YouTube "creates" publishes: the real local RTMP sink.</summary>
    public required string IngestionAddress { get; init; }
    public required string StreamName { get; init; }
    public string? CaptionsUrl { get; init; }
    /// <summary>Whether the sink has received the stream: streamStatus is "active" only then.</summary>
    public required Func<bool> Receiving { get; init; }
    /// <summary>liveBroadcasts.insert answers 403 liveStreamingNotEnabled (a channel without live streaming).</summary>
    public bool RefuseInsert { get; init; }
    /// <summary>The first access token issued is rejected (401), as when it has expired: the client must refresh.</summary>
    public bool ExpireFirstToken { get; init; }
    /// <summary>Every access token is rejected (a revoked grant that still refreshes).</summary>
    public bool RejectAllTokens { get; init; }
    public int PendingPolls { get => pendingLeft; init => pendingLeft = value; }
    /// <summary>The operator presses «Deny» on Google's page.</summary>
    public bool DenyLogin { get; init; }

    public string? Description { get; private set; }
    public string? InsertedTitle { get; private set; }
    public long SinkBytesAtLive { get; private set; } = -1;

    public YouTubeStandIn()
    {
        int port = Ports.Free();
        Base = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Base);
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    /// <summary>The JSON Google Cloud Console downloads for a "TVs and Limited Input devices" client.</summary>
    public static string ClientJson => new JsonObject
    {
        ["installed"] = new JsonObject
        {
            ["client_id"] = ClientId, ["project_id"] = "standin", ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = "https://oauth2.googleapis.com/token", ["client_secret"] = ClientSecret,
        },
    }.ToJsonString();

    public IReadOnlyList<string> Calls { get { lock (gate) return calls.ToList(); } }
    public IReadOnlyList<string> Violations { get { lock (gate) return violations.ToList(); } }
    /// <summary>Every secret this stand-in handed out or was given: none may appear in a log.</summary>
    public IReadOnlyList<string> Secrets
    {
        get
        {
            lock (gate) return [ClientSecret, RefreshToken, DeviceCode, StreamName, .. validTokens, .. Enumerable.Range(1, tokenCount).Select(Access),
                .. CaptionsUrl is null ? [] : new[] { CaptionsUrl, CaptionsUrl[(CaptionsUrl.IndexOf("cid=", StringComparison.Ordinal) + 4)..] }];
        }
    }

    public Func<long>? SinkBytes { get; init; }

    private static string Access(int n) => $"ya29.standin-access-{n}-0d9e";

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var (status, answer) = Handle(context.Request, body);
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json; charset=UTF-8";
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(answer.ToJsonString()));
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { }
        }
    }

    private (int, JsonNode) Handle(HttpListenerRequest request, string body)
    {
        var path = request.Url!.AbsolutePath;
        var query = request.QueryString;
        lock (gate)
        {
            if (path.StartsWith("/oauth/", StringComparison.Ordinal)) return OAuth(request, path["/oauth/".Length..], body);
            if (!path.StartsWith("/youtube/v3/", StringComparison.Ordinal)) return Bad($"unknown path {path}");
            var resource = path["/youtube/v3/".Length..];
            var auth = request.Headers["Authorization"];
            if (auth is null || !auth.StartsWith("Bearer ", StringComparison.Ordinal)) return Bad($"{resource}: no Bearer token");
            var token = auth["Bearer ".Length..];
            if (RejectAllTokens || !validTokens.Contains(token))
            {
                calls.Add($"401 {resource}");
                return (401, ApiError(401, "authError", "Invalid Credentials"));
            }
            var parts = (query["part"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            if (parts.Count == 0) return Bad($"{resource}: no part");
            JsonObject? json = null;
            if (body.Length > 0)
            {
                try { json = JsonNode.Parse(body) as JsonObject; } catch (System.Text.Json.JsonException) { return Bad($"{resource}: body is not JSON"); }
                if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true) return Bad($"{resource}: body not sent as application/json");
            }
            return (request.HttpMethod, resource) switch
            {
                ("POST", "liveBroadcasts") => InsertBroadcast(parts, json),
                ("POST", "liveStreams") => InsertStream(parts, json),
                ("POST", "liveBroadcasts/bind") => Bind(query),
                ("GET", "liveStreams") => StreamList(query),
                ("POST", "liveBroadcasts/transition") => Transition(query),
                ("GET", "liveBroadcasts") => BroadcastList(query),
                ("GET", "videos") => VideoList(query),
                ("PUT", "videos") => VideoUpdate(parts, json),
                _ => Bad($"{request.HttpMethod} {resource} is not a documented call"),
            };
        }
    }

    private (int, JsonNode) OAuth(HttpListenerRequest request, string endpoint, string body)
    {
        if (request.HttpMethod != "POST" || request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) != true)
            return Bad($"oauth {endpoint}: must be a form POST");
        var form = System.Web.HttpUtility.ParseQueryString(body);
        if (form["client_id"] != ClientId) return (401, new JsonObject { ["error"] = "invalid_client" });
        switch (endpoint)
        {
            case "device/code":
                calls.Add("device/code");
                if (form["scope"] != "https://www.googleapis.com/auth/youtube") return Bad($"device/code: scope {form["scope"]}");
                return (200, new JsonObject { ["device_code"] = DeviceCode, ["user_code"] = UserCode, ["verification_url"] = "https://www.google.com/device", ["expires_in"] = 1800, ["interval"] = 1 });
            case "token" when form["grant_type"] == "urn:ietf:params:oauth:grant-type:device_code":
                if (form["client_secret"] != ClientSecret || form["device_code"] != DeviceCode) return (400, new JsonObject { ["error"] = "invalid_grant" });
                if (DenyLogin) { calls.Add("token:denied"); return (403, new JsonObject { ["error"] = "access_denied", ["error_description"] = "Forbidden" }); }
                if (pendingLeft-- > 0) { calls.Add("token:pending"); return (428, new JsonObject { ["error"] = "authorization_pending", ["error_description"] = "Precondition Required" }); }
                calls.Add("token:device");
                return (200, new JsonObject { ["access_token"] = NewToken(), ["expires_in"] = 3599, ["refresh_token"] = RefreshToken, ["scope"] = "https://www.googleapis.com/auth/youtube", ["token_type"] = "Bearer" });
            case "token" when form["grant_type"] == "refresh_token":
                if (form["client_secret"] != ClientSecret || form["refresh_token"] != RefreshToken) return (400, new JsonObject { ["error"] = "invalid_grant" });
                calls.Add("token:refresh");
                var token = NewToken();
                if (ExpireFirstToken && tokenCount == 1) validTokens.Remove(token);
                return (200, new JsonObject { ["access_token"] = token, ["expires_in"] = 3599, ["scope"] = "https://www.googleapis.com/auth/youtube", ["token_type"] = "Bearer" });
            default:
                return Bad($"oauth {endpoint}: grant_type {form["grant_type"]}");
        }
    }

    private string NewToken()
    {
        var token = Access(++tokenCount);
        validTokens.Add(token);
        return token;
    }

    private (int, JsonNode) InsertBroadcast(HashSet<string> parts, JsonObject? body)
    {
        calls.Add("liveBroadcasts.insert");
        if (RefuseInsert) return (403, ApiError(403, "liveStreamingNotEnabled", "The user is not enabled for live streaming."));
        if (!parts.IsSupersetOf(["snippet", "status"])) return Bad("liveBroadcasts.insert: part must include snippet and status");
        var title = body?["snippet"]?["title"]?.GetValue<string>();
        if (string.IsNullOrEmpty(title) || title.Length > 100 || title.IndexOfAny(['<', '>']) >= 0) return Bad($"liveBroadcasts.insert: snippet.title '{title}'");
        if (!DateTimeOffset.TryParse(body!["snippet"]?["scheduledStartTime"]?.GetValue<string>(), out _)) return Bad("liveBroadcasts.insert: snippet.scheduledStartTime");
        if (body["status"]?["privacyStatus"]?.GetValue<string>() is not ("public" or "unlisted" or "private")) return Bad("liveBroadcasts.insert: status.privacyStatus");
        if (parts.Contains("contentDetails"))
        {
            var details = body["contentDetails"];
            monitor = details?["monitorStream"]?["enableMonitorStream"]?.GetValue<bool>() ?? true;
            if (details?["enableAutoStart"]?.GetValue<bool>() != false) return Bad("liveBroadcasts.insert: the lifecycle transitions itself: enableAutoStart false");
        }
        InsertedTitle = title;
        return (200, new JsonObject { ["kind"] = "youtube#liveBroadcast", ["id"] = "standinBc01", ["snippet"] = body["snippet"]!.DeepClone(), ["status"] = new JsonObject { ["lifeCycleStatus"] = "created", ["privacyStatus"] = body["status"]!["privacyStatus"]!.DeepClone() } });
    }

    private (int, JsonNode) InsertStream(HashSet<string> parts, JsonObject? body)
    {
        calls.Add("liveStreams.insert");
        if (!parts.IsSupersetOf(["snippet", "cdn"])) return Bad("liveStreams.insert: part must include snippet and cdn");
        if (string.IsNullOrEmpty(body?["snippet"]?["title"]?.GetValue<string>())) return Bad("liveStreams.insert: snippet.title");
        var cdn = body!["cdn"];
        if (cdn?["ingestionType"]?.GetValue<string>() is not ("rtmp" or "dash" or "hls")) return Bad("liveStreams.insert: cdn.ingestionType");
        if (cdn["resolution"]?.GetValue<string>() is not ("240p" or "360p" or "480p" or "720p" or "1080p" or "1440p" or "2160p" or "variable")) return Bad("liveStreams.insert: cdn.resolution");
        if (cdn["frameRate"]?.GetValue<string>() is not ("30fps" or "60fps" or "variable")) return Bad("liveStreams.insert: cdn.frameRate");
        var answer = new JsonObject
        {
            ["kind"] = "youtube#liveStream", ["id"] = "standinSt01", ["snippet"] = body["snippet"]!.DeepClone(),
            ["cdn"] = new JsonObject
            {
                ["ingestionType"] = "rtmp", ["resolution"] = "variable", ["frameRate"] = "variable",
                ["ingestionInfo"] = new JsonObject { ["streamName"] = StreamName, ["ingestionAddress"] = IngestionAddress, ["backupIngestionAddress"] = IngestionAddress + "?backup=1" },
            },
            ["status"] = new JsonObject { ["streamStatus"] = "ready" },
        };
        if (parts.Contains("contentDetails"))
            answer["contentDetails"] = CaptionsUrl is null ? new JsonObject { ["isReusable"] = false } : new JsonObject { ["closedCaptionsIngestionUrl"] = CaptionsUrl, ["isReusable"] = false };
        return (200, answer);
    }

    private (int, JsonNode) Bind(System.Collections.Specialized.NameValueCollection query)
    {
        calls.Add("liveBroadcasts.bind");
        if (query["id"] != "standinBc01" || query["streamId"] != "standinSt01") return Bad($"bind: id {query["id"]} streamId {query["streamId"]}");
        bound = true;
        lifeCycle = "ready";
        return (200, new JsonObject { ["id"] = "standinBc01", ["contentDetails"] = new JsonObject { ["boundStreamId"] = "standinSt01" } });
    }

    private (int, JsonNode) StreamList(System.Collections.Specialized.NameValueCollection query)
    {
        if (!(calls.Count > 0 && calls[^1] == "liveStreams.list")) calls.Add("liveStreams.list");
        if (query["id"] != "standinSt01") return Bad("liveStreams.list: id");
        bool active = Receiving();
        return (200, new JsonObject { ["items"] = new JsonArray(new JsonObject { ["id"] = "standinSt01", ["status"] = new JsonObject
        {
            ["streamStatus"] = active ? "active" : "ready",
            ["healthStatus"] = new JsonObject { ["status"] = active ? "good" : "noData" },
        } }) });
    }

    private (int, JsonNode) Transition(System.Collections.Specialized.NameValueCollection query)
    {
        var to = query["broadcastStatus"];
        calls.Add($"liveBroadcasts.transition({to})");
        if (query["id"] != "standinBc01") return Bad("transition: id");
        switch (to)
        {
            case "testing" when !monitor:
            case "live" when lifeCycle is not ("ready" or "testing") || !bound:
            case "complete" when lifeCycle != "live":
                return (403, ApiError(403, "invalidTransition", $"Invalid transition from {lifeCycle} to {to}."));
            case "testing" or "live" when !Receiving():
                return (403, ApiError(403, "errorStreamInactive", "The stream is not active."));
            case "live":
                lifeCycle = "liveStarting";
                SinkBytesAtLive = SinkBytes?.Invoke() ?? 0;
                break;
            case "testing": lifeCycle = "testing"; break;
            case "complete": lifeCycle = "complete"; break;
            default: return Bad($"transition: broadcastStatus {to}");
        }
        return (200, new JsonObject { ["id"] = "standinBc01", ["status"] = new JsonObject { ["lifeCycleStatus"] = lifeCycle } });
    }

    private (int, JsonNode) BroadcastList(System.Collections.Specialized.NameValueCollection query)
    {
        calls.Add("liveBroadcasts.list");
        if (query["id"] != "standinBc01") return Bad("liveBroadcasts.list: id");
        if (lifeCycle == "liveStarting") lifeCycle = "live"; // YouTube finishes the transition a moment later
        return (200, new JsonObject { ["items"] = new JsonArray(new JsonObject { ["id"] = "standinBc01", ["status"] = new JsonObject { ["lifeCycleStatus"] = lifeCycle } }) });
    }

    private (int, JsonNode) VideoList(System.Collections.Specialized.NameValueCollection query)
    {
        calls.Add("videos.list");
        if (query["id"] != "standinBc01") return Bad("videos.list: id");
        return (200, new JsonObject { ["items"] = new JsonArray(new JsonObject { ["id"] = "standinBc01", ["snippet"] = new JsonObject
        {
            ["title"] = InsertedTitle, ["description"] = "", ["categoryId"] = "24", ["liveBroadcastContent"] = "none",
        } }) });
    }

    private (int, JsonNode) VideoUpdate(HashSet<string> parts, JsonObject? body)
    {
        calls.Add("videos.update");
        if (!parts.Contains("snippet")) return Bad("videos.update: part snippet");
        if (body?["id"]?.GetValue<string>() != "standinBc01") return Bad("videos.update: id");
        // "If you are updating snippet, you must set snippet.title and snippet.categoryId."
        if (string.IsNullOrEmpty(body["snippet"]?["title"]?.GetValue<string>()) || string.IsNullOrEmpty(body["snippet"]?["categoryId"]?.GetValue<string>()))
            return Bad("videos.update: snippet.title and snippet.categoryId are required");
        var description = body["snippet"]!["description"]?.GetValue<string>() ?? "";
        if (description.IndexOfAny(['<', '>']) >= 0 || Encoding.UTF8.GetByteCount(description) > 5000) return Bad("videos.update: description");
        Description = description;
        return (200, body.DeepClone());
    }

    private (int, JsonNode) Bad(string what)
    {
        violations.Add(what);
        return (400, ApiError(400, "invalidValue", what));
    }

    private static JsonObject ApiError(int code, string reason, string message) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = code, ["message"] = message,
            ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = "youtube.liveBroadcast", ["reason"] = reason }),
        },
    };

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try { serving.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
