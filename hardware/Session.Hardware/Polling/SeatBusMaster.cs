using System.Diagnostics;
using System.IO.Pipelines;
using Session.Hardware.SeatBus;

namespace Session.Hardware.Polling;

/// <summary>
/// The only master of one Seat Bus line (SEAT-BUS.md): polls every seat in turn with its lamps and the last accepted
/// event, waits for the STATUS at most the reply timeout, drops late replies by SEQ, takes a seat offline after three misses,
/// and forwards each key event exactly once. Writes go to a <see cref="Stream"/>, replies are read from a <see cref="PipeReader"/>.
/// </summary>
public sealed class SeatBusMaster
{
    private readonly SeatBusLineOptions _options;
    private readonly Stream _output;
    private readonly PipeReader _input;
    private readonly IBusEventSink _sink;
    private readonly FrameParser _parser = new();
    private readonly SeatSlot[] _slots;
    private readonly Dictionary<byte, SeatSlot> _byAddress;
    private readonly byte[] _tx = new byte[Frame.Overhead + Frame.MaxPayload];
    private readonly long _timeoutTicks;
    private byte _seq;

    public SeatBusMaster(SeatBusLineOptions options, Stream output, PipeReader input, IBusEventSink sink)
    {
        options.Validate();
        _options = options;
        _output = output;
        _input = input;
        _sink = sink;
        _slots = options.Addresses.Select(a => new SeatSlot(a, options.Known.TryGetValue(a, out var m) ? m : null)).ToArray();
        _byAddress = _slots.ToDictionary(s => s.Address);
        _timeoutTicks = (long)(options.EffectiveReplyTimeout.TotalSeconds * Stopwatch.Frequency);
    }

    public int Line => _options.Line;

    /// <summary>Raised after every full pass over the line's seats, with its duration.</summary>
    public event Action<TimeSpan>? CycleCompleted;

    /// <summary>Bytes on the line that were not part of any frame.</summary>
    public long NoiseBytes => _parser.NoiseBytes;

    /// <summary>The lamps the next POLL to this seat carries (the hall-server's <c>SeatView.lamps</c>).</summary>
    public void SetLamps(byte address, Lamps lamps)
    {
        if (_byAddress.TryGetValue(address, out var slot)) Volatile.Write(ref slot.Lamps, (byte)lamps);
    }

    /// <summary>Text for the seat's display (SEAT-BUS.md TEXT), sent in place of the seat's next POLL; cut to 32 UTF-8 bytes.</summary>
    public void SetText(byte address, string text)
    {
        if (_byAddress.TryGetValue(address, out var slot)) Volatile.Write(ref slot.PendingText, TextRequest.Fit(text));
    }

