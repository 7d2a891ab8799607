using Microsoft.AspNetCore.SignalR;

namespace Session.HallServer.Relay;

/// <summary>One push, serialized at most once per protocol (SignalR's <see cref="SerializedHubMessage"/> caches the
/// bytes per protocol) and written as the same bytes to every viewer. A caption's <c>Seq</c> is its caption number.</summary>
public sealed record RelayPush(bool IsSitting, long Seq, SerializedHubMessage Message, bool IsCaption = false);

/// <summary>
/// A viewer of the relay and its send loop. At most one push is in flight per viewer; while it is, the newest
/// sitting view, the newest tally and the newest caption line wait in one slot each, replacing older unsent ones (a
/// viewer who is slow sees fewer, later states, never a queue; a caption it missed is one the page would have shown
/// for a moment only). A write that takes longer than the send timeout drops the viewer.
/// </summary>
public sealed class Viewer(HubConnectionContext connection, TimeSpan sendTimeout, Action<Viewer> dropped)
{
    private readonly Lock _gate = new();
    private RelayPush? _sitting;
    private RelayPush? _tally;
    private RelayPush? _caption;
    private bool _sending;
    private bool _closed;

    public string ConnectionId => connection.ConnectionId;

    /// <summary>Set when the connection arrived within the relay's capacity.</summary>
    public bool Admitted { get; init; }

    public void Offer(RelayPush push)
    {
        lock (_gate)
        {
            if (_closed) return;
            if (push.IsCaption)
            {
                if (_caption is null || push.Seq >= _caption.Seq) _caption = push;
            }
            else if (push.IsSitting)
            {
                _sitting = push;
                // A tally older than the view it follows is already in the view.
                if (_tally is { } t && t.Seq <= push.Seq) _tally = null;
            }
            else if (_tally is null || push.Seq >= _tally.Seq) _tally = push;
            if (_sending) return;
            _sending = true;
        }
        _ = PumpAsync();
    }

    public void Close()
    {
        lock (_gate) { _closed = true; _sitting = _tally = _caption = null; }
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            RelayPush? next;
            lock (_gate)
            {
                next = _sitting ?? _caption ?? _tally;
                if (ReferenceEquals(next, _sitting)) _sitting = null;
                else if (ReferenceEquals(next, _caption)) _caption = null;
                else _tally = null;
                if (next is null || _closed) { _sending = false; return; }
            }
            using var timeout = new CancellationTokenSource(sendTimeout);
            try
            {
                await connection.WriteAsync(next.Message, timeout.Token);
            }
            catch (Exception)
            {
                // Slow or dead: dropped, so that nobody waits for it.
                Close();
                connection.Abort();
                dropped(this);
                lock (_gate) _sending = false;
                return;
            }
        }
    }
}
