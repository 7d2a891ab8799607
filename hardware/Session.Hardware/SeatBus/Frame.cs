namespace Session.Hardware.SeatBus;

/// <summary>
/// One Seat Bus frame: <c>0x7E | ADDR | CMD | SEQ | LEN | PAYLOAD[LEN] | CRC_HI | CRC_LO</c> (SEAT-BUS.md "Frame").
/// </summary>
public sealed record Frame
{
    public const byte Start = 0x7E;
    public const int HeaderLength = 5;
    public const int MaxPayload = 64;
    public const int Overhead = HeaderLength + 2;

    public required byte Address { get; init; }
    public required byte Command { get; init; }
    public required byte Seq { get; init; }
    public required byte[] Payload { get; init; }

    public bool IsReply => (Command & 0x80) != 0;
    public int WireLength => Overhead + Payload.Length;

    public static Frame Create(byte address, SeatBusCommand command, byte seq, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxPayload)
            throw new ArgumentException($"a Seat Bus payload holds at most {MaxPayload} bytes, got {payload.Length}", nameof(payload));
        return new Frame { Address = address, Command = (byte)command, Seq = seq, Payload = payload.ToArray() };
    }

    public byte[] Encode()
    {
        var bytes = new byte[WireLength];
        Encode(bytes);
        return bytes;
    }

    public int Encode(Span<byte> destination)
    {
        if (Payload.Length > MaxPayload) throw new InvalidOperationException("payload too long");
        destination[0] = Start;
        destination[1] = Address;
        destination[2] = Command;
        destination[3] = Seq;
        destination[4] = (byte)Payload.Length;
        Payload.CopyTo(destination[HeaderLength..]);
        // SEAT-BUS.md: the CRC covers ADDR..PAYLOAD, not the 0x7E; big-endian.
        var crc = Crc16.Compute(destination[1..(HeaderLength + Payload.Length)]);
        destination[HeaderLength + Payload.Length] = (byte)(crc >> 8);
        destination[HeaderLength + Payload.Length + 1] = (byte)crc;
        return WireLength;
    }

    public bool Equals(Frame? other) =>
        other is not null && Address == other.Address && Command == other.Command && Seq == other.Seq && Payload.AsSpan().SequenceEqual(other.Payload);

    public override int GetHashCode() => HashCode.Combine(Address, Command, Seq, Payload.Length);

    public override string ToString() => $"Frame(addr {Address}, cmd 0x{Command:X2}, seq {Seq}, payload {Convert.ToHexString(Payload)})";
}
