using System.Diagnostics;
using System.Net.WebSockets;

namespace Session.Bench.Viewers;

/// <summary>
/// One public viewer: a raw WebSocket speaking a SignalR hub protocol's handshake (JSON or MessagePack), one
/// <c>WatchCouncil</c> invocation, then only reading. Each Tally message is timestamped (Stopwatch, CLOCK_MONOTONIC on Linux) the moment its last byte is
/// read, into this viewer's own list, so the many viewers never contend on a lock.
/// </summary>
public sealed class Viewer(int index, ViewerProtocol protocol)
{
    private readonly ClientWebSocket _socket = new();
    private readonly Lock _gate = new();
    private List<(long Seq, long At)> _tallies = new();
    private byte[]? _sampleFrame;
    private bool _handshaken;

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
        await _socket.SendAsync(protocol.Handshake, protocol.FrameType, true, cancel);
        await _socket.SendAsync(protocol.Invocation(target, council), protocol.FrameType, true, cancel);
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
                if (!_handshaken)
                {
                    // The handshake reply ({} and 0x1E) is JSON in both protocols, and may share a message with what follows.
                    _handshaken = true;
                    body = body[ViewerProtocol.HandshakeReplyLength(body)..];
                }
                foreach (var (start, length) in protocol.Split(body)) Handle(body.Slice(start, length), now, watching);
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
        if (protocol.TallySeq(part) is { } seq)
        {
            lock (_gate)
            {
                _tallies.Add((seq, now));
                // The raw floor server replays a JSON frame (the larger of the two protocols').
                if (protocol == ViewerProtocol.Json) _sampleFrame ??= [.. part, SignalRFrames.Separator];
            }
            return;
        }
        if (!Watching && protocol.Completion(part) is { } completion)
        {
            if (completion.Error) Failure = "the watch invocation failed: " + (protocol == ViewerProtocol.Json ? System.Text.Encoding.UTF8.GetString(part) : Convert.ToHexString(part[..Math.Min(part.Length, 200)]));
            else if (completion.NullResult) Failure = "the server knows no open sitting of that council";
            else { Watching = true; watching(this); }
        }
    }

    public Task PingAsync(CancellationToken cancel) =>
        _socket.State == WebSocketState.Open ? _socket.SendAsync(protocol.Ping, protocol.FrameType, true, cancel) : Task.CompletedTask;

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
}