    public IReadOnlyList<SeatCounters> Counters() =>
        _slots.Select(s => new SeatCounters(_options.Line, s.Address, s.Online, Interlocked.Read(ref s.Polls), Interlocked.Read(ref s.Replies),
            Interlocked.Read(ref s.Timeouts), Interlocked.Read(ref s.Corrupt), Interlocked.Read(ref s.Late),
            Interlocked.Read(ref s.BadStatus), Interlocked.Read(ref s.Events))).ToArray();

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            long start = Stopwatch.GetTimestamp();
            foreach (var slot in _slots)
            {
                ct.ThrowIfCancellationRequested();
                await PollAsync(slot, ct).ConfigureAwait(false);
            }
            CycleCompleted?.Invoke(Stopwatch.GetElapsedTime(start));
        }
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>One POLL and its STATUS (or its absence).</summary>
    private async Task PollAsync(SeatSlot slot, CancellationToken ct)
    {
        byte seq = _seq++;
        var text = Interlocked.Exchange(ref slot.PendingText, null);
        var request = text is null
            ? new PollRequest((Lamps)Volatile.Read(ref slot.Lamps), slot.AckToSend()).ToFrame(slot.Address, seq)
            : TextRequest.ToFrame(slot.Address, seq, text);
        int n = request.Encode(_tx);
        // A synchronous write: a tty takes 9 bytes into its kernel buffer at once, while FileStream.WriteAsync on a
        // non-seekable file would hop to the thread pool for every poll (bench/results/hardware.md).
        _output.Write(_tx, 0, n);
        _output.Flush();
        Interlocked.Increment(ref slot.Polls);
        long corruptBefore = _parser.CorruptFrames;
        var reply = await ReceiveAsync(slot, seq, Stopwatch.GetTimestamp() + _timeoutTicks, ct).ConfigureAwait(false);
        Interlocked.Add(ref slot.Corrupt, _parser.CorruptFrames - corruptBefore);

        StatusReply? status = null;
        if (reply is not null && !StatusReply.TryParse(reply, out status, out _))
        {
            Interlocked.Increment(ref slot.BadStatus);
            status = null;
        }
        if (status is null)
        {
            if (text is not null) Interlocked.CompareExchange(ref slot.PendingText, text, null); // try the text again
            Interlocked.Increment(ref slot.Timeouts);
            if (++slot.Misses >= _options.MissesForOffline && slot.Online != false)
            {
                slot.Online = false;
                _sink.OnSeatStateChanged(new SeatStateChanged(_options.Line, slot.Address, false));
            }
            return;
        }
        Interlocked.Increment(ref slot.Replies);
        slot.Misses = 0;
        if (slot.Online != true)
        {
            slot.Online = true;
            _sink.OnSeatStateChanged(new SeatStateChanged(_options.Line, slot.Address, true));
        }
        var card = status.CardHex;
        if (card != slot.Card)
        {
            slot.Card = card;
            _sink.OnCardChanged(new CardChanged(_options.Line, slot.Address, card));
        }
        TakeEvent(slot, status);
    }

    private void TakeEvent(SeatSlot slot, StatusReply status)
    {
        var seen = new SeatMemory(status.Evt, status.Keys);
        if (status.Evt == 0)
        {
            // The seat powered up and has no event yet: its next press is number 1 again.
            slot.Forget();
            return;
        }
        if (slot.Forwarded is null)
        {
            // Nothing known of this seat (first install): its pending event may be from long ago; adopt it, never act on it.
            slot.Adopt(seen);
            return;
        }
        if (slot.Forwarded == seen) return;
        // SEAT-BUS.md: a new number is a new press; the same number with other keys replaced a press we had not acked yet.
        slot.Forwarded = seen;
        var key = SeatKeyNames.FromKeys(status.Keys);
        if (key is null)
        {
            Interlocked.Increment(ref slot.BadStatus);
            slot.Adopt(seen);
            return;
        }
        Interlocked.Increment(ref slot.Events);
        Task kept;
        try { kept = _sink.AcceptKeyAsync(new KeyPressed(_options.Line, slot.Address, status.Evt, key.Value, status.CardHex)); }
        catch (Exception e) { kept = Task.FromException(e); }
        slot.Pending = (status.Evt, kept);
    }

    private async Task<Frame?> ReceiveAsync(SeatSlot slot, byte seq, long deadline, CancellationToken ct)
    {
        while (true)
        {
            while (_parser.TryRead(out var frame))
                if (Matches(slot, seq, frame)) return frame;
            long remaining = deadline - Stopwatch.GetTimestamp();
            if (remaining <= 0) break;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            // .NET timers tick on a coarse clock (up to 4 ms on Linux) and may fire early: arm at least 1 ms and let the
            // Stopwatch above decide whether the deadline has really passed.
            timeout.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency))));
            ReadResult read;
            try
            {
                read = await _input.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                continue;
            }
            foreach (var segment in read.Buffer) _parser.Feed(segment.Span);
            _input.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted && read.Buffer.IsEmpty) throw new IOException($"Seat Bus line {_options.Line} was closed");
        }
        while (_parser.TryReadAfterSilence(out var frame))
            if (Matches(slot, seq, frame)) return frame;
        return null;
    }

    private bool Matches(SeatSlot slot, byte seq, Frame frame)
    {
        if (!frame.IsReply) return false; // our own POLL echoed by a transceiver, or another master's traffic
        if (frame.Address == slot.Address && frame.Seq == seq) return true;
        if (_byAddress.TryGetValue(frame.Address, out var other)) Interlocked.Increment(ref other.Late);
        return false;
    }

    /// <summary>The master's view of one seat; touched only by the polling loop, except lamps and counters.</summary>
    private sealed class SeatSlot
    {
        public readonly byte Address;
        public byte Lamps;
        public string? PendingText;
        public long Polls, Replies, Timeouts, Corrupt, Late, BadStatus, Events;
        internal int Misses;
        internal bool? Online;
        internal string? Card;
        internal SeatMemory? Forwarded;
        internal byte Acked;
        internal (byte Evt, Task Kept)? Pending;

        internal SeatSlot(byte address, SeatMemory? known)
        {
            Address = address;
            Forwarded = known;
            Acked = known?.Evt ?? 0;
        }

        internal void Forget()
        {
            Forwarded = new SeatMemory(0, SeatKeys.None);
            Acked = 0;
            Pending = null;
        }

        internal void Adopt(SeatMemory seen)
        {
            Forwarded = seen;
            Acked = seen.Evt;
            Pending = null;
        }

        /// <summary>ACK_EVT: the newest event the sink has kept; a press the sink failed to keep is forwarded again.</summary>
        internal byte AckToSend()
        {
            if (Pending is { } p)
            {
                if (p.Kept.IsCompletedSuccessfully)
                {
                    Acked = p.Evt;
                    Pending = null;
                }
                else if (p.Kept.IsFaulted || p.Kept.IsCanceled)
                {
                    Forwarded = new SeatMemory(Acked, SeatKeys.None);
                    Pending = null;
                }
            }
            return Acked;
        }
    }
}
