using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Session.HallServer.Hubs;

namespace Session.Fuzz.Targets;

/// <summary>
/// Bytes a client sends on a hub connection, parsed by SignalR's own protocol (JSON or MessagePack, set up as
/// HallSetup sets them up) into every hub method's argument types — once per hub, since /hubs/terminal,
/// /hubs/chair and /hubs/public bind the same name differently — and each invocation handed on as the hub would
/// (<see cref="HubDispatch"/>). <see cref="InvalidDataException"/> is the protocol's refusal (the server closes the
/// connection); a binding failure is the server's "bad arguments" answer. Every answer must serialize back.
/// </summary>
public sealed class HubMessages : IFuzzTarget
{
    private static readonly HubBinder[] Binders = [new(typeof(TerminalHub)), new(typeof(ChairHub)), new(typeof(PublicHub))];
    private readonly IHubProtocol _protocol;
    private readonly StreamHealthRelay _relay;

    public HubMessages(string protocol)
    {
        var services = new ServiceCollection().AddLogging();
        var signalR = services.AddSignalR().AddJsonProtocol();
        signalR.AddMessagePackProtocol();
        var provider = services.BuildServiceProvider();
        _protocol = provider.GetServices<IHubProtocol>().Single(p => p.Name == protocol);
        _relay = new StreamHealthRelay(provider.GetRequiredService<IHubContext<ChairHub>>());
        Name = protocol == "json" ? "hub-json" : "hub-msgpack";
    }

    public string Name { get; }

    public void Run(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        foreach (var binder in Binders)
        {
            var sitting = new SittingFixture();
            var buffer = new ReadOnlySequence<byte>(bytes);
            for (int messages = 0; messages < 64; messages++)
            {
                HubMessage? message;
                try
                {
                    if (!_protocol.TryParseMessage(ref buffer, binder, out message)) break;
                }
                catch (Exception e) when (IsRefusal(e) || ThrownByTheProtocolAlone(e)) { break; }
                if (message is HubMethodInvocationMessage { } call && binder.Methods.TryGetValue(call.Target, out var types))
                {
                    if (call.Arguments.Length != types.Length) throw new FuzzInvariantException($"{call.Target} bound {call.Arguments.Length} arguments for {types.Length} parameters");
                    var target = binder.Methods.Keys.First(k => string.Equals(k, call.Target, StringComparison.OrdinalIgnoreCase));
                    HubDispatch.Run(binder.Hub, target, call.Arguments, sitting, _relay);
                    Answer(call.InvocationId);
                }
            }
        }
        if (_relay.Latest("c-1") is { } health) Answer(null, health);
    }

    /// <summary>
    /// What the protocols throw for malformed bytes. The server's connection handler closes the connection on any of
    /// them and serves on; System.Text.Json refuses invalid UTF-8 inside a string (a method name, an id) with an
    /// <see cref="InvalidOperationException"/> around a <see cref="System.Text.DecoderFallbackException"/>, not an
    /// InvalidDataException; MessagePack refuses with its own MessagePackSerializationException. Anything else escaping the parser is a crash.
    /// </summary>
    private static bool IsRefusal(Exception e) =>
        e is InvalidDataException or System.Text.Json.JsonException or MessagePack.MessagePackSerializationException
        // BinaryMessageParser: a MessagePack frame's length prefix over 2 GB; MessagePackReader: a frame shorter than its content says.
        || e is FormatException or EndOfStreamException
        || e is InvalidOperationException { InnerException: System.Text.DecoderFallbackException };

    /// <summary>
    /// Any other exception that SignalR's own parser throws before our code runs (no frame of ours on its stack — e.g.
    /// MessagePackHubProtocolWorker.ReadHeaders' ArgumentException for a repeated header key, found by the CI smoke):
    /// the server's connection handler catches it and closes that one connection, as for the refusals above. What we
    /// fuzz is our code behind the parser; an exception with a frame of ours is still a crash.
    /// </summary>
    private static bool ThrownByTheProtocolAlone(Exception e) =>
        e is not FuzzInvariantException && e.StackTrace is { } trace
        && trace.Contains("Microsoft.AspNetCore.SignalR.Protocol.", StringComparison.Ordinal)
        // The trace runs up to this harness's Run, which caught it; any other frame of ours means our code threw.
        && !trace.Split('\n').Any(frame => frame.Contains(" Session.", StringComparison.Ordinal) && !frame.Contains(" Session.Fuzz.Targets.HubMessages.Run(", StringComparison.Ordinal));

    /// <summary>The hub's answer goes back through the same protocol: a completion, or the relayed health report.</summary>
    private void Answer(string? invocationId, object? payload = null)
    {
        HubMessage answer = invocationId is null
            ? new InvocationMessage(Session.Core.Wire.HubNames.StreamHealth, [payload])
            : CompletionMessage.WithResult(invocationId, Session.Core.Wire.CommandAck.Refused(invocationId, HubErrors.BadRequest));
        _ = _protocol.GetMessageBytes(answer);
    }
}
