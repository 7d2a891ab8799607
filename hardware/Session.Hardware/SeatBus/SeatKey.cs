namespace Session.Hardware.SeatBus;

/// <summary>One key event of a seat, from the Seat Bus or a HID keypad.</summary>
public enum SeatKey
{
    Yes,
    No,
    Abstain,
    FloorRequest,
    FloorWithdraw,
}

public static class SeatKeyNames
{
    /// <summary>The names of ARCHITECTURE.md's hall check: yes, no, abstain, floor-request, floor-withdraw.</summary>
    public static string Wire(this SeatKey key) => key switch
    {
        SeatKey.Yes => "yes",
        SeatKey.No => "no",
        SeatKey.Abstain => "abstain",
        SeatKey.FloorRequest => "floor-request",
        SeatKey.FloorWithdraw => "floor-withdraw",
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    /// <summary>The key of a KEYS byte, or null when it is not exactly one known bit (such an event is never acted on).</summary>
    public static SeatKey? FromKeys(SeatKeys keys) => keys switch
    {
        SeatKeys.Yes => SeatKey.Yes,
        SeatKeys.No => SeatKey.No,
        SeatKeys.Abstain => SeatKey.Abstain,
        SeatKeys.FloorRequest => SeatKey.FloorRequest,
        SeatKeys.FloorWithdraw => SeatKey.FloorWithdraw,
        _ => null,
    };

    public static SeatKeys ToKeys(this SeatKey key) => key switch
    {
        SeatKey.Yes => SeatKeys.Yes,
        SeatKey.No => SeatKeys.No,
        SeatKey.Abstain => SeatKeys.Abstain,
        SeatKey.FloorRequest => SeatKeys.FloorRequest,
        SeatKey.FloorWithdraw => SeatKeys.FloorWithdraw,
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };
}
