namespace Session.Hardware.SeatBus;

/// <summary>POLL payload <c>[LAMPS, ACK_EVT]</c>: the lamps to show and the last key event the master accepted (0 = none yet).</summary>
public readonly record struct PollRequest(Lamps Lamps, byte AckEvt)
{
    public Frame ToFrame(byte address, byte seq) =>
        Frame.Create(address, SeatBusCommand.Poll, seq, [(byte)Lamps, AckEvt]);

    public static bool TryParse(Frame frame, out PollRequest poll)
    {
        poll = default;
        if (frame.Command != (byte)SeatBusCommand.Poll || frame.Payload.Length != 2) return false;
        poll = new PollRequest((Lamps)frame.Payload[0], frame.Payload[1]);
        return true;
    }
}

/// <summary>TEXT payload: UTF-8 for the seat's display, at most 32 bytes.</summary>
public static class TextRequest
{
    public const int MaxBytes = 32;

    /// <summary>The longest start of <paramref name="text"/> that fits a seat display, cut between characters.</summary>
    public static string Fit(string text)
    {
        var enumerator = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        int bytes = 0, end = 0;
        while (enumerator.MoveNext())
        {
            var element = enumerator.GetTextElement();
            int size = System.Text.Encoding.UTF8.GetByteCount(element);
            if (bytes + size > MaxBytes) break;
            bytes += size;
            end = enumerator.ElementIndex + element.Length;
        }
        return text[..end];
    }

    public static Frame ToFrame(byte address, byte seq, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        if (bytes.Length > MaxBytes)
            throw new ArgumentException($"a seat display takes at most {MaxBytes} UTF-8 bytes, \"{text}\" is {bytes.Length}", nameof(text));
        return Frame.Create(address, SeatBusCommand.Text, seq, bytes);
    }
}
