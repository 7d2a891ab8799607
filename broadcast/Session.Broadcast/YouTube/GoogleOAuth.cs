using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Session.Broadcast.Secrets;

namespace Session.Broadcast.YouTube;

/// <summary>What the device flow shows the operator: where to go and which code to type there.</summary>
public sealed record DeviceCode(Secret Code, string UserCode, string VerificationUrl, TimeSpan ExpiresIn, TimeSpan Interval);

/// <summary>
/// Google's OAuth 2.0 for TV and limited-input devices (RFC 8628 as Google serves it): <c>POST /device/code</c> with
/// client_id and scope, then <c>POST /token</c> with grant_type <c>urn:ietf:params:oauth:grant-type:device_code</c>
/// every <c>interval</c> seconds until the operator approves; later <c>grant_type=refresh_token</c> for access tokens.
/// Every token obtained is handed to <paramref name="reveal"/> (the log masker) before it is used.
/// </summary>
public sealed class GoogleOAuth(HttpClient http, YouTubeOptions options, TimeProvider clock, Action<Secret> reveal)
{
    public const string DeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";
    // RFC 8628 §3.5: on slow_down the interval grows by 5 s for this and all later requests.
    private static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("scope")] string? Scope,
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? Description);

    private sealed record DeviceAnswer(
        [property: JsonPropertyName("device_code")] string? DeviceCode,
        [property: JsonPropertyName("user_code")] string? UserCode,
        [property: JsonPropertyName("verification_url")] string? VerificationUrl,
        [property: JsonPropertyName("verification_uri")] string? VerificationUri,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("interval")] int? Interval,
        [property: JsonPropertyName("error")] string? Error);

    public async Task<DeviceCode> RequestDeviceCodeAsync(CancellationToken ct)
    {
        var answer = await PostAsync<DeviceAnswer>("device/code", [new("client_id", options.Client.ClientId), new("scope", YouTubeOptions.Scope)], "вхід / sign-in", ct);
        if (answer.Error is { } error || answer.DeviceCode is not { Length: > 0 } code || answer.UserCode is null)
            throw YouTubeRefused.From("вхід у Google / Google sign-in", 400, answer.Error ?? "no-device-code", null);
        var secret = new Secret(code);
        reveal(secret);
        return new DeviceCode(secret, answer.UserCode, answer.VerificationUrl ?? answer.VerificationUri ?? "https://www.google.com/device",
            TimeSpan.FromSeconds(answer.ExpiresIn ?? 1800), TimeSpan.FromSeconds(Math.Max(1, answer.Interval ?? 5)));
    }

    /// <summary>Polls until the operator approves (returns the refresh token and scope) or refuses, or the code expires.</summary>
    public async Task<(Secret RefreshToken, string? Scope)> WaitForApprovalAsync(DeviceCode device, CancellationToken ct)
    {
        var interval = device.Interval;
        var started = clock.GetTimestamp();
        while (true)
        {
            await Task.Delay(interval, clock, ct);
            var answer = await PostAsync<TokenAnswer>("token",
                [new("client_id", options.Client.ClientId), new("client_secret", options.Client.ClientSecret.Reveal()),
                 new("device_code", device.Code.Reveal()), new("grant_type", DeviceGrant)], "вхід / sign-in", ct);
            switch (answer.Error)
            {
                case null when answer.RefreshToken is { Length: > 0 } refresh:
                    var token = new Secret(refresh);
                    reveal(token);
                    if (answer.AccessToken is { Length: > 0 } access) reveal(new Secret(access));
                    return (token, answer.Scope);
                case "authorization_pending":
                    break;
                case "slow_down":
                    interval += SlowDownStep;
                    break;
                case "access_denied":
                    throw new YouTubeRefused("access_denied", "у доступі відмовлено на сторінці Google", "access was denied on Google's page");
                case "expired_token":
                    throw new YouTubeRefused("expired_token", "код входу прострочено — запустіть youtube-login ще раз", "the sign-in code expired — run youtube-login again");
                default:
                    throw YouTubeRefused.From("вхід у Google / Google sign-in", 400, answer.Error ?? "no-refresh-token", answer.Description);
            }
            if (clock.GetElapsedTime(started) > device.ExpiresIn)
                throw new YouTubeRefused("expired_token", "код входу прострочено — запустіть youtube-login ще раз", "the sign-in code expired — run youtube-login again");
        }
    }

    /// <summary>A fresh access token from the stored refresh token, and how long it lasts.</summary>
    public async Task<(Secret Token, TimeSpan Lifetime)> RefreshAsync(Secret refreshToken, CancellationToken ct)
    {
        var answer = await PostAsync<TokenAnswer>("token",
            [new("client_id", options.Client.ClientId), new("client_secret", options.Client.ClientSecret.Reveal()),
             new("refresh_token", refreshToken.Reveal()), new("grant_type", "refresh_token")], "оновлення токена / token refresh", ct);
        if (answer.Error is not null || answer.AccessToken is not { Length: > 0 } access)
            throw YouTubeRefused.From("оновлення токена / token refresh", 400, answer.Error ?? "no-access-token", answer.Description);
        var token = new Secret(access);
        reveal(token);
        return (token, TimeSpan.FromSeconds(answer.ExpiresIn ?? 3600));
    }

    /// <summary>An OAuth answer: JSON both on success and on error (RFC 6749 §5.2), whatever the status.</summary>
    private async Task<T> PostAsync<T>(string path, KeyValuePair<string, string>[] form, string what, CancellationToken ct)
    {
        try
        {
            using var response = await http.PostAsync(new Uri(options.OAuthBase, path), new FormUrlEncodedContent(form), ct);
            try { return await response.Content.ReadFromJsonAsync<T>(ct) ?? throw new JsonException("empty"); }
            catch (JsonException) { throw YouTubeRefused.From(what, (int)response.StatusCode, null, "not a JSON answer"); }
        }
        catch (HttpRequestException e) { throw YouTubeRefused.Unreachable(what, e.Message); }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested) { throw YouTubeRefused.Unreachable(what, "no answer in time"); }
    }
}

/// <summary>
/// The access token the API calls carry: refreshed a minute before it expires, or at once when YouTube answers 401.
/// </summary>
public sealed class AccessTokens(GoogleOAuth oauth, Secret refreshToken, TimeProvider clock)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim gate = new(1, 1);
    private Secret? current;
    private DateTimeOffset until;

    public async Task<Secret> GetAsync(bool forceRefresh, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (forceRefresh || current is null || clock.GetUtcNow() >= until - Margin)
            {
                var (token, lifetime) = await oauth.RefreshAsync(refreshToken, ct);
                (current, until) = (token, clock.GetUtcNow() + lifetime);
            }
            return current;
        }
        finally { gate.Release(); }
    }
}
