namespace Session.Hardware.SeatBus;

/// <summary>Wire times of SEAT-BUS.md "Timing": 8N1 puts 10 bits on the wire per byte.</summary>
public static class WireTime
{
    public const int BitsPerByte = 10;
    public const int PollLength = Frame.Overhead + 2;
    /// <summary>The longest STATUS: a 10-byte card UID.</summary>
    public const int LongestStatusLength = Frame.Overhead + 3 + 10;
    /// <summary>A STATUS with a 4-byte card UID, the spec's reference reply.</summary>
    public const int ReferenceStatusLength = Frame.Overhead + 3 + 4;

    public static readonly int[] SupportedBauds = [38400, 57600, 115200, 230400, 460800, 921600];

    public static TimeSpan Of(int bytes, int baud) => TimeSpan.FromTicks((long)bytes * BitsPerByte * TimeSpan.TicksPerSecond / baud);

    /// <summary>SEAT-BUS.md: wait for the longest possible reply's wire time plus 2 ms (counted from the poll's last stop bit; the seat's 1 ms turnaround included).</summary>
    public static TimeSpan ReplyTimeout(int baud) => Of(PollLength, baud) + TimeSpan.FromMilliseconds(1) + Of(LongestStatusLength, baud) + TimeSpan.FromMilliseconds(2);

    /// <summary>The floor of one poll cycle: every seat's poll and reference reply back to back, no turnaround.</summary>
    public static TimeSpan CycleFloor(int seats, int baud) => Of((PollLength + ReferenceStatusLength) * seats, baud);
}
