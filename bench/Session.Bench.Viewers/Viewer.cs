using System.Diagnostics;
using System.Net.WebSockets;

namespace Session.Bench.Viewers;

/// <summary>
/// One public viewer: a raw WebSocket speaking the SignalR JSON handshake, one <c>WatchCouncil</c> invocation, then
/// only reading. Each Tally message is timestamped (Stopwatch, CLOCK_MONOTONIC on Linux) the moment its last byte is
/// read, into this viewer's own list, so the many viewers never contend on a lock.
/// </summary>
public sealed class Viewer(int index)
{
    private readonly ClientWebSocket _socket = new();
    private readonly Lock _gate = new();
    private List<(long Seq, long At)> _tallies = new();
    private byte[]? _sampleFrame;

    public int Index { get; } = index;
    public long Frames;
    public long Bytes;
    public bool Watching { get; private set; }
    public string? Failure { get; private set; }

    public async Task ConnectAsync(Uri url, string target, string council, CancellationToken cancel)
    {
        _socket.Options.KeepAliveInterval = TimeSpan.Zero; // SignalR's own ping below keeps the link alive
        _socket.Options.SetBuffer(4096, 1024);
        await _socket.ConnectAsync(url, cancel);
        await _socket.SendAsync(SignalRFrames.Handshake, WebSocketMessageType.Text, true, cancel);
        await _socket.SendAsync(SignalRFrames.Invocation(target, council), WebSocketMessageType.Text, true, cancel);
    }

    /// <summary>Reads until the socket closes: the handshake reply, the invocation's completion, then pushes.</summary>
    public async Task ReadAsync(Action<Viewer> watching, CancellationToken cancel)
    {
        var buffer = new byte[16 * 1024];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var r = await _socket.ReceiveAsync(buffer.AsMemory(), cancel);
                if (r.MessageType == WebSocketMessageType.Close) break;
                if (!r.EndOfMessage || message.Length > 0)
                {
                    message.Write(buffer, 0, r.Count);
                    if (!r.EndOfMessage) continue;
                }
                var now = Stopwatch.GetTimestamp();
                var body = message.Length > 0 ? message.GetBuffer().AsSpan(0, (int)message.Length) : buffer.AsSpan(0, r.Count);
                Frames++;
                Bytes += body.Length;
                foreach (var part in new SeparatedMessages(body)) Handle(part, now, watching);
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            if (!cancel.IsCancellationRequested) Failure = e.Message;
        }
        if (!cancel.IsCancellationRequested && Failure is null) Failure = "closed by the server: " + _socket.CloseStatusDescription;
    }

    private void Handle(ReadOnlySpan<byte> part, long now, Action<Viewer> watching)
    {
        if (part.Length == 0) return;
        if (SignalRFrames.TallySeq(part) is { } seq)
        {
            lock (_gate)
            {
                _tallies.Add((seq, now));
                _sampleFrame ??= [.. part, SignalRFrames.Separator];
            }
            return;
        }
        if (!Watching && SignalRFrames.IsCompletion(part))
        {
            if (SignalRFrames.IsErrorCompletion(part)) Failure = "the watch invocation failed: " + System.Text.Encoding.UTF8.GetString(part);
            else if (SignalRFrames.IsNullResult(part)) Failure = "the server knows no open sitting of that council";
            else { Watching = true; watching(this); }
        }
    }

    public Task PingAsync(CancellationToken cancel) =>
        _socket.State == WebSocketState.Open ? _socket.SendAsync(SignalRFrames.Ping, WebSocketMessageType.Text, true, cancel) : Task.CompletedTask;

    /// <summary>Hands over what was recorded since the last call, and starts a new list.</summary>
    public List<(long Seq, long At)> TakeTallies()
    {
        lock (_gate)
        {
            var taken = _tallies;
            _tallies = new();
            return taken;
        }
    }

    public byte[]? SampleFrame { get { lock (_gate) return _sampleFrame; } }

    public void Abort() => _socket.Abort();

    private ref struct SeparatedMessages(ReadOnlySpan<byte> body)
    {
        private ReadOnlySpan<byte> _rest = body;
        public ReadOnlySpan<byte> Current { get; private set; }
        public readonly SeparatedMessages GetEnumerator() => this;
        public bool MoveNext()
        {
            if (_rest.IsEmpty) return false;
            var end = _rest.IndexOf(SignalRFrames.Separator);
            if (end < 0) { Current = _rest; _rest = default; return true; }
            Current = _rest[..end];
            _rest = _rest[(end + 1)..];
            return true;
        }
    }
}
