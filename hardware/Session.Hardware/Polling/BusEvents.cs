using Session.Hardware.SeatBus;

namespace Session.Hardware.Polling;

/// <summary>What a line's master reports: key events (each exactly once), card changes, seats going offline and online.</summary>
public abstract record BusEvent(int Line, byte Address);

/// <summary>A key press, forwarded once per (EVT, KEYS) the seat reports (SEAT-BUS.md: forward when EVT differs from the last accepted).</summary>
public sealed record KeyPressed(int Line, byte Address, byte Evt, SeatKey Key, string? Card) : BusEvent(Line, Address);

/// <summary>The card in a seat's reader changed; <c>Card</c> is the UID as hex, null when the card was taken out.</summary>
public sealed record CardChanged(int Line, byte Address, string? Card) : BusEvent(Line, Address);

/// <summary>Three missed polls in a row take a seat offline; one good reply brings it back.</summary>
public sealed record SeatStateChanged(int Line, byte Address, bool Online) : BusEvent(Line, Address);

/// <summary>Where a master delivers its events.</summary>
public interface IBusEventSink
{
    /// <summary>
    /// Takes a key press. The returned task completes when the press is safely kept (e.g. durable in the gateway's outbox);
    /// only then does the master acknowledge it to the seat with ACK_EVT. A faulted task makes the master forward it again.
    /// </summary>
    Task AcceptKeyAsync(KeyPressed press);

    void OnCardChanged(CardChanged change);

    void OnSeatStateChanged(SeatStateChanged change);
}

/// <summary>The last key event a seat reported and the master took, as kept across gateway restarts.</summary>
public readonly record struct SeatMemory(byte Evt, SeatKeys Keys);
