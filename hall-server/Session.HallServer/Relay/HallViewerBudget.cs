using Microsoft.Extensions.Options;
using Session.HallServer.Hosting;

namespace Session.HallServer.Relay;

/// <summary>
/// With the public relay on, the hall's own /hubs/public is for its hall screens, the stream overlay and the relay:
/// at most <c>Hall:PublicRelay:HallViewers</c> connections. Without the relay the hall serves the public itself, as before.
/// </summary>
public sealed class HallViewerBudget(IOptions<HallOptions> options)
{
    private int _count;

    /// <summary>Takes a place; false when the budget is spent (the caller then holds nothing to give back).</summary>
    public bool TryEnter()
    {
        var relay = options.Value.PublicRelay;
        if (!relay.Enabled) return true;
        if (Interlocked.Increment(ref _count) <= relay.HallViewers) return true;
        Interlocked.Decrement(ref _count);
        return false;
    }

    public void Leave()
    {
        if (options.Value.PublicRelay.Enabled) Interlocked.Decrement(ref _count);
    }
}
