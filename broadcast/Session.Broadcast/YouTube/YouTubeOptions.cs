using System.Text.Json;
using Session.Broadcast.Secrets;

namespace Session.Broadcast.YouTube;

/// <summary>
/// The YouTube lifecycle's settings (<c>--youtube-client</c>, <c>--youtube-token</c>, <c>--youtube-privacy</c>). The base
/// URLs are Google's; <see cref="OAuthBaseVariable"/> and <see cref="ApiBaseVariable"/> point them at a local stand-in,
/// for tests only (they are not in the usage text).
/// </summary>
public sealed record YouTubeOptions
{
    public const string OAuthBaseVariable = "SESSION_YOUTUBE_OAUTH_BASE";
    public const string ApiBaseVariable = "SESSION_YOUTUBE_API_BASE";
    public static readonly Uri GoogleOAuth = new("https://oauth2.googleapis.com/");
    public static readonly Uri GoogleApi = new("https://www.googleapis.com/youtube/v3/");
    /// <summary>The one scope asked for: manage the channel's live events and videos. Google allows it in the device flow.</summary>
    public const string Scope = "https://www.googleapis.com/auth/youtube";
    public static readonly string[] Privacies = ["public", "unlisted", "private"];

    public required OAuthClient Client { get; init; }
    public required string TokenPath { get; init; }
    /// <summary>Read from <see cref="TokenPath"/> at start; null for the login command, which creates it.</summary>
    public Secret? RefreshToken { get; init; }
    public string Privacy { get; init; } = "public";
    public Uri OAuthBase { get; init; } = GoogleOAuth;
    public Uri ApiBase { get; init; } = GoogleApi;
    /// <summary>How often the stream's status is asked while waiting for YouTube to receive it.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>How long YouTube may take to see the stream before the panel says it does not.</summary>
    public TimeSpan ActiveWarning { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>A base URL from the environment (tests), else Google's; only http(s), always ending in '/'.</summary>
    public static Uri Base(Func<string, string?> environment, string variable, Uri fallback) =>
        environment(variable) is { Length: > 0 } text && Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri : fallback;
}

/// <summary>An OAuth client of type "TVs and Limited Input devices", as Google Cloud Console's JSON download gives it.</summary>
public sealed record OAuthClient(string ClientId, Secret ClientSecret)
{
    /// <summary>
    /// Reads <c>{"installed": {"client_id", "client_secret", …}}</c> (the download), or the same two fields at the top
    /// level. The error never quotes the file's content.
    /// </summary>
    public static OAuthClient? Parse(string json, out string? error)
    {
        error = null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            foreach (var wrapper in new[] { "installed", "web" })
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(wrapper, out var inner)) { root = inner; break; }
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("client_id", out var id) && id.GetString() is { Length: > 0 } clientId
                && root.TryGetProperty("client_secret", out var secret) && secret.GetString() is { Length: > 0 } clientSecret)
                return new OAuthClient(clientId, new Secret(clientSecret));
            error = "у файлі немає client_id і client_secret / the file has no client_id and client_secret (download the JSON of a \"TVs and Limited Input devices\" OAuth client)";
        }
        catch (JsonException) { error = "файл не є JSON / the file is not JSON"; }
        return null;
    }
}
