using Session.Hardware.SeatBus;

namespace Session.Hardware.Tests;

/// <summary>SEAT-BUS.md "Test vectors", byte for byte, both ways.</summary>
public sealed class SeatBusVectorTests
{
    private static byte[] Hex(string s) => Convert.FromHexString(s.Replace(" ", ""));

    [Fact]
    public void Crc_of_123456789_is_the_check_value_0x29B1() =>
        Assert.Equal(0x29B1, Crc16.Compute("123456789"u8));

    public static TheoryData<string, Frame> Vectors => new()
    {
        { "7E 05 01 10 02 01 00 A1 B6", new PollRequest(Lamps.VoteOpen, 0).ToFrame(5, 0x10) },
        { "7E 05 81 10 03 00 00 00 86 6F", StatusReply.Idle.ToFrame(5, 0x10) },
        { "7E 05 81 11 07 01 01 04 04 A2 2B 19 9D 7B", new StatusReply(1, SeatKeys.Yes, Hex("04A22B19")).ToFrame(5, 0x11) },
        { "7E 05 01 12 02 23 01 3C 7B", new PollRequest(Lamps.VoteOpen | Lamps.Yes | Lamps.Registered, 1).ToFrame(5, 0x12) },
        { "7E 0C 81 7E 07 07 08 04 04 A2 2B 19 6E 0A", new StatusReply(7, SeatKeys.FloorRequest, Hex("04A22B19")).ToFrame(12, 0x7E) },
        { "7E 0C 02 20 04 D0 97 D0 90 3F 50", TextRequest.ToFrame(12, 0x20, "ЗА") },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Encoding_gives_the_vector_bytes(string hex, Frame frame) =>
        Assert.Equal(hex, Convert.ToHexString(frame.Encode()).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + " " + b));

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Parsing_the_vector_gives_the_frame(string hex, Frame frame)
    {
        var parser = new FrameParser();
        parser.Feed(Hex(hex));
        Assert.True(parser.TryRead(out var parsed));
        Assert.Equal(frame, parsed);
        Assert.False(parser.TryRead(out _));
        Assert.Equal(0, parser.CorruptFrames);
    }

    [Fact]
    public void Status_vector_decodes_event_keys_and_card()
    {
        var parser = new FrameParser();
        parser.Feed(Hex("7E 0C 81 7E 07 07 08 04 04 A2 2B 19 6E 0A"));
        Assert.True(parser.TryRead(out var frame));
        Assert.True(StatusReply.TryParse(frame, out var status, out _));
        Assert.Equal(7, status.Evt);
        Assert.Equal(SeatKey.FloorRequest, SeatKeyNames.FromKeys(status.Keys));
        Assert.Equal("04A22B19", status.CardHex);
    }

    [Fact]
    public void Wire_time_of_a_poll_and_a_four_byte_card_reply_is_two_milliseconds_at_115200()
    {
        Assert.Equal(230, (WireTime.PollLength + WireTime.ReferenceStatusLength) * WireTime.BitsPerByte);
        Assert.Equal(2.0, WireTime.CycleFloor(1, 115200).TotalMilliseconds, 1);
        Assert.Equal(127.8, WireTime.CycleFloor(64, 115200).TotalMilliseconds, 1);
    }

    [Fact]
    public void Text_longer_than_32_bytes_is_refused_with_its_size() =>
        Assert.Contains("34", Assert.Throws<ArgumentException>(() => TextRequest.ToFrame(1, 0, new string('Ж', 17))).Message);
}
