using System.Buffers.Text;
using System.Text;

namespace Session.Bench.Viewers;

/// <summary>
/// The little of the SignalR JSON protocol a watching viewer needs, on raw bytes: the handshake, one invocation, the
/// keep-alive ping, and finding the journal sequence number in a pushed <c>Tally</c>. No JSON parser runs per frame.
/// </summary>
public static class SignalRFrames
{
    public const byte Separator = 0x1e;
    public static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    public static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    private static readonly byte[] TallyTarget = Encoding.UTF8.GetBytes("\"target\":\"Tally\"");
    private static readonly byte[] SeqField = Encoding.UTF8.GetBytes("\"journalSeq\":");
    private static readonly byte[] Completion = Encoding.UTF8.GetBytes("\"type\":3");
    private static readonly byte[] ErrorField = Encoding.UTF8.GetBytes("\"error\":");

    public static byte[] Invocation(string target, string argument) =>
        Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"{target}\",\"arguments\":[\"{argument}\"]}}\u001e");

    /// <summary>The journal sequence a <c>Tally</c> frame reports, or null for any other message.</summary>
    public static long? TallySeq(ReadOnlySpan<byte> message)
    {
        if (message.IndexOf(TallyTarget) < 0) return null;
        var at = message.IndexOf(SeqField);
        if (at < 0) return null;
        return Utf8Parser.TryParse(message[(at + SeqField.Length)..], out long seq, out _) ? seq : null;
    }

    public static bool IsCompletion(ReadOnlySpan<byte> message) => message.IndexOf(Completion) >= 0;

    public static bool IsErrorCompletion(ReadOnlySpan<byte> message) => IsCompletion(message) && message.IndexOf(ErrorField) >= 0;

    /// <summary>A completion whose result is null: the server did not know the council.</summary>
    public static bool IsNullResult(ReadOnlySpan<byte> message) => message.IndexOf("\"result\":null"u8) >= 0 || (IsCompletion(message) && message.IndexOf("\"result\""u8) < 0);
}
