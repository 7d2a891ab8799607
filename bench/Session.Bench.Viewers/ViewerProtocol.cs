using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;

namespace Session.Bench.Viewers;

/// <summary>
/// What a watching viewer needs of one SignalR hub protocol, on raw bytes: the handshake, one invocation, the
/// keep-alive ping, splitting a WebSocket message into hub messages, and recognising a pushed <c>Tally</c> with its
/// journal sequence number and the watch invocation's completion. No general parser runs per frame.
/// </summary>
public abstract class ViewerProtocol
{
    public static readonly ViewerProtocol Json = new JsonViewerProtocol();
    public static readonly ViewerProtocol MessagePack = new MessagePackViewerProtocol();

    public static ViewerProtocol? Named(string name) => name switch { "json" => Json, "messagepack" => MessagePack, _ => null };

    public abstract string Name { get; }
    public abstract WebSocketMessageType FrameType { get; }
    public abstract byte[] Handshake { get; }
    public abstract byte[] Ping { get; }
    public abstract byte[] Invocation(string target, string argument);

    /// <summary>The hub messages in one WebSocket message (the handshake reply, JSON in both protocols, is skipped by the caller).</summary>
    public abstract List<(int Start, int Length)> Split(ReadOnlySpan<byte> body);

    /// <summary>The journal sequence a <c>Tally</c> message reports, or null for any other message.</summary>
    public abstract long? TallySeq(ReadOnlySpan<byte> message);

    /// <summary>Null for a message that is not a completion; else whether it was an error, and whether its result was null.</summary>
    public abstract (bool Error, bool NullResult)? Completion(ReadOnlySpan<byte> message);

    /// <summary>The handshake reply: <c>{}</c> and the record separator 0x1E in both protocols.</summary>
    public static int HandshakeReplyLength(ReadOnlySpan<byte> body)
    {
        var end = body.IndexOf(SignalRFrames.Separator);
        return end < 0 ? body.Length : end + 1;
    }
}

public sealed class JsonViewerProtocol : ViewerProtocol
{
    public override string Name => "json";
    public override WebSocketMessageType FrameType => WebSocketMessageType.Text;
    public override byte[] Handshake => SignalRFrames.Handshake;
    public override byte[] Ping => SignalRFrames.Ping;
    public override byte[] Invocation(string target, string argument) => SignalRFrames.Invocation(target, argument);

    public override List<(int Start, int Length)> Split(ReadOnlySpan<byte> body)
    {
        var parts = new List<(int, int)>();
        var start = 0;
        while (start < body.Length)
        {
            var end = body[start..].IndexOf(SignalRFrames.Separator);
            var length = end < 0 ? body.Length - start : end;
            if (length > 0) parts.Add((start, length));
            start += length + 1;
        }
        return parts;
    }

    public override long? TallySeq(ReadOnlySpan<byte> message) => SignalRFrames.TallySeq(message);

    public override (bool Error, bool NullResult)? Completion(ReadOnlySpan<byte> message) =>
        SignalRFrames.IsCompletion(message) ? (SignalRFrames.IsErrorCompletion(message), SignalRFrames.IsNullResult(message)) : null;
}

/// <summary>
/// SignalR's MessagePack protocol: each message is a MessagePack array after a variable-length size prefix
/// (7 bits a byte, low bits first). The hall's views are data contracts, so their keys are the contract's names
/// (<c>journalSeq</c>), as in JSON.
/// </summary>
public sealed class MessagePackViewerProtocol : ViewerProtocol
{
    private static readonly byte[] TallyTarget = [0xa5, .. "Tally"u8];
    private static readonly byte[] SeqKey = [0xaa, .. "journalSeq"u8];

    public override string Name => "messagepack";
    public override WebSocketMessageType FrameType => WebSocketMessageType.Binary;
    public override byte[] Handshake { get; } = Encoding.UTF8.GetBytes("{\"protocol\":\"messagepack\",\"version\":1}\u001e");
    public override byte[] Ping { get; } = Framed([0x91, 0x06]);

    public override byte[] Invocation(string target, string argument)
    {
        // [1 (invocation), {} (headers), "1" (invocation id), target, [argument], [] (stream ids)]
        var body = new List<byte> { 0x96, 0x01, 0x80, 0xa1, (byte)'1' };
        Str(body, target);
        body.Add(0x91);
        Str(body, argument);
        body.Add(0x90);
        return Framed([.. body]);
    }

    public override List<(int Start, int Length)> Split(ReadOnlySpan<byte> body)
    {
        var parts = new List<(int, int)>();
        var at = 0;
        while (at < body.Length)
        {
            int length = 0, shift = 0;
            byte b;
            do
            {
                if (at >= body.Length || shift > 28) return parts; // a cut or malformed prefix: what came before stands
                b = body[at++];
                length |= (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            if (length < 0 || at + length > body.Length) return parts;
            parts.Add((at, length));
            at += length;
        }
        return parts;
    }

    public override long? TallySeq(ReadOnlySpan<byte> message)
    {
        if (message.IndexOf(TallyTarget) < 0) return null;
        var at = message.IndexOf(SeqKey);
        if (at < 0) return null;
        var v = message[(at + SeqKey.Length)..];
        if (v.IsEmpty) return null;
        return v[0] switch
        {
            <= 0x7f => v[0],
            0xcc when v.Length >= 2 => v[1],
            0xcd when v.Length >= 3 => BinaryPrimitives.ReadUInt16BigEndian(v[1..]),
            0xce when v.Length >= 5 => BinaryPrimitives.ReadUInt32BigEndian(v[1..]),
            0xcf when v.Length >= 9 => (long)BinaryPrimitives.ReadUInt64BigEndian(v[1..]),
            0xd0 when v.Length >= 2 => (sbyte)v[1],
            0xd1 when v.Length >= 3 => BinaryPrimitives.ReadInt16BigEndian(v[1..]),
            0xd2 when v.Length >= 5 => BinaryPrimitives.ReadInt32BigEndian(v[1..]),
            0xd3 when v.Length >= 9 => BinaryPrimitives.ReadInt64BigEndian(v[1..]),
            _ => null,
        };
    }

    public override (bool Error, bool NullResult)? Completion(ReadOnlySpan<byte> message)
    {
        // [3 (completion), {} (headers), "1" (invocation id), result kind (1 error, 2 void, 3 a result), result?]
        if (message.Length < 6 || (message[0] & 0xf0) != 0x90 || message[1] != 0x03 || message[2] != 0x80) return null;
        if ((message[3] & 0xe0) != 0xa0) return null;
        var kind = 4 + (message[3] & 0x1f);
        if (kind >= message.Length) return null;
        return message[kind] switch
        {
            1 => (true, false),
            2 => (false, true),
            _ => (false, kind + 1 >= message.Length || message[kind + 1] == 0xc0),
        };
    }

    private static void Str(List<byte> into, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        if (bytes.Length < 32) into.Add((byte)(0xa0 | bytes.Length));
        else if (bytes.Length < 256) { into.Add(0xd9); into.Add((byte)bytes.Length); }
        else throw new ArgumentException("a name of over 255 bytes", nameof(s));
        into.AddRange(bytes);
    }

    private static byte[] Framed(byte[] message)
    {
        var framed = new List<byte>();
        var n = message.Length;
        do
        {
            var b = (byte)(n & 0x7f);
            n >>= 7;
            framed.Add(n > 0 ? (byte)(b | 0x80) : b);
        } while (n > 0);
        framed.AddRange(message);
        return [.. framed];
    }
}
