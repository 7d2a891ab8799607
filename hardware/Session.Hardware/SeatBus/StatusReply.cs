namespace Session.Hardware.SeatBus;

/// <summary>
/// STATUS payload <c>[EVT, KEYS, CARD_LEN, CARD[CARD_LEN]]</c> (SEAT-BUS.md): the seat's newest key event and the card in its reader.
/// </summary>
public sealed record StatusReply(byte Evt, SeatKeys Keys, byte[] Card)
{
    public static readonly StatusReply Idle = new(0, SeatKeys.None, []);

    public bool HasCard => Card.Length > 0;
    public string? CardHex => Card.Length == 0 ? null : Convert.ToHexString(Card);

    public Frame ToFrame(byte address, byte seq)
    {
        var payload = new byte[3 + Card.Length];
        payload[0] = Evt;
        payload[1] = (byte)Keys;
        payload[2] = (byte)Card.Length;
        Card.CopyTo(payload, 3);
        return Frame.Create(address, SeatBusCommand.Status, seq, payload);
    }

    /// <summary>The STATUS of a frame, or a reason it is not one (CARD_LEN must be 0, 4, 7 or 10 and match the payload).</summary>
    public static bool TryParse(Frame frame, out StatusReply status, out string? error)
    {
        status = Idle;
        error = null;
        if (frame.Command != (byte)SeatBusCommand.Status) { error = $"command 0x{frame.Command:X2} is not STATUS"; return false; }
        var p = frame.Payload;
        if (p.Length < 3) { error = $"STATUS payload of {p.Length} bytes is shorter than 3"; return false; }
        int cardLen = p[2];
        if (cardLen is not (0 or 4 or 7 or 10)) { error = $"CARD_LEN {cardLen} is not 0, 4, 7 or 10"; return false; }
        if (p.Length != 3 + cardLen) { error = $"STATUS payload of {p.Length} bytes does not match CARD_LEN {cardLen}"; return false; }
        status = new StatusReply(p[0], (SeatKeys)p[1], p[3..]);
        return true;
    }

    public bool Equals(StatusReply? other) =>
        other is not null && Evt == other.Evt && Keys == other.Keys && Card.AsSpan().SequenceEqual(other.Card);

    public override int GetHashCode() => HashCode.Combine(Evt, Keys, Card.Length);
}
