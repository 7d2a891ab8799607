namespace Session.Hardware.SeatBus;

/// <summary>The CMD byte (SEAT-BUS.md "Commands"); a reply has the high bit set.</summary>
public enum SeatBusCommand : byte
{
    Poll = 0x01,
    Text = 0x02,
    Status = 0x81,
}

/// <summary>The LAMPS byte of a POLL (SEAT-BUS.md); the hall-server's <c>SeatView.lamps</c> is already this byte.</summary>
[Flags]
public enum Lamps : byte
{
    None = 0,
    VoteOpen = 1 << 0,
    Yes = 1 << 1,
    No = 1 << 2,
    Abstain = 1 << 3,
    MicrophoneOn = 1 << 4,
    Registered = 1 << 5,
    FloorQueued = 1 << 6,
}

/// <summary>The KEYS byte of a STATUS: what the seat's newest event was.</summary>
[Flags]
public enum SeatKeys : byte
{
    None = 0,
    Yes = 1 << 0,
    No = 1 << 1,
    Abstain = 1 << 2,
    FloorRequest = 1 << 3,
    FloorWithdraw = 1 << 4,
}
