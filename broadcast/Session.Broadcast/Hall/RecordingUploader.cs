using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Session.Broadcast.Recording;
using Session.Broadcast.Secrets;
using Session.Core.Transport;

namespace Session.Broadcast.Hall;

/// <summary>How an upload ended.</summary>
public abstract record UploadOutcome
{
    public sealed record Uploaded(long Bytes, TimeSpan Took) : UploadOutcome;
    /// <summary>The hall already holds this very recording (409 <c>recording-exists</c> with the same SHA-256).</summary>
    public sealed record AlreadyThere : UploadOutcome;
    /// <summary>The hall refused it (a 4xx other than 429, or 409 for a different recording): retrying cannot help.</summary>
    public sealed record Refused(int Status, HallError Error) : UploadOutcome;
    /// <summary>The hall stayed unreachable or failing for the whole retry period, or the broadcast stopped first.</summary>
    public sealed record GaveUp(string Why) : UploadOutcome;
}

/// <summary>An error body from the hall: a stable code and messages in Ukrainian and English (problem details or plain).</summary>
public sealed record HallError(string Code, string Uk, string En, string? Sha256)
{
    public static HallError Parse(string body, HttpStatusCode status)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var r = doc.RootElement;
            string? S(params string[] names) => names.Select(n => r.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null).FirstOrDefault(v => v is not null);
            return new HallError(S("code", "error", "title") ?? $"http-{(int)status}", S("uk", "messageUk", "detail") ?? "", S("en", "messageEn", "detailEn") ?? "", S("sha256"));
        }
        catch (JsonException) { return new HallError($"http-{(int)status}", "", body.Length > 200 ? body[..200] : body, null); }
    }
}

/// <summary>
/// Sends a joined recording to the hall that publishes it: <c>PUT /api/recordings/{sittingId}/recording.json</c> (the
/// descriptor, at most 1 MiB), then <c>PUT …/recording.mp4</c> streamed from the file, both with
/// <c>Authorization: Bearer {broadcast terminal key}</c>. Network errors, 5xx and 429 are retried with backoff for a
/// bounded time (429 after its <c>Retry-After</c>); any other 4xx is final. The local copy stays: it is the archive.
/// </summary>
public sealed class RecordingUploader : IDisposable
{
    public const int MaxDescriptorBytes = 1 << 20;
    private readonly Uri hall;
    private readonly Secret key;
    private readonly HallCaPin? hallCa;
    private readonly ILogger log;
    private readonly TimeProvider clock;
    private readonly HttpClient http;

    /// <summary>How long failures are retried before giving up (an hour: a hall restart or a short outage passes).</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromHours(1);
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(2);

