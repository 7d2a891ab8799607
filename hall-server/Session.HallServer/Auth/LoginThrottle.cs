using Microsoft.Extensions.Options;
using Session.HallServer.Hosting;
using Session.HallServer.Registry;

namespace Session.HallServer.Auth;

/// <summary>
/// Wrong passwords (and second factors) per login, from any address and on a regional host through any node
/// (<see cref="FailureWindow"/> over <see cref="IFailureCounters"/>): after <c>Hall:RateLimits:LoginFailuresPerAccount</c>
/// failures within <c>LoginWindow</c> the login is held for <c>LoginWindow</c> — every attempt, right or wrong, is
/// answered 429 — then the right password works again. Nobody is locked out for good, and a held login is answered the
/// same whether or not the account exists. When the counters cannot be reached, logins are refused
/// (<see cref="Unavailable"/>, 503) rather than let through uncounted.
/// </summary>
public sealed class LoginThrottle(IFailureCounters counters, IOptions<HallOptions> options)
{
    public static readonly RegistryError Unavailable = new("throttle-unavailable",
        "Вхід тимчасово неможливий: спільний лічильник невдалих спроб (Redis) не відповідає, а без нього вхід не дозволено; повторіть за хвилину",
        "Logging in is not possible right now: the shared counter of failed attempts (Redis) does not answer, and logins are refused without it; try again in a minute",
        null, StatusCodes.Status503ServiceUnavailable);

    private readonly FailureWindow _failures = new(counters, "login",
        options.Value.RateLimits.LoginFailuresPerAccount, options.Value.RateLimits.LoginWindow, options.Value.RateLimits.LoginWindow);

    /// <summary>How long the login is still held, or null when it may try.</summary>
    public Task<TimeSpan?> HeldAsync(string login) => Guard(() => _failures.HeldAsync(Key(login)));

    public Task FailedAsync(string login) => Guard(() => _failures.FailAsync(Key(login)));

    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try { return await call(); }
        catch (ThrottleUnavailableException) { throw new RegistryException(Unavailable); }
    }

    private static string Key(string login) => login.Trim().ToLowerInvariant();
}
