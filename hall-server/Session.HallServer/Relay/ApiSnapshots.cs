using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Session.HallServer.Hosting;

namespace Session.HallServer.Relay;

/// <summary>
/// The public API reads the public page makes (<c>GET /api/…</c>: sittings, votes, the agenda), answered from a
/// snapshot at most <c>Hall:PublicRelay:ApiCacheFor</c> old: ten thousand viewers opening a roll call cost the hall
/// one request a second per URL. Only anonymous GETs are forwarded — no login, cookie or token ever leaves the
/// relay — so the relay can show nothing the hall would not show anyone.
/// </summary>
public sealed class ApiSnapshots(IHttpClientFactory http, IOptions<RelayHostOptions> relay, IOptions<HallOptions> hall, TimeProvider clock)
{
    private const int MaxEntries = 2048;
    private const long MaxBodyBytes = 4 * 1024 * 1024;
    private readonly ConcurrentDictionary<string, Lazy<Task<Snapshot>>> _cache = new();

    public sealed record Snapshot(int Status, string? ContentType, byte[] Body, long TakenAt);

    public async Task ServeAsync(HttpContext context)
    {
        var pathAndQuery = context.Request.Path + context.Request.QueryString;
        var ttl = hall.Value.PublicRelay.ApiCacheFor;
        var lazy = _cache.GetOrAdd(pathAndQuery, key => new Lazy<Task<Snapshot>>(() => FetchAsync(key)));
        var snapshot = await lazy.Value;
        if (clock.GetElapsedTime(snapshot.TakenAt) > ttl)
        {
            _cache.TryRemove(new KeyValuePair<string, Lazy<Task<Snapshot>>>(pathAndQuery, lazy));
            if (_cache.Count > MaxEntries) _cache.Clear();
            lazy = _cache.GetOrAdd(pathAndQuery, key => new Lazy<Task<Snapshot>>(() => FetchAsync(key)));
            snapshot = await lazy.Value;
        }
        context.Response.StatusCode = snapshot.Status;
        if (snapshot.ContentType is not null) context.Response.ContentType = snapshot.ContentType;
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.WriteAsync(snapshot.Body);
    }

    private async Task<Snapshot> FetchAsync(string pathAndQuery)
    {
        try
        {
            using var client = http.CreateClient("hall");
            client.BaseAddress = relay.Value.HallUri;
            client.Timeout = TimeSpan.FromSeconds(10);
            using var response = await client.GetAsync(pathAndQuery.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead);
            if (response.Content.Headers.ContentLength > MaxBodyBytes) return new(StatusCodes.Status502BadGateway, null, [], clock.GetTimestamp());
            var body = await response.Content.ReadAsByteArrayAsync();
            return new((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body, clock.GetTimestamp());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // Not cached for long: the next request after the snapshot's age asks again.
            var text = System.Text.Encoding.UTF8.GetBytes(RelayErrors.HubText(RelayErrors.HallUnreachable));
            return new(StatusCodes.Status503ServiceUnavailable, "text/plain; charset=utf-8", text, clock.GetTimestamp());
        }
    }
}
