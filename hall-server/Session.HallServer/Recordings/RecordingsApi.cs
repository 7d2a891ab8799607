using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Session.HallServer.Auth;
using Session.HallServer.Hosting;
using Session.HallServer.Publishing;
using Session.HallServer.Registry;
using Session.HallServer.Storage;

namespace Session.HallServer.Recordings;

/// <summary>What the hall holds of a sitting's recording after an upload.</summary>
public sealed record RecordingReply(string SittingId, string State, string Sha256, long Bytes, string? Url);

/// <summary>
/// The broadcast uploads a closed sitting's joined recording (issue 14 item 4; docs/api.md "Recordings"): first the
/// descriptor, then the MP4, each under the broadcast terminal's key. An accepted recording never changes silently:
/// the same file again is acknowledged, another one refused. On acceptance the sitting's final open data is
/// published again with <c>recording.json</c> in it, so the recording's hash is in the signed record.
/// </summary>
public static class RecordingsApi
{
    public const string Accepted = "accepted";
    public const string Pending = "pending";

    public static void MapRecordingsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/recordings/{sittingId}").WithRegistryErrors();

        group.MapPut("/recording.json", async Task<Results<Ok<RecordingReply>, Created<RecordingReply>, ProblemHttpResult>> (string sittingId, HttpContext http, HallDirectory directory, IDbContextFactory<RegistryDb> db,
            RecordingStore store, AccountAudit audit, IOptions<HallOptions> options, ILoggerFactory logs) =>
        {
            var log = logs.CreateLogger(typeof(RecordingsApi));
            var (terminal, refused) = await CallerAsync(http, sittingId, directory, db, log);
            if (refused is not null) return Problems.Of(refused);
            if (http.Request.ContentLength > RecordingDescriptor.MaxJsonBytes) return Problems.Of(RecordingErrors.DescriptorTooLarge);
            var body = await ReadBoundedAsync(http.Request.Body, RecordingDescriptor.MaxJsonBytes, http.RequestAborted);
            if (body is null) return Problems.Of(RecordingErrors.DescriptorTooLarge);
            var descriptor = RecordingDescriptor.Parse(body, out var problem);
            if (descriptor is null) return Problems.Of(RecordingErrors.DescriptorUnreadable(problem ?? "?"));
            if (descriptor.Problem(sittingId, options.Value.Recordings.MaxBytes) is { } invalid) return Problems.Of(invalid);

            // Not while its MP4 is being received: that upload is checked against the descriptor it started with.
            var gate = store.Gate(sittingId);
            if (!await gate.WaitAsync(0)) return Problems.Of(RecordingErrors.Busy);
            bool replaced;
            try
            {
                if (store.Accepted(sittingId) is { } accepted)
                {
                    if (accepted.Sha256 != descriptor.Sha256) return Problems.Of(RecordingErrors.Exists);
                    return TypedResults.Ok(new RecordingReply(sittingId, Accepted, accepted.Sha256!, accepted.Bytes, PublicPath(sittingId)));
                }
                replaced = store.SavePending(sittingId, descriptor);
            }
            finally
            {
                gate.Release();
            }
            await audit.RecordAsync(terminal!.CouncilId, ActorOf(http, terminal), "recording.describe", sittingId,
                new { sha256 = descriptor.Sha256, bytes = descriptor.Bytes, chapters = descriptor.Chapters!.Count, votes = descriptor.Votes!.Count });
            log.LogInformation("Recording of sitting {SittingId} described by terminal {TerminalId}: {Bytes} bytes, SHA-256 {Sha256}",
                sittingId, terminal.Id, descriptor.Bytes, descriptor.Sha256);
            var reply = new RecordingReply(sittingId, Pending, descriptor.Sha256!, descriptor.Bytes, null);
            if (replaced) return TypedResults.Ok(reply);
            return TypedResults.Created($"/api/recordings/{sittingId}/recording.json", reply);
        }).WithName("DescribeRecording");