    public RecordingUploader(Uri hall, Secret key, HallCaPin? hallCa, ILogger<RecordingUploader> log, TimeProvider clock)
    {
        (this.hall, this.key, this.hallCa, this.log, this.clock) = (hall, key, hallCa, log, clock);
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) };
        // The same trust as the hub connection: a certificate under the pinned hall CA, or one the system trusts.
        if (hallCa is not null) handler.SslOptions.RemoteCertificateValidationCallback = hallCa.Validate;
        http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <param name="folder">The recording's folder: <c>recording.json</c> and <c>recording.mp4</c>.</param>
    public async Task<UploadOutcome> UploadAsync(string folder, CancellationToken ct)
    {
        var json = await File.ReadAllBytesAsync(Path.Combine(folder, RecordingDescriptor.FileName), ct);
        var d = RecordingDescriptor.Parse(json);
        if (json.Length > MaxDescriptorBytes)
            return Refuse(d, 0, new HallError("descriptor-too-large", $"recording.json більший за 1 МіБ ({json.Length} байтів)", $"recording.json is over 1 MiB ({json.Length} bytes)", null));
        var video = Path.Combine(folder, d.File);
        var started = clock.GetTimestamp();
        var backoff = FirstBackoff;
        while (true)
        {
            TimeSpan? wait;
            try
            {
                if (hallCa is not null) await hallCa.LoadAsync(hall, ct);
                var first = await PutAsync(d, RecordingDescriptor.FileName, new ByteArrayContent(json), "application/json", TimeSpan.FromSeconds(30), ct);
                if (first is not Step.NextStep) { if (Final(d, first) is { } done) return done; wait = first is Step.Again a ? a.After : null; }
                else
                {
                    await using var file = new FileStream(video, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                    var length = file.Length; // the request disposes the stream with its content
                    var content = new StreamContent(file, 1 << 16);
                    content.Headers.ContentLength = length;
                    var sw = Stopwatch.StartNew();
                    // A minute plus a second per 2 MB: a slow uplink still finishes, a stalled one is retried.
                    var second = await PutAsync(d, d.File, content, "video/mp4", TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(length / 2_000_000.0), ct);
                    if (second is Step.NextStep)
                    {
                        log.LogInformation("Запис засідання {Sitting} передано до зали / recording of sitting {Sitting} uploaded to the hall ({Mb:0.0} MB in {Seconds:0.0} s)",
                            d.SittingId, d.SittingId, length / 1e6, sw.Elapsed.TotalSeconds);
                        return new UploadOutcome.Uploaded(length, sw.Elapsed);
                    }
                    if (Final(d, second) is { } done) return done;
                    wait = second is Step.Again a ? a.After : null;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return GiveUp(d, "трансляцію зупинено / the broadcast stopped"); }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                wait = null;
                log.LogWarning("Запис засідання {Sitting} не передано до зали / recording of sitting {Sitting} not uploaded: {Error}", d.SittingId, d.SittingId,
                    e is OperationCanceledException ? "час очікування вичерпано / timed out" : HubTransport.Why(e));
            }
            var delay = wait ?? backoff;
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            if (clock.GetElapsedTime(started) + delay > RetryFor)
                return GiveUp(d, $"зала не прийняла запис за {RetryFor.TotalMinutes:0} хв / the hall did not take it within {RetryFor.TotalMinutes:0} min");
            log.LogInformation("Повтор передавання запису засідання {Sitting} через {Delay:0.#} с / retrying the upload of sitting {Sitting} in {Delay:0.#} s",
                d.SittingId, delay.TotalSeconds, d.SittingId, delay.TotalSeconds);
            try { await Task.Delay(delay, clock, ct); }
            catch (OperationCanceledException) { return GiveUp(d, "трансляцію зупинено / the broadcast stopped"); }
        }
    }

    private abstract record Step
    {
        public sealed record NextStep : Step;
        public sealed record Again(TimeSpan? After) : Step;
        public sealed record Stop(int Status, HallError Error) : Step;
        public static readonly Step Next = new NextStep();
    }

    private async Task<Step> PutAsync(RecordingDescriptor d, string file, HttpContent content, string type, TimeSpan timeout, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(hall, $"/api/recordings/{Uri.EscapeDataString(d.SittingId)}/{file}")) { Content = content };
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Reveal());
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created) return Step.Next;
        var error = HallError.Parse(await response.Content.ReadAsStringAsync(deadline.Token), response.StatusCode);
        int status = (int)response.StatusCode;
        log.LogWarning("Зала відповіла {Status} на {File} засідання {Sitting} / the hall answered {Status} to {File} of sitting {Sitting}: [{Code}] {Uk} / {En}",
            status, file, d.SittingId, status, file, d.SittingId, error.Code, error.Uk, error.En);
        if (status == 429) return new Step.Again(RetryAfter(response));
        if (status >= 500) return new Step.Again(null);
        return new Step.Stop(status, error);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => null,
    };

    private UploadOutcome? Final(RecordingDescriptor d, Step step)
    {
        if (step is not Step.Stop stop) return null;
        if (stop.Status == 409 && stop.Error.Code == "recording-exists" && string.Equals(stop.Error.Sha256, d.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            log.LogInformation("Запис засідання {Sitting} уже є в залі (той самий SHA-256) / recording of sitting {Sitting} is already in the hall (same SHA-256)", d.SittingId, d.SittingId);
            return new UploadOutcome.AlreadyThere();
        }
        return Refuse(d, stop.Status, stop.Error);
    }

    private UploadOutcome Refuse(RecordingDescriptor d, int status, HallError e)
    {
        log.LogError("Зала відмовилася прийняти запис засідання {Sitting} / the hall refused the recording of sitting {Sitting} ({Status} {Code}): {Uk} / {En}",
            d.SittingId, d.SittingId, status, e.Code, e.Uk, e.En);
        return new UploadOutcome.Refused(status, e);
    }

    private UploadOutcome GiveUp(RecordingDescriptor d, string why)
    {
        log.LogError("Запис засідання {Sitting} не передано до зали / recording of sitting {Sitting} not uploaded: {Why}; він лишається в архіві, передайте пізніше командою join --upload / it stays in the archive; send it later with join --upload",
            d.SittingId, d.SittingId, why);
        return new UploadOutcome.GaveUp(why);
    }

    public void Dispose() => http.Dispose();
}
