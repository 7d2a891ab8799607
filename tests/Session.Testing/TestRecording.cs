using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Session.Testing;

/// <summary>
/// A real small recording for the hall's recording upload (docs/api.md "Recordings"): an H.264 MP4 made by FFmpeg from
/// its test pattern, and a descriptor shaped like the broadcast's recording.json, for the demo's closed sitting.
/// </summary>
public sealed record TestRecording(string Path, byte[] Bytes, string Sha256, double DurationSeconds)
{
    public const string PastSitting = "vyshneva-45-1";

    /// <summary>Vote links of the descriptor: the demo's first two votes of the past sitting; the others opened outside the recording.</summary>
    public static readonly IReadOnlyDictionary<string, long> Offsets = new Dictionary<string, long> { ["demo-vote-1"] = 2, ["demo-vote-2"] = 4 };

    public static async Task<TestRecording> MakeAsync(string dir, int seconds = 6)
    {
        Directory.CreateDirectory(dir);
        var path = System.IO.Path.Combine(dir, "recording.mp4");
        var psi = new ProcessStartInfo("nice", ["-n", "10", "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size=320x240:rate=25:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart", path])
        { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException("ffmpeg failed: " + err);
        var bytes = await File.ReadAllBytesAsync(path);
        return new TestRecording(path, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), seconds);
    }

    /// <summary>recording.json as the broadcast writes it; <paramref name="change"/> edits it before it is sent.</summary>
    public byte[] Descriptor(string sittingId = PastSitting, Action<Dictionary<string, object?>>? change = null)
    {
        var started = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
        var d = new Dictionary<string, object?>
        {
            ["sittingId"] = sittingId,
            ["file"] = "recording.mp4",
            ["sha256"] = Sha256,
            ["bytes"] = Bytes.LongLength,
            ["durationSeconds"] = DurationSeconds,
            ["startedAt"] = started,
            ["keepUntil"] = started.AddYears(5),
            ["chapters"] = new object[]
            {
                new { itemId = (string?)null, title = "Відкриття засідання", startSeconds = 0.0, endSeconds = 1.0 },
                new { itemId = "demo-item-1", title = "Про порядок денний", startSeconds = 1.0, endSeconds = 3.5 },
                new { itemId = "demo-item-2", title = "Про бюджет --> 2027", startSeconds = 3.5, endSeconds = DurationSeconds },
            },
            ["votes"] = Enumerable.Range(1, 10).Select(n => new
            {
                voteId = $"demo-vote-{n}", number = n, itemId = $"demo-item-{n}", motion = $"Голосування {n}",
                openedAt = started.AddMinutes(n), offsetSeconds = Offsets.TryGetValue($"demo-vote-{n}", out var o) ? o : (long?)null,
            }).ToArray(),
            ["runs"] = new object[] { new { startedAt = started, durationSeconds = DurationSeconds, segments = new[] { "seg-00000.ts" } } },
        };
        change?.Invoke(d);
        return JsonSerializer.SerializeToUtf8Bytes(d);
    }

    public static async Task<HttpResponseMessage> PutAsync(HttpClient http, string path, string? key, byte[] body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await http.SendAsync(request);
    }

    /// <summary>Descriptor, then the MP4: the broadcast's two steps.</summary>
    public async Task UploadAsync(HttpClient http, string key, string sittingId = PastSitting)
    {
        (await PutAsync(http, $"/api/recordings/{sittingId}/recording.json", key, Descriptor(sittingId), "application/json")).EnsureSuccessStatusCode();
        (await PutAsync(http, $"/api/recordings/{sittingId}/recording.mp4", key, Bytes, "video/mp4")).EnsureSuccessStatusCode();
    }
}
