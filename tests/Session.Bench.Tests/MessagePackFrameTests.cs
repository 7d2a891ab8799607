using System.Buffers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Session.Bench.Viewers;
using Session.Core.Wire;
using Xunit;

namespace Session.Bench.Tests;

/// <summary>The viewer driver's MessagePack bytes, checked against SignalR's own MessagePack hub protocol both ways.</summary>
public sealed class MessagePackFrameTests
{
    private static readonly MessagePackHubProtocol Hub = new();
    private static readonly ViewerProtocol Viewer = ViewerProtocol.MessagePack;

    private static TallyView Votes(int yes) => new(yes, 0, 0, 0, 0, 0);

    private static byte[] Written(HubMessage message) => Hub.GetMessageBytes(message).ToArray();

    /// <summary>The one hub message in <paramref name="frame"/>, as the viewer driver splits it.</summary>
    private static byte[] Only(byte[] frame)
    {
        var (start, length) = Assert.Single(Viewer.Split(frame));
        return frame.AsSpan(start, length).ToArray();
    }

    [Fact]
    public void A_tally_push_written_by_SignalR_gives_its_journal_sequence_and_a_sitting_push_none()
    {
        foreach (var seq in new long[] { 7, 200, 70_000, 5_000_000_000 })
        {
            var tally = new TallyUpdate("s1", "v2", Votes(3), seq);
            Assert.Equal(seq, Viewer.TallySeq(Only(Written(new InvocationMessage("Tally", [tally])))));
        }
        Assert.Null(Viewer.TallySeq(Only(Written(new InvocationMessage("Sitting", [new TallyUpdate("s1", "v2", Votes(0), 9)])))));
    }

    [Fact]
    public void Two_messages_in_one_websocket_message_split_apart_and_a_cut_one_is_left_out()
    {
        var first = Written(new InvocationMessage("Tally", [new TallyUpdate("s1", "v2", Votes(1), 11)]));
        var second = Written(PingMessage.Instance);
        var both = first.Concat(second).ToArray();
        Assert.Equal(2, Viewer.Split(both).Count);
        Assert.Single(Viewer.Split(both[..^1]));
    }

    [Fact]
    public void The_watch_invocation_and_the_ping_are_what_SignalR_reads_as_such()
    {
        var bytes = new ReadOnlySequence<byte>(Viewer.Invocation("WatchCouncil", "vyshneva"));
        Assert.True(Hub.TryParseMessage(ref bytes, new Binder(), out var message));
        var invocation = Assert.IsType<InvocationMessage>(message);
        Assert.Equal(("1", "WatchCouncil", "vyshneva"), (invocation.InvocationId, invocation.Target, (string)invocation.Arguments.Single()!));
        Assert.True(bytes.IsEmpty);

        var ping = new ReadOnlySequence<byte>(Viewer.Ping);
        Assert.True(Hub.TryParseMessage(ref ping, new Binder(), out var p));
        Assert.IsType<PingMessage>(p);
    }

    [Fact]
    public void The_watch_completion_tells_a_view_from_a_null_result_and_an_error()
    {
        Assert.Equal((false, false), Viewer.Completion(Only(Written(CompletionMessage.WithResult("1", Votes(0))))));
        Assert.Equal((false, true), Viewer.Completion(Only(Written(CompletionMessage.WithResult("1", null)))));
        Assert.Equal((false, true), Viewer.Completion(Only(Written(CompletionMessage.Empty("1")))));
        Assert.Equal((true, false), Viewer.Completion(Only(Written(CompletionMessage.WithError("1", "no")))));
        Assert.Null(Viewer.Completion(Only(Written(new InvocationMessage("Tally", [1L])))));
    }

    private sealed class Binder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(string)];
        public Type GetReturnType(string invocationId) => typeof(object);
        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
