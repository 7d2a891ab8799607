using Session.Hardware.SeatBus;

namespace Session.Fuzz.Targets;

/// <summary>
/// Bytes off the Seat Bus line, fed to the resynchronising frame parser in uneven chunks (as a UART delivers them),
/// then every frame it lets out read as a STATUS reply and a POLL request. Only CRC-valid frames may come out, each
/// exactly as it was on the line, and a quiet line leaves nothing buffered.
/// </summary>
public sealed class SeatBusFrames : IFuzzTarget
{
    public string Name => "seatbus";

    public void Run(ReadOnlySpan<byte> input)
    {
        var parser = new FrameParser();
        int at = 0, chunk = 1;
        while (at < input.Length)
        {
            int n = Math.Min(chunk, input.Length - at);
            parser.Feed(input.Slice(at, n));
            at += n;
            chunk = chunk % 17 + 1;
            while (parser.TryRead(out var frame)) Check(frame, input);
            if (parser.Buffered > input.Length) throw new FuzzInvariantException($"the parser holds {parser.Buffered} bytes of a {input.Length}-byte input");
        }
        while (parser.TryReadAfterSilence(out var frame)) Check(frame, input);
        if (parser.Buffered != 0) throw new FuzzInvariantException($"{parser.Buffered} bytes stay buffered after the line went quiet");
    }

    private static void Check(Frame frame, ReadOnlySpan<byte> input)
    {
        if (frame.Payload.Length > Frame.MaxPayload) throw new FuzzInvariantException($"a frame with a {frame.Payload.Length}-byte payload came out");
        var wire = frame.Encode();
        if (input.IndexOf(wire) < 0) throw new FuzzInvariantException($"{frame} is not on the line as it came out");
        if (StatusReply.TryParse(frame, out var status, out var error))
        {
            if (error is not null) throw new FuzzInvariantException("a STATUS parsed with an error");
            if (!status.ToFrame(frame.Address, frame.Seq).Equals(frame)) throw new FuzzInvariantException($"STATUS {status} does not round-trip");
            _ = status.CardHex;
            _ = SeatKeyNames.FromKeys(status.Keys);
        }
        else if (error is null) throw new FuzzInvariantException("a STATUS was refused without a reason");
        if (PollRequest.TryParse(frame, out var poll) && !poll.ToFrame(frame.Address, frame.Seq).Equals(frame))
            throw new FuzzInvariantException($"POLL {poll} does not round-trip");
    }
}
