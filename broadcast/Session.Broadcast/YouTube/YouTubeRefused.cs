namespace Session.Broadcast.YouTube;

/// <summary>
/// Why YouTube (or Google's OAuth server) did not do what was asked, with YouTube's own reason as a stable code and a
/// message in Ukrainian and English for the stream panel. The archive never depends on it: the caller reports and goes on.
/// </summary>
public sealed class YouTubeRefused(string code, string uk, string en) : Exception($"{uk} / {en}")
{
    public string Code { get; } = code;
    public string Uk { get; } = uk;
    public string En { get; } = en;

    /// <summary>
    /// An API error body (<c>{"error": {"code", "message", "errors": [{"reason"}]}}</c>, YouTube Data API "Errors")
    /// or an OAuth error (<c>{"error": "invalid_grant"}</c>) as a typed refusal. YouTube's message is English only
    /// and never carries a token; it is kept for the operator.
    /// </summary>
    public static YouTubeRefused From(string what, int status, string? reason, string? message) => reason switch
    {
        "quotaExceeded" or "rateLimitExceeded" or "userRateLimitExceeded" =>
            new(reason, $"{what}: вичерпано квоту YouTube API; трансляцію створіть у YouTube Studio або вставте ключ потоку", $"{what}: the YouTube API quota is used up; create the event in YouTube Studio or paste a stream key"),
        "liveStreamingNotEnabled" =>
            new(reason, $"{what}: на каналі не ввімкнено прямі трансляції (YouTube Studio → «Пряма трансляція», перша активація триває до 24 годин)", $"{what}: live streaming is not enabled on the channel (YouTube Studio → Go live; the first activation takes up to 24 hours)"),
        "insufficientLivePermissions" or "insufficientPermissions" or "forbidden" =>
            new(reason, $"{what}: обліковий запис не має права керувати трансляціями цього каналу", $"{what}: the account may not manage live events on this channel"),
        "invalid_client" or "unauthorized_client" =>
            new(reason, $"{what}: Google не знає цього клієнта OAuth — перевірте файл --youtube-client (тип «TVs and Limited Input devices»)", $"{what}: Google does not know this OAuth client — check the --youtube-client file (type \"TVs and Limited Input devices\")"),
        "invalid_grant" or "authError" or "unauthorized" =>
            new(reason ?? "unauthorized", $"{what}: Google не прийняв токен входу — повторіть «Session.Broadcast youtube-login»", $"{what}: Google did not accept the sign-in token — run 'Session.Broadcast youtube-login' again"),
        "invalidTransition" or "redundantTransition" or "errorStreamInactive" =>
            new(reason, $"{what}: YouTube не змінив стан трансляції ({reason})", $"{what}: YouTube did not change the broadcast's state ({reason}): {message}"),
        _ => new(reason ?? $"http-{status}", $"{what}: YouTube відмовив (HTTP {status}{(reason is null ? "" : $", {reason}")})",
            $"{what}: YouTube refused (HTTP {status}{(reason is null ? "" : $", {reason}")}){(message is null ? "" : $": {message}")}"),
    };

    public static YouTubeRefused Unreachable(string what, string why) =>
        new("unreachable", $"{what}: немає зв'язку з YouTube ({why})", $"{what}: YouTube cannot be reached ({why})");

    public static YouTubeRefused StreamNeverActive(TimeSpan waited) =>
        new("stream-inactive", $"YouTube не отримує потік уже {waited.TotalSeconds:0} с; трансляцію не розпочато (архів пишеться)",
            $"YouTube has not received the stream for {waited.TotalSeconds:0} s; the event did not go live (the archive is recording)");
}
