namespace Session.HallServer.Hubs;

/// <summary>
/// Keeps one connection's commands for the same seat in the order they arrived while commands for different seats
/// run at once (issue 13 item 4): a seat gateway sends the presses of 64 seats on one connection, and seat 12's
/// press must not wait for seat 11's journal commit — but seat 12's "yes" then "no" must land in that order.
/// Each call waits for the previous call of its seat; the wait is taken in call order, before the first await.
/// </summary>
public sealed class SeatOrder
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Task> _tails = new();

    public async Task<T> RunAsync<T>(int seat, Func<Task<T>> command)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous;
        lock (_gate)
        {
            previous = _tails.GetValueOrDefault(seat) ?? Task.CompletedTask;
            _tails[seat] = mine.Task;
        }
        try
        {
            await previous;
            return await command();
        }
        finally
        {
            lock (_gate)
                if (_tails.GetValueOrDefault(seat) == mine.Task) _tails.Remove(seat);
            mine.SetResult();
        }
    }
}
