using Session.Hardware.SeatBus;

namespace Session.Hardware.Polling;

/// <summary>One Seat Bus line: a port, its baud rate and the seat addresses on it.</summary>
public sealed record SeatBusLineOptions
{
    public required int Line { get; init; }
    public required int Baud { get; init; }
    public required IReadOnlyList<byte> Addresses { get; init; }
    /// <summary>Default: SEAT-BUS.md's longest reply wire time plus 2 ms.</summary>
    public TimeSpan? ReplyTimeout { get; init; }
    /// <summary>SEAT-BUS.md: three missed polls in a row mark the seat offline.</summary>
    public int MissesForOffline { get; init; } = 3;
    /// <summary>Last accepted events per address, from the gateway's outbox; seats not listed are adopted on first contact.</summary>
    public IReadOnlyDictionary<byte, SeatMemory> Known { get; init; } = new Dictionary<byte, SeatMemory>();

    public TimeSpan EffectiveReplyTimeout => ReplyTimeout ?? WireTime.ReplyTimeout(Baud);

    public void Validate()
    {
        if (!WireTime.SupportedBauds.Contains(Baud))
            throw new ArgumentException($"baud {Baud} is not one of {string.Join(", ", WireTime.SupportedBauds)}");
        if (Addresses.Count == 0) throw new ArgumentException($"line {Line} has no seat addresses");
        foreach (var a in Addresses)
            if (a is < 1 or > 247) throw new ArgumentException($"seat address {a} on line {Line} is outside 1..247");
        if (Addresses.Distinct().Count() != Addresses.Count) throw new ArgumentException($"line {Line} lists a seat address twice");
    }
}
