using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Session.Core.Wire;
using Session.HallServer.Hosting;
using Session.HallServer.Storage;

namespace Session.HallServer.Hubs;

/// <summary>
/// Hub methods per connection (a token bucket each, <c>Hall:RateLimits:HubInvocationsPerSecond</c>): one noisy
/// terminal or viewer cannot starve the others. An invocation over the limit never reaches the method: a command
/// is answered with the typed refusal <c>too-many-requests</c> (its ack, or Hello's reply); any other method
/// fails with a HubException naming the same code. A seat gateway speaks for its whole hall and gets
/// <c>GatewayMultiplier</c> times the limit.
/// </summary>
public sealed class HubRateLimit : IHubFilter, IDisposable
{
    private readonly PartitionedRateLimiter<(string Connection, int Multiplier)> _limiter;

    public HubRateLimit(IOptions<HallOptions> options)
    {
        var perSecond = options.Value.RateLimits.HubInvocationsPerSecond;
        _limiter = PartitionedRateLimiter.Create<(string Connection, int Multiplier), (string, int)>(key => RateLimitPartition.GetTokenBucketLimiter(key, k => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 2 * perSecond * k.Multiplier,
            TokensPerPeriod = perSecond * k.Multiplier,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        }));
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocation.Context;
        var multiplier = context.Items.TryGetValue(TerminalHub.TerminalItem, out var t) && t is Terminal { Kind: TerminalKinds.Gateway }
            ? invocation.ServiceProvider.GetRequiredService<IOptions<HallOptions>>().Value.RateLimits.GatewayMultiplier : 1;
        using (var lease = _limiter.AttemptAcquire((context.ConnectionId, multiplier)))
            if (!lease.IsAcquired) return Refusal(invocation);
        return await next(invocation);
    }

    private static object Refusal(HubInvocationContext invocation)
    {
        var type = invocation.HubMethod.ReturnType;
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var g && (g == typeof(Task<>) || g == typeof(ValueTask<>))) type = type.GetGenericArguments()[0];
        var e = HubErrors.TooManyRequests;
        if (type == typeof(CommandAck)) return CommandAck.Refused(CommandIdOf(invocation), e);
        if (type == typeof(HelloReply)) return new HelloReply(false, e.Code, e.Uk, null, null, [], null);
        throw new HubException($"{e.Code}: {e.En}");
    }

    /// <summary>The refused command's id, so the terminal matches the refusal to its press.</summary>
    private static string? CommandIdOf(HubInvocationContext invocation) =>
        invocation.HubMethodArguments.FirstOrDefault() is { } arg && arg.GetType().GetProperty("CommandId")?.GetValue(arg) is string id ? id : null;

    public void Dispose() => _limiter.Dispose();
}
