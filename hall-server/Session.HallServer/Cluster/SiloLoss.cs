using Orleans.Runtime;

namespace Session.HallServer.Cluster;

/// <summary>
/// A call to a grain whose node left the cluster while the call was on its way (a drained node's SIGTERM, a kill) fails
/// with <see cref="SiloUnavailableException"/>; sent again, it activates the grain on a live node, which rebuilds from
/// the journal. Only for calls that are safe to repeat: reads, and commands carrying a client's commandId (a repeat
/// answers the first answer, so nothing is counted twice).
/// </summary>
public static class SiloLoss
{
    private const int Tries = 3;

    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, ILogger? log = null, string? what = null)
    {
        for (int attempt = 1; ; attempt++)
        {
            try { return await call(); }
            catch (Exception ex) when (attempt < Tries && ex is SiloUnavailableException or OrleansMessageRejectionException)
            {
                log?.LogInformation("{What} sent again ({Error}): the sitting's node left the cluster mid-call", what ?? "A call", ex.GetType().Name);
                // The membership may not have moved the grain's address yet: a short pause, then the next try.
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }
}
