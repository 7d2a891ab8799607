using Session.Hardware.SeatBus;

namespace Session.SeatSimulator;

/// <summary>
/// One virtual seat unit, behaving as SEAT-BUS.md says a seat does: it numbers key events 1..255 (wrapping to 1),
/// repeats its newest event until the master acknowledges it, and a press before the ack replaces the pending one.
/// Thread-safe: presses come from scripts and timers, polls from the line thread.
/// </summary>
public sealed class SimulatedSeat(byte address)
{
    private readonly Lock _gate = new();
    private byte _evt;
    private byte _acked;
    private SeatKeys _keys;
    private byte[] _card = [];
    private Lamps _lamps;
    private bool _unplugged;
    private long _presses;
    private long _replaced;

    public byte Address { get; } = address;

    /// <summary>Raised on the line thread when a POLL changes the lamps (old, new).</summary>
    public event Action<SimulatedSeat, Lamps, Lamps>? LampsChanged;

    public Lamps Lamps { get { lock (_gate) return _lamps; } }
    public string? Text { get; private set; }
    public bool Unplugged { get { lock (_gate) return _unplugged; } }
    public string? Card { get { lock (_gate) return _card.Length == 0 ? null : Convert.ToHexString(_card); } }
    /// <summary>Presses made, counting those that replaced an unacknowledged press.</summary>
    public long Presses { get { lock (_gate) return _presses; } }
    /// <summary>Presses that replaced a pending press under the same event number.</summary>
    public long Replaced { get { lock (_gate) return _replaced; } }
    /// <summary>True when the seat's newest event has been acknowledged (or there is none).</summary>
    public bool AllAcked { get { lock (_gate) return _evt == _acked; } }
    public byte Evt { get { lock (_gate) return _evt; } }

    public void Press(SeatKey key)
    {
        lock (_gate)
        {
            _presses++;
            if (_evt != _acked) _replaced++;
            else _evt = _evt == 255 ? (byte)1 : (byte)(_evt + 1);
            _keys = key.ToKeys();
        }
    }

    public void InsertCard(byte[] uid)
    {
        if (uid.Length is not (4 or 7 or 10)) throw new ArgumentException($"a card UID has 4, 7 or 10 bytes, not {uid.Length}");
        lock (_gate) _card = uid.ToArray();
    }

    public void RemoveCard() { lock (_gate) _card = []; }

    /// <summary>Cable out: the seat stops answering.</summary>
    public void Unplug() { lock (_gate) _unplugged = true; }

    public void Plug() { lock (_gate) _unplugged = false; }

    /// <summary>A power cycle forgets events: the next press is number 1 again.</summary>
    public void PowerCycle() { lock (_gate) { _evt = 0; _acked = 0; _keys = SeatKeys.None; _lamps = Lamps.None; } }

    /// <summary>The STATUS answering a POLL, or null when unplugged.</summary>
    public StatusReply? OnPoll(PollRequest poll)
    {
        Lamps before, after;
        StatusReply reply;
        lock (_gate)
        {
            if (_unplugged) return null;
            if (poll.AckEvt == _evt) _acked = _evt;
            before = _lamps;
            _lamps = after = poll.Lamps;
            reply = new StatusReply(_evt, _keys, _card);
        }
        if (before != after) LampsChanged?.Invoke(this, before, after);
        return reply;
    }

    /// <summary>The STATUS answering a TEXT, or null when unplugged.</summary>
    public StatusReply? OnText(string text)
    {
        lock (_gate)
        {
            if (_unplugged) return null;
            Text = text;
            return new StatusReply(_evt, _keys, _card);
        }
    }
}
