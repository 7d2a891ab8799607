using FsCheck;
using FsCheck.Fluent;
using Session.Hardware.SeatBus;

namespace Session.Hardware.Tests;

public sealed class FrameParserTests
{
    private static byte[] Hex(string s) => Convert.FromHexString(s.Replace(" ", ""));
    private static readonly byte[] Status5 = Hex("7E 05 81 11 07 01 01 04 04 A2 2B 19 9D 7B");
    private static readonly byte[] Status12 = Hex("7E 0C 81 7E 07 07 08 04 04 A2 2B 19 6E 0A");

    private static List<Frame> ReadAll(FrameParser parser)
    {
        var frames = new List<Frame>();
        while (parser.TryRead(out var f)) frames.Add(f);
        return frames;
    }

    [Fact]
    public void Frame_fed_one_byte_at_a_time_is_read_once_complete()
    {
        var parser = new FrameParser();
        for (int i = 0; i < Status12.Length - 1; i++)
        {
            parser.Feed(Status12.AsSpan(i, 1));
            Assert.False(parser.TryRead(out _));
        }
        parser.Feed(Status12.AsSpan(^1));
        Assert.True(parser.TryRead(out var frame));
        Assert.Equal(0x7E, frame.Seq);
    }

    [Fact]
    public void Noise_before_between_and_after_frames_is_skipped_and_counted()
    {
        var parser = new FrameParser();
        parser.Feed([0x00, 0xFF, 0x13]);
        parser.Feed(Status5);
        parser.Feed([0x55, 0xAA]);
        parser.Feed(Status12);
        parser.Feed([0x01]);
        var frames = ReadAll(parser);
        Assert.Equal([5, 12], frames.Select(f => (int)f.Address));
        Assert.Equal(6, parser.NoiseBytes);
    }

    [Fact]
    public void A_stray_0x7E_before_a_frame_costs_one_dropped_candidate_not_the_frame()
    {
        var parser = new FrameParser();
        // 7E 7E 0C 81 ... : the first 0x7E reads a header with LEN 0x7E > 64, is dropped, the hunt finds the real frame.
        parser.Feed([0x7E, .. Status12]);
        var frames = ReadAll(parser);
        Assert.Single(frames);
        Assert.Equal(1, parser.LengthErrors);
    }

    [Fact]
    public void Corrupt_frame_is_never_returned_and_the_next_good_one_is()
    {
        var bad = Status5.ToArray();
        bad[6] ^= 0x01; // EVT 1 → 0: a wrong event must never be acted on
        var parser = new FrameParser();
        parser.Feed(bad);
        parser.Feed(Status12);
        var frames = ReadAll(parser);
        Assert.Single(frames);
        Assert.Equal(12, frames[0].Address);
        Assert.True(parser.CrcErrors >= 1);
    }

    [Fact]
    public void Every_single_bit_flip_of_a_frame_is_caught()
    {
        for (int bit = 8; bit < Status5.Length * 8; bit++) // the 0x7E itself excluded: flipping it only hides the frame
        {
            var bad = Status5.ToArray();
            bad[bit / 8] ^= (byte)(1 << (bit % 8));
            var parser = new FrameParser();
            parser.Feed(bad);
            Assert.Empty(ReadAll(parser));
            Assert.False(parser.TryReadAfterSilence(out _), $"bit {bit}");
        }
    }

    [Fact]
    public void Length_over_64_is_a_corrupt_frame()
    {
        var parser = new FrameParser();
        parser.Feed([0x7E, 0x05, 0x81, 0x00, 65, .. new byte[80]]);
        Assert.Empty(ReadAll(parser));
        Assert.Equal(1, parser.LengthErrors);
    }

    [Fact]
    public void Truncated_frame_waits_and_after_silence_is_dropped_without_losing_a_following_frame()
    {
        var parser = new FrameParser();
        parser.Feed(Status5.AsSpan(0, 9)); // cut in the card
        Assert.False(parser.TryRead(out _));
        Assert.False(parser.TryReadAfterSilence(out _));
        Assert.Equal(1, parser.TruncatedFrames);
        Assert.Equal(0, parser.Buffered);

        // The truncated frame's LEN makes it swallow the start of the next; silence then finds the next one.
        parser.Feed(Status5.AsSpan(0, 5));
        parser.Feed(Status12);
        var frames = ReadAll(parser);
        if (frames.Count == 0) Assert.True(parser.TryReadAfterSilence(out var late) && late.Address == 12);
        else Assert.Equal(12, frames[0].Address);
    }

    [Fact]
    public void Status_with_card_length_not_4_7_or_10_is_refused_with_a_reason()
    {
        var frame = Frame.Create(5, SeatBusCommand.Status, 1, [1, 1, 3, 0xAA, 0xBB, 0xCC]);
        Assert.False(StatusReply.TryParse(frame, out _, out var error));
        Assert.Contains("CARD_LEN 3", error);
        Assert.False(StatusReply.TryParse(Frame.Create(5, SeatBusCommand.Status, 1, [1, 1, 4, 0xAA]), out _, out error));
        Assert.Contains("does not match", error);
        Assert.False(StatusReply.TryParse(Frame.Create(5, SeatBusCommand.Poll, 1, [0, 0]), out _, out _));
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Any_byte_stream_yields_only_crc_valid_frames_that_were_on_the_line(byte[] noise, NonNegativeInt chunk)
    {
        var parser = new FrameParser();
        int size = chunk.Get % 17 + 1;
        var frames = new List<Frame>();
        for (int i = 0; i < noise.Length; i += size)
        {
            parser.Feed(noise.AsSpan(i, Math.Min(size, noise.Length - i)));
            frames.AddRange(ReadAll(parser));
        }
        while (parser.TryReadAfterSilence(out var f)) frames.Add(f);
        var line = Convert.ToHexString(noise);
        return frames.All(f =>
        {
            var bytes = f.Encode();
            ushort crc = Crc16.Compute(bytes.AsSpan(1, bytes.Length - 3));
            return f.Payload.Length <= Frame.MaxPayload
                && bytes[^2] == crc >> 8 && bytes[^1] == (byte)crc
                && line.Contains(Convert.ToHexString(bytes));
        });
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Any_frames_back_to_back_in_any_chunking_are_all_read_in_order(byte[][] payloads, byte[] seqs, PositiveInt chunk)
    {
        var sent = payloads.Select((p, i) => Frame.Create((byte)(i % 247 + 1), SeatBusCommand.Status,
            seqs.Length == 0 ? (byte)0x7E : seqs[i % seqs.Length], p.Take(Frame.MaxPayload).ToArray())).ToList();
        var bytes = sent.SelectMany(f => f.Encode()).ToArray();
        var parser = new FrameParser();
        var got = new List<Frame>();
        int size = chunk.Get % 40 + 1;
        for (int i = 0; i < bytes.Length; i += size)
        {
            parser.Feed(bytes.AsSpan(i, Math.Min(size, bytes.Length - i)));
            got.AddRange(ReadAll(parser));
        }
        return got.SequenceEqual(sent) && parser.CorruptFrames == 0;
    }
}