        group.MapPut("/recording.mp4", async Task<Results<Ok<RecordingReply>, Created<RecordingReply>, ProblemHttpResult>> (string sittingId, HttpContext http, HallDirectory directory, IDbContextFactory<RegistryDb> db,
            RecordingStore store, AccountAudit audit, OpenDataPublisher publisher, IOptions<HallOptions> options, ILoggerFactory logs) =>
        {
            var log = logs.CreateLogger(typeof(RecordingsApi));
            var (terminal, refused) = await CallerAsync(http, sittingId, directory, db, log);
            if (refused is not null) return Problems.Of(refused);
            var gate = store.Gate(sittingId);
            if (!await gate.WaitAsync(0)) return Problems.Of(RecordingErrors.Busy);
            try
            {
                var accepted = store.Accepted(sittingId);
                var expected = accepted ?? store.Pending(sittingId);
                if (expected is null) return Problems.Of(RecordingErrors.DescriptorMissing);
                if (http.Request.ContentLength is not { } length) return Problems.Of(RecordingErrors.LengthRequired);
                if (length != expected.Bytes)
                    return Problems.Of(accepted is not null ? RecordingErrors.Exists : RecordingErrors.LengthMismatch(length, expected.Bytes));
                // Streamed, never buffered: Kestrel's body limit is lifted for this request only, to the descriptor's length.
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = expected.Bytes;

                if (accepted is not null && File.Exists(store.VideoPath(sittingId)))
                {
                    // The same file again (a retry after a lost answer) is acknowledged; another one is never taken.
                    var again = await RecordingStore.HashAsync(http.Request.Body, accepted.Bytes, http.RequestAborted);
                    if (again is not { } a || a.Bytes != accepted.Bytes || a.Sha256 != accepted.Sha256) return Problems.Of(RecordingErrors.Exists);
                    // A retry after a lost answer: if the signed set does not carry the recording yet, publish it (again).
                    if (!Published(options.Value, store, sittingId)) publisher.Enqueue(sittingId);
                    return TypedResults.Ok(new RecordingReply(sittingId, Accepted, accepted.Sha256!, accepted.Bytes, PublicPath(sittingId)));
                }
                // From here: the first upload, or the accepted recording's video again after a restore (the same file only).
                if (store.FreeBytes() is { } free && free < expected.Bytes) return Problems.Of(Problems.StorageFailed);

                var outcome = await store.ReceiveAsync(sittingId, expected, http.Request.Body, http.RequestAborted);
                var actor = ActorOf(http, terminal!);
                switch (outcome)
                {
                    case ReceiveOutcome.Incomplete:
                        log.LogWarning("Recording of sitting {SittingId}: the upload broke off; nothing kept", sittingId);
                        return Problems.Of(RecordingErrors.Incomplete);
                    case ReceiveOutcome.Mismatch:
                        log.LogWarning("Recording of sitting {SittingId} refused: the file does not match its descriptor (SHA-256 {Sha256}, {Bytes} bytes)",
                            sittingId, expected.Sha256, expected.Bytes);
                        await audit.RecordAsync(terminal!.CouncilId, actor, "recording.refuse", sittingId, new { reason = RecordingErrors.HashMismatch.Code, sha256 = expected.Sha256 });
                        return Problems.Of(accepted is not null ? RecordingErrors.Exists : RecordingErrors.HashMismatch);
                }
                await audit.RecordAsync(terminal!.CouncilId, actor, "recording.accept", sittingId, new { sha256 = expected.Sha256, bytes = expected.Bytes });
                log.LogInformation("Recording of sitting {SittingId} accepted: {Bytes} bytes, SHA-256 {Sha256}; publishing the sitting's set again",
                    sittingId, expected.Bytes, expected.Sha256);
                // The signed set gains recording.json (with the hash) and Popolo's per-vote links.
                publisher.Enqueue(sittingId);
                return TypedResults.Created(PublicPath(sittingId), new RecordingReply(sittingId, Accepted, expected.Sha256!, expected.Bytes, PublicPath(sittingId)));
            }
            finally
            {
                gate.Release();
            }
        }).WithName("UploadRecording");
    }

    /// <summary>Whether the sitting's published set already holds the accepted descriptor, byte for byte.</summary>
    private static bool Published(HallOptions hall, RecordingStore store, string sittingId)
    {
        var path = Path.Combine(hall.OpenDataDir, sittingId, Session.Publishing.SittingPublisher.RecordingFile);
        return File.Exists(path) && store.AcceptedBytes(sittingId) is { } accepted && File.ReadAllBytes(path).AsSpan().SequenceEqual(accepted);
    }

    public static string PublicPath(string sittingId) => $"/recordings/{Uri.EscapeDataString(sittingId)}/{RecordingDescriptor.VideoFile}";

    /// <summary>
    /// The caller must be a broadcast terminal (by its key, as TerminalHub's Hello looks it up) of the sitting's council,
    /// and the sitting closed. The key is never logged, only its mask.
    /// </summary>
    private static async Task<(Terminal?, RegistryError?)> CallerAsync(HttpContext http, string sittingId, HallDirectory directory,
        IDbContextFactory<RegistryDb> db, ILogger log)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        if (key.Length == 0) return (null, RecordingErrors.KeyRequired);
        var terminal = key.Length <= 200 ? await directory.TerminalByKeyAsync(key) : null;
        if (terminal is null)
        {
            log.LogWarning("Recording upload with an unknown terminal key {Key} from {Address}", Secrets.Mask(key), http.Connection.RemoteIpAddress);
            return (null, RecordingErrors.KeyUnknown);
        }
        if (terminal.Kind != TerminalKinds.Broadcast) return (terminal, RecordingErrors.NotBroadcast);
        if (!RecordingStore.IsSafe(sittingId)) return (terminal, RecordingErrors.NoSitting(sittingId.Length > 64 ? sittingId[..64] + "…" : sittingId));
        await using var ctx = await db.CreateDbContextAsync(http.RequestAborted);
        var sitting = await ctx.Sittings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sittingId, http.RequestAborted);
        if (sitting is null) return (terminal, RecordingErrors.NoSitting(sittingId));
        if (sitting.CouncilId != terminal.CouncilId) return (terminal, RecordingErrors.OtherCouncil);
        if (sitting.Status != SittingStatus.Closed) return (terminal, RecordingErrors.SittingNotClosed);
        return (terminal, null);
    }

    private static Actor ActorOf(HttpContext http, Terminal terminal) => RegistryAccess.ActorOf(http) with { Login = "terminal:" + terminal.Id };

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = await body.ReadAsync(buffer, ct)) > 0)
        {
            if (ms.Length + n > limit) return null;
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }
}
