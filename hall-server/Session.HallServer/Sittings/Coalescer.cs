namespace Session.HallServer.Sittings;

/// <summary>
/// Sends the latest of a stream of values at most once per interval, and never later than one interval after
/// it was offered. Used for tallies and the chair's seat map during a vote burst: 450 presses must not become
/// 450 × 10,000 messages, while every viewer still sees each state within the interval.
/// </summary>
public sealed class Coalescer<T>(TimeSpan interval, TimeProvider clock, Func<T, Task> send) where T : class
{
    private readonly Lock _gate = new();
    private T? _latest;
    private bool _scheduled;
    private long _lastSent = long.MinValue / 2;

    public void Offer(T value)
    {
        TimeSpan wait;
        lock (_gate)
        {
            _latest = value;
            if (_scheduled) return;
            _scheduled = true;
            var since = clock.GetElapsedTime(_lastSent);
            wait = since >= interval ? TimeSpan.Zero : interval - since;
        }
        _ = Flush(wait);
    }

    private async Task Flush(TimeSpan wait)
    {
        if (wait > TimeSpan.Zero) await Task.Delay(wait, clock);
        T? value;
        lock (_gate)
        {
            value = _latest;
            _latest = null;
            _scheduled = false;
            _lastSent = clock.GetTimestamp();
        }
        if (value is not null)
        {
            try { await send(value); }
            catch (Exception) { /* a viewer's broken connection must not stop the next update */ }
        }
    }
}
