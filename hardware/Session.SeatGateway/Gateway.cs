using Microsoft.Extensions.Logging;
using Session.Core.Wire;
using Session.Hardware.Polling;
using Session.Hardware.SeatBus;

namespace Session.SeatGateway;

/// <summary>
/// Turns seat events into hall-server commands and hall state into lamps. Key events become durable outbox commands
/// (<c>Cast</c> while a vote is open, <c>RequestFloor</c>/<c>WithdrawFloor</c>), cards become <c>Identify</c>/<c>Leave</c>,
/// pushed <c>Seat</c> views drive the lamps, and seats going offline/online are reported.
/// </summary>
public sealed class Gateway(Outbox outbox, ILogger logger) : IBusEventSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(int Line, byte Address), int> _seatOf = new();
    private readonly Dictionary<int, (SeatBusMaster Master, byte Address)> _busOf = new();
    private readonly Dictionary<int, string?> _cards = new();
    private readonly Dictionary<int, bool> _online = new();
    private readonly Dictionary<int, SeatView> _views = new();
    private readonly Dictionary<int, string> _texts = new();
    private string? _voteId;
    private bool _registrationOpen;

    /// <summary>Raised when a command is durable and waits to be sent.</summary>
    public event Action? CommandQueued;
    /// <summary>Raised when a seat went offline or online.</summary>
    public event Action? HealthChanged;

    public string? OpenVoteId { get { lock (_gate) return _voteId; } }

    /// <summary>Serves a line's seats through this master (again, after the line's port was reopened: lamps and texts are restored).</summary>
    public void Attach(SeatBusMaster master, IReadOnlyDictionary<byte, int> seats)
    {
        lock (_gate)
            foreach (var (address, seat) in seats)
            {
                _seatOf[(master.Line, address)] = seat;
                _busOf[seat] = (master, address);
                if (_views.TryGetValue(seat, out var view)) master.SetLamps(address, (Lamps)(byte)view.Lamps);
                if (_texts.TryGetValue(seat, out var text)) master.SetText(address, text);
            }
    }

    /// <summary>A line's port failed: all its seats are offline until they answer again.</summary>
    public void LineDown(int line)
    {
        lock (_gate)
            foreach (var ((l, _), seat) in _seatOf)
                if (l == line) _online[seat] = false;
        HealthChanged?.Invoke();
    }

    public Task AcceptKeyAsync(KeyPressed press)
    {
        int seat = SeatOf(press);
        var command = CommandFor(seat, press.Key);
        logger.LogInformation("seat {Seat} (line {Line} address {Address}) event {Evt} {Key} → {Method}", seat, press.Line, press.Address, press.Evt, press.Key.Wire(), command?.Method ?? "nothing (no vote open)");
        var kept = outbox.KeepAsync(press, press.Key.ToKeys(), command);
        if (command is not null) kept.ContinueWith(_ => CommandQueued?.Invoke(), TaskContinuationOptions.OnlyOnRanToCompletion);
        return kept;
    }

    public void OnCardChanged(CardChanged change)
    {
        int seat = SeatOf(change);
        lock (_gate) _cards[seat] = change.Card;
        logger.LogInformation("seat {Seat}: card {Card}", seat, change.Card is null ? "taken out" : "inserted");
        Queue(change.Card is null ? new OutboxCommand(NewId(), "Leave", seat) : Identify(seat, change.Card));
    }

    public void OnSeatStateChanged(SeatStateChanged change)
    {
        int seat = SeatOf(change);
        lock (_gate) _online[seat] = change.Online;
        logger.LogInformation("seat {Seat} (line {Line} address {Address}) is {State}", seat, change.Line, change.Address, change.Online ? "online" : "offline");
        HealthChanged?.Invoke();
    }

    /// <summary>A HID keypad's key: counted on press, once, with no event number to keep.</summary>
    public Task OnHidKeyAsync(int seat, SeatKey key)
    {
        if (key == SeatKey.FloorRequest)
        {
            // One Enter key on a keypad: it withdraws the request when one is already queued.
            lock (_gate) if (_views.TryGetValue(seat, out var v) && v.FloorQueued) key = SeatKey.FloorWithdraw;
        }
        var command = CommandFor(seat, key);
        logger.LogInformation("seat {Seat} keypad {Key} → {Method}", seat, key.Wire(), command?.Method ?? "nothing (no vote open)");
        return command is null ? Task.CompletedTask : Queue(command);
    }

    public Task OnHidCardAsync(int seat, string card)
    {
        lock (_gate) _cards[seat] = card;
        return Queue(Identify(seat, card));
    }

    public void OnSitting(SittingView view)
    {
        bool identifyAll;
        List<(int Seat, string Card)> cards;
        lock (_gate)
        {
            _voteId = view.Vote is { Status: "open" } v ? v.VoteId : null;
            identifyAll = view.RegistrationOpen && !_registrationOpen;
            _registrationOpen = view.RegistrationOpen;
            cards = _cards.Where(c => c.Value is not null).Select(c => (c.Key, c.Value!)).ToList();
        }
        // A card already in the reader when registration opens registers its deputy.
        if (identifyAll)
            foreach (var (seat, card) in cards) Queue(Identify(seat, card));
    }

    public void OnSeat(SeatView view)
    {
        (SeatBusMaster Master, byte Address) bus;
        lock (_gate)
        {
            _views[view.Seat] = view;
            if (!_busOf.TryGetValue(view.Seat, out bus)) return;
        }
        bus.Master.SetLamps(bus.Address, (Lamps)(byte)view.Lamps);
        // The seat's display shows who is registered there.
        var text = view.Registered ? view.DeputyName ?? "" : "";
        bool changed;
        lock (_gate) changed = !_texts.TryGetValue(view.Seat, out var shown) || shown != text;
        if (changed)
        {
            lock (_gate) _texts[view.Seat] = text;
            bus.Master.SetText(bus.Address, text);
        }
    }

    public SeatHealthReport Health()
    {
        lock (_gate)
            return new SeatHealthReport(
                _online.Where(s => s.Value).Select(s => s.Key).Order().ToArray(),
                _online.Where(s => !s.Value).Select(s => s.Key).Order().ToArray());
    }

    private OutboxCommand? CommandFor(int seat, SeatKey key)
    {
        switch (key)
        {
            case SeatKey.FloorRequest: return new OutboxCommand(NewId(), "RequestFloor", seat);
            case SeatKey.FloorWithdraw: return new OutboxCommand(NewId(), "WithdrawFloor", seat);
        }
        var vote = OpenVoteId;
        if (vote is null) return null;
        var choice = key switch { SeatKey.Yes => "yes", SeatKey.No => "no", _ => "abstain" };
        return new OutboxCommand(NewId(), "Cast", seat, VoteId: vote, Choice: choice);
    }

    private static OutboxCommand Identify(int seat, string card) => new(NewId(), "Identify", seat, Card: card);

    private Task Queue(OutboxCommand command)
    {
        var kept = outbox.KeepAsync(command);
        kept.ContinueWith(_ => CommandQueued?.Invoke(), TaskContinuationOptions.OnlyOnRanToCompletion);
        return kept;
    }

    private int SeatOf(BusEvent e)
    {
        lock (_gate)
            return _seatOf.TryGetValue((e.Line, e.Address), out var seat) ? seat
                : throw new InvalidOperationException($"line {e.Line} address {e.Address} is not mapped to a seat");
    }

    private static string NewId() => "gw-" + Guid.NewGuid().ToString("N");
}
