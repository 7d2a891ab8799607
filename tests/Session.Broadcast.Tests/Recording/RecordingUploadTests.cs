using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Session.Broadcast.Hall;
using Session.Broadcast.Recording;
using Session.Broadcast.Secrets;
using Session.Broadcast.Tests.Support;

namespace Session.Broadcast.Tests.Recording;

/// <summary>
/// The upload client against a stand-in for the hall's endpoint that checks the contract (the endpoint itself is built
/// on the hall's side; the end-to-end run with the real hall follows the merge). The logger here masks nothing, so a
/// key in the log would show.
/// </summary>
public sealed class RecordingUploadTests : IDisposable
{
    private const string Key = "bk_test_terminal_key_5f1c2e9a";
    private readonly string dir = Directory.CreateTempSubdirectory("session-upload-").FullName;
    private readonly StringWriter logText = new();
    private readonly ILoggerFactory logs;

    public RecordingUploadTests() =>
        logs = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new MaskedLoggerProvider(TextWriter.Synchronized(logText), new SecretMasker(), LogLevel.Debug)));

    [Fact]
    public async Task The_descriptor_goes_first_then_the_whole_video_with_the_key_and_its_length_and_a_503_is_retried()
    {
        using var hall = new RecordingReceiver(Key);
        var (folder, sha, bytes) = Recording("s-7", 3_000_000);
        hall.Script((503, null));
        using var uploader = Uploader(hall.Url);

        var outcome = await uploader.UploadAsync(folder, CancellationToken.None);

        Assert.IsType<UploadOutcome.Uploaded>(outcome);
        var r = hall.Requests;
        Assert.Equal(["/api/recordings/s-7/recording.json:503", "/api/recordings/s-7/recording.json:201", "/api/recordings/s-7/recording.mp4:201"],
            r.Select(x => $"{x.Path}:{x.Status}"));
        Assert.All(r, x => Assert.Equal($"Bearer {Key}", x.Authorization));
        Assert.All(r, x => Assert.Equal("PUT", x.Method));
        Assert.Equal(bytes, r[2].ContentLength);
        Assert.Equal(sha, r[2].BodySha256);
        Assert.Equal(sha, hall.Stored("s-7"));
        Assert.Contains("Запис засідання s-7 передано до зали / recording of sitting s-7 uploaded to the hall (3.0 MB in", logText.ToString());
        Assert.DoesNotContain(Key, logText.ToString());
    }

    [Fact]
    public async Task A_recording_the_hall_already_holds_with_the_same_hash_is_done_and_not_sent_again()
    {
        using var hall = new RecordingReceiver(Key);
        var (folder, _, _) = Recording("s-8", 200_000);
        using var uploader = Uploader(hall.Url);
        Assert.IsType<UploadOutcome.Uploaded>(await uploader.UploadAsync(folder, CancellationToken.None));

        var again = await uploader.UploadAsync(folder, CancellationToken.None);

        Assert.IsType<UploadOutcome.AlreadyThere>(again);
        Assert.Equal(3, hall.Requests.Count); // json, mp4, then only the json answered 409 recording-exists
        Assert.Equal(409, hall.Requests[^1].Status);
        Assert.Contains("уже є в залі (той самий SHA-256) / recording of sitting s-8 is already in the hall", logText.ToString());
    }

    [Fact]
    public async Task A_refusal_is_not_retried_a_429_waits_for_its_retry_after_and_failures_stop_after_the_retry_period()
    {
        using var hall = new RecordingReceiver(Key);
        var (folder, _, _) = Recording("s-9", 100_000);
        using var uploader = Uploader(hall.Url);

        hall.Script((403, null));
        var refused = Assert.IsType<UploadOutcome.Refused>(await uploader.UploadAsync(folder, CancellationToken.None));
        Assert.Equal(403, refused.Status);
        Assert.Single(hall.Requests);
        Assert.Contains("[forced] примусова відповідь / forced answer", logText.ToString());

        hall.Script((429, "1"));
        Assert.IsType<UploadOutcome.Uploaded>(await uploader.UploadAsync(folder, CancellationToken.None));
        var r = hall.Requests;
        Assert.Equal([403, 429, 201, 201], r.Select(x => x.Status));
        Assert.True(r[2].At - r[1].At >= TimeSpan.FromSeconds(0.95), $"retried {r[2].At - r[1].At} after a Retry-After of 1 s");

        // A wrong key is a 401: final, and the key is never in the log.
        using var wrong = new RecordingUploader(hall.Url, new Secret("bk_wrong_key_0000"), null, logs.CreateLogger<RecordingUploader>(), TimeProvider.System);
        Assert.Equal(401, Assert.IsType<UploadOutcome.Refused>(await wrong.UploadAsync(folder, CancellationToken.None)).Status);

        // Nobody listening: network errors are retried with backoff until the retry period ends.
        using var gone = new RecordingUploader(new Uri($"http://127.0.0.1:{Ports.Free()}/"), new Secret(Key), null, logs.CreateLogger<RecordingUploader>(), TimeProvider.System)
            { RetryFor = TimeSpan.FromSeconds(1.5), FirstBackoff = TimeSpan.FromMilliseconds(200) };
        Assert.IsType<UploadOutcome.GaveUp>(await gone.UploadAsync(folder, CancellationToken.None));
        Assert.Contains("join --upload", logText.ToString());
        Assert.DoesNotContain(Key, logText.ToString());
        Assert.DoesNotContain("bk_wrong_key_0000", logText.ToString());
    }

    private RecordingUploader Uploader(Uri hall) =>
        new(hall, new Secret(Key), null, logs.CreateLogger<RecordingUploader>(), TimeProvider.System) { FirstBackoff = TimeSpan.FromMilliseconds(100) };

    /// <summary>A recording folder as the joiner leaves it; the uploader does not look inside the video.</summary>
    private (string Folder, string Sha, long Bytes) Recording(string sittingId, int bytes)
    {
        var folder = Path.Combine(dir, sittingId);
        Directory.CreateDirectory(folder);
        var video = RandomNumberGenerator.GetBytes(bytes);
        File.WriteAllBytes(Path.Combine(folder, RecordingDescriptor.VideoFile), video);
        var sha = Convert.ToHexStringLower(SHA256.HashData(video));
        var at = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        File.WriteAllBytes(Path.Combine(folder, RecordingDescriptor.FileName), new RecordingDescriptor
        {
            SittingId = sittingId, Sha256 = sha, Bytes = bytes, DurationSeconds = 60, StartedAt = at, KeepUntil = at.AddYears(5),
            Chapters = [], Votes = [], Runs = [],
        }.ToJson());
        return (folder, sha, bytes);
    }

    public void Dispose()
    {
        logs.Dispose();
        Directory.Delete(dir, recursive: true);
    }
}
