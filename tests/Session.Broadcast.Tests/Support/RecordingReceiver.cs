using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Session.Broadcast.Tests.Support;

/// <summary>
/// A stand-in for the hall's recording endpoint (built on the hall's side in parallel), holding to the contract strictly:
/// <c>Authorization: Bearer {key}</c> on every request, <c>PUT /api/recordings/{id}/recording.json</c> (≤ 1 MiB) before
/// <c>PUT …/recording.mp4</c>, a declared Content-Length that the body matches, the body's SHA-256 equal to the
/// descriptor's; 201 when stored, 409 <c>recording-exists</c> (with the stored sha256) when it already holds it.
/// Errors carry a code and Ukrainian/English messages. <see cref="Script"/> forces answers to the next requests.
/// </summary>
public sealed class RecordingReceiver : IDisposable
{
    public sealed record Request(string Method, string Path, string? Authorization, long? ContentLength, long BodyBytes, string? BodySha256, int Status, TimeSpan At);

    private readonly HttpListener listener = new();
    private readonly List<Request> requests = [];
    private readonly Queue<(int Status, string? RetryAfter)> script = new();
    private readonly Dictionary<string, byte[]> descriptors = [];
    private readonly Dictionary<string, string> stored = [];
    private readonly string key;
    private readonly Task serving;
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();

    public Uri Url { get; }

    public RecordingReceiver(string key)
    {
        this.key = key;
        int port = Ports.Free();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        Url = new Uri($"http://127.0.0.1:{port}/");
        serving = Task.Run(ServeAsync);
    }

    public IReadOnlyList<Request> Requests { get { lock (requests) return requests.ToList(); } }

    /// <summary>The SHA-256 of the video stored for a sitting, if any.</summary>
    public string? Stored(string sittingId) { lock (requests) return stored.GetValueOrDefault(sittingId); }

    /// <summary>The next requests are answered with these statuses (and <c>Retry-After</c>) instead, after their bodies are read.</summary>
    public void Script(params (int Status, string? RetryAfter)[] answers) { lock (requests) foreach (var a in answers) script.Enqueue(a); }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try { await HandleAsync(context); }
            catch (Exception e) when (e is HttpListenerException or IOException) { }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var req = context.Request;
        // Read and hash the body as it streams in; the size counts what really arrived.
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long bytes = 0;
        using var kept = new MemoryStream();
        int n;
        while ((n = await req.InputStream.ReadAsync(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, n);
            bytes += n;
            if (kept.Length < (1 << 20) + 1) kept.Write(buffer, 0, n);
        }
        var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        var (status, body, retryAfter) = Decide(req, kept.ToArray(), bytes, hash);
        lock (requests)
        {
            if (script.TryDequeue(out var forced))
            {
                (status, retryAfter) = forced;
                body = Error("forced", "примусова відповідь", "forced answer");
            }
            requests.Add(new Request(req.HttpMethod, req.Url!.AbsolutePath, req.Headers["Authorization"], req.ContentLength64 >= 0 && req.Headers["Content-Length"] is not null ? req.ContentLength64 : null,
                bytes, hash, status, clock.Elapsed));
            if (status is 200 or 201 && req.Url.AbsolutePath.EndsWith("/recording.mp4", StringComparison.Ordinal)) stored[SittingOf(req)] = hash;
            if (status is 200 or 201 && req.Url.AbsolutePath.EndsWith("/recording.json", StringComparison.Ordinal)) descriptors[SittingOf(req)] = kept.ToArray();
        }
        context.Response.StatusCode = status;
        if (retryAfter is not null) context.Response.Headers["Retry-After"] = retryAfter;
        context.Response.ContentType = "application/json";
        var answer = Encoding.UTF8.GetBytes(body);
        await context.Response.OutputStream.WriteAsync(answer);
        context.Response.Close();
    }

    private static string SittingOf(HttpListenerRequest req) => req.Url!.Segments[^2].TrimEnd('/');

    private (int Status, string Body, string? RetryAfter) Decide(HttpListenerRequest req, byte[] body, long bytes, string hash)
    {
        if (req.Headers["Authorization"] != $"Bearer {key}") return (401, Error("unauthorized", "невідомий ключ термінала", "unknown terminal key"), null);
        if (req.HttpMethod != "PUT" || req.Url!.Segments is not ["/", "api/", "recordings/", _, var file]) return (404, Error("not-found", "немає такого", "no such thing"), null);
        if (req.Headers["Content-Length"] is null || req.ContentLength64 != bytes) return (411, Error("length-required", "потрібна довжина", "Content-Length required and must match"), null);
        var id = SittingOf(req);
        lock (requests)
        {
            if (stored.TryGetValue(id, out var existing))
                return (409, JsonSerializer.Serialize(new { code = "recording-exists", uk = "запис уже є", en = "the recording exists", sha256 = existing }), null);
            if (file == "recording.json")
            {
                if (bytes > 1 << 20) return (413, Error("descriptor-too-large", "завеликий", "too large"), null);
                return (201, "{}", null);
            }
            if (!descriptors.TryGetValue(id, out var descriptor)) return (409, Error("descriptor-first", "спершу recording.json", "recording.json first"), null);
            using var doc = JsonDocument.Parse(descriptor);
            if (doc.RootElement.GetProperty("sha256").GetString() != hash || doc.RootElement.GetProperty("bytes").GetInt64() != bytes)
                return (422, Error("hash-mismatch", "хеш не збігається", "hash mismatch"), null);
            return (201, "{}", null);
        }
    }

    private static string Error(string code, string uk, string en) => JsonSerializer.Serialize(new { code, uk, en });

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try { serving.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
