using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Session.HallServer.Hosting;

namespace Session.HallServer.Auth;

/// <summary>
/// Wrong passwords per login, from any address (System.Threading.RateLimiting, a fixed window per login): after
/// <c>Hall:RateLimits:LoginFailuresPerAccount</c> failures the login is held — every attempt, right or wrong, is
/// answered 429 — until its window ends; then the right password works again. Nobody is locked out for good, and a
/// held login is answered the same whether or not the account exists.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    public LoginThrottle(IOptions<HallOptions> options)
    {
        var limits = options.Value.RateLimits;
        _failures = PartitionedRateLimiter.Create<string, string>(login => RateLimitPartition.GetFixedWindowLimiter(login, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.LoginFailuresPerAccount, Window = limits.LoginWindow, QueueLimit = 0,
        }));
    }

    /// <summary>How long the login is still held, or null when it may try.</summary>
    public TimeSpan? Held(string login)
    {
        using var probe = _failures.AttemptAcquire(Key(login), 0);
        if (probe.IsAcquired) return null;
        return probe.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
    }

    public void Failed(string login)
    {
        using var _ = _failures.AttemptAcquire(Key(login), 1);
    }

    private static string Key(string login) => login.Trim().ToLowerInvariant();

    public void Dispose() => _failures.Dispose();
}
