using System.Text;
using Session.Bench.Hall;
using Session.Bench.Viewers;
using Xunit;

namespace Session.Bench.Tests;

public sealed class FrameTests
{
    private const string Tally = "{\"type\":1,\"target\":\"Tally\",\"arguments\":[{\"sittingId\":\"s1\",\"voteId\":\"v2\",\"tally\":{\"yes\":3,\"no\":1},\"journalSeq\":1234}]}";

    [Fact]
    public void A_tally_push_gives_its_journal_sequence_and_any_other_message_none()
    {
        Assert.Equal(1234, SignalRFrames.TallySeq(Encoding.UTF8.GetBytes(Tally)));
        Assert.Null(SignalRFrames.TallySeq("{\"type\":1,\"target\":\"Sitting\",\"arguments\":[{\"journalSeq\":7}]}"u8));
        Assert.Null(SignalRFrames.TallySeq("{\"type\":6}"u8));
    }

    [Fact]
    public void The_floor_frame_differs_from_the_real_one_only_in_its_journal_sequence()
    {
        var frame = RawFloorServer.FrameWithSeq(Tally, RawFloorServer.FirstSeq + 3);
        Assert.Equal(Tally.Replace("1234", "900000003"), frame);
        Assert.Equal(RawFloorServer.FirstSeq + 3, SignalRFrames.TallySeq(Encoding.UTF8.GetBytes(frame)));
    }

    [Fact]
    public void A_frame_without_a_journal_sequence_cannot_serve_as_the_floor_frame()
    {
        var e = Assert.Throws<InvalidOperationException>(() => RawFloorServer.FrameWithSeq("{\"type\":6}", 1));
        Assert.Contains("у зразку кадру немає journalSeq", e.Message);
        Assert.Contains("the sample frame carries no journalSeq", e.Message);
    }

    [Fact]
    public void The_watch_invocation_is_the_SignalR_JSON_invocation_ended_by_the_record_separator()
    {
        Assert.Equal("{\"type\":1,\"invocationId\":\"1\",\"target\":\"WatchCouncil\",\"arguments\":[\"vyshneva\"]}\u001e",
            Encoding.UTF8.GetString(SignalRFrames.Invocation("WatchCouncil", "vyshneva")));
        Assert.Equal("{\"protocol\":\"json\",\"version\":1}\u001e", Encoding.UTF8.GetString(SignalRFrames.Handshake));
    }
}
