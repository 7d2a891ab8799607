using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Session.HallServer.Hosting;

namespace Session.HallServer.Cluster;

/// <summary>
/// A regional host's per-address REST limits (docs/security.md "Rate limits"): login attempts, remote devices' requests
/// and writes per client address, counted in Redis under the deployment's prefix (<c>…:throttle:address:KIND:ADDRESS</c>)
/// so that nginx spreading one address over N nodes does not give it N times the limit. A fixed one-minute window from
/// the address's first request (INCR, and PEXPIRE on the first), simpler than the node's token bucket for writes. Runs
/// after each node's own limiter (<see cref="RateLimits"/>), which stays on: while Redis does not answer this one
/// fails open and the node's own limits hold alone (N× per address) — the per-login and per-PIN limits, which stop
/// guessing, still fail closed. The hall appliance has only the node's own.
/// </summary>
public sealed class SharedAddressLimits(RedisFailureCounters counters, IOptions<HallOptions> options, ILogger<SharedAddressLimits> log)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private int _away;

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        foreach (var (kind, limit) in LimitsOf(http))
        {
            if (await counters.TryCountAsync($"address:{kind}:{RateLimits.AddressOf(http)}", Window) is not { } counted)
            {
                if (Interlocked.Exchange(ref _away, 1) == 0)
                    log.LogWarning("The shared per-address limits (Redis) do not answer: each node holds them alone until Redis is back");
                continue;
            }
            if (Interlocked.Exchange(ref _away, 0) == 1) log.LogInformation("The shared per-address limits (Redis) answer again");
            if (counted.Count > limit)
            {
                await RateLimits.TooMany(http, counted.Left).ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    }

    /// <summary>The same requests as the node's own limiter counts: its endpoint policy, and writes under /api.</summary>
    private IEnumerable<(string Kind, int Limit)> LimitsOf(HttpContext http)
    {
        var limits = options.Value.RateLimits;
        if (RateLimits.IsWrite(http.Request)) yield return ("write", limits.WritesPerAddressPerMinute);
        switch (http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName)
        {
            case RateLimits.LoginPolicy: yield return ("login", limits.LoginAttemptsPerAddressPerMinute); break;
            case RateLimits.RemotePolicy: yield return ("remote", limits.RemoteAttemptsPerAddressPerMinute); break;
        }
    }
}
