using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Session.HallServer.Registry;

namespace Session.HallServer.Hosting;

/// <summary>
/// The REST rate limits (ASP.NET Core's rate limiter; docs/security.md "Rate limits"): login attempts per client
/// address (policy <see cref="LoginPolicy"/>), and writes under /api per client address (the global limiter). A
/// refused request is answered 429 with Retry-After and problem details; nothing behind the limiter runs.
/// Wrong passwords per account are counted apart, by <see cref="Auth.LoginThrottle"/>. On a regional host the same
/// per-address limits are also counted for all nodes together (<see cref="Cluster.SharedAddressLimits"/>).
/// </summary>
public static class RateLimits
{
    public const string LoginPolicy = "login";
    public const string RemotePolicy = "remote";

    public static IServiceCollection AddHallRateLimits(this IServiceCollection services, RateLimitOptions limits) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginPolicy, http => RateLimitPartition.GetFixedWindowLimiter(AddressOf(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limits.LoginAttemptsPerAddressPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
            }));
            o.AddPolicy(RemotePolicy, http => RateLimitPartition.GetFixedWindowLimiter(AddressOf(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limits.RemoteAttemptsPerAddressPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
            }));
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsWrite(http.Request)
                ? RateLimitPartition.GetTokenBucketLimiter(AddressOf(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.WritesPerAddressPerMinute,
                    TokensPerPeriod = Math.Max(1, limits.WritesPerAddressPerMinute / 6),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(10),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = (context, cancel) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(10);
                return new ValueTask(TooMany(context.HttpContext, retryAfter).ExecuteAsync(context.HttpContext));
            };
        });

    /// <summary>The 429 answer: Retry-After in whole seconds and problem details with the code <c>too-many-requests</c>.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooMany(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Of(new RegistryError("too-many-requests",
            $"Забагато спроб; спробуйте знову через {seconds} с", $"Too many attempts; try again in {seconds} s", null, StatusCodes.Status429TooManyRequests));
    }

    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>A change under /api; login has its own limits.</summary>
    public static bool IsWrite(HttpRequest r) =>
        !HttpMethods.IsGet(r.Method) && !HttpMethods.IsHead(r.Method) && !HttpMethods.IsOptions(r.Method)
        && r.Path.StartsWithSegments("/api") && !r.Path.StartsWithSegments("/api/auth/login") && !r.Path.StartsWithSegments("/api/remote");
}
