using Session.Hardware.SeatBus;

namespace Session.Hardware.Hid;

/// <summary>HID keyboard usage codes → seat keys. SEAT-BUS.md default: keypad 1 yes, 2 no, 3 abstain, Enter microphone request.</summary>
public sealed record KeypadMap(IReadOnlyDictionary<byte, SeatKey> Keys)
{
    public const byte Keypad1 = 0x59, Keypad2 = 0x5A, Keypad3 = 0x5B, KeypadEnter = 0x58, Enter = 0x28;

    public static readonly KeypadMap Default = new(new Dictionary<byte, SeatKey>
    {
        [Keypad1] = SeatKey.Yes,
        [Keypad2] = SeatKey.No,
        [Keypad3] = SeatKey.Abstain,
        [KeypadEnter] = SeatKey.FloorRequest,
        [Enter] = SeatKey.FloorRequest,
    });
}
