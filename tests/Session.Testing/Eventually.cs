using System.Diagnostics;

namespace Session.Testing;

/// <summary>
/// Waits for a condition with a generous deadline (the machine is shared and slow); fails with a message. A condition
/// that asks the server is polled ten times a second, well under the hub's per-connection limit
/// (<c>Hall:RateLimits:HubInvocationsPerSecond</c>, 20): a poll at 40/s was refused <c>too-many-requests</c> in CI.
/// </summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit) throw new TimeoutException($"not within {limit.TotalSeconds} s: {what}");
            await Task.Delay(25);
        }
    }

    public static async Task True(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit) throw new TimeoutException($"not within {limit.TotalSeconds} s: {what}");
            await Task.Delay(100);
        }
    }
}
