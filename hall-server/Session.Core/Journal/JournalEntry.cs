using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Session.Core.Journal;

/// <summary>
/// One line of a sitting's journal. <see cref="Canonical"/> is the exact UTF-8 JSON <c>{"seq","at","type","data"}</c>
/// that is hashed: <c>hash = SHA-256(prevHash ‖ canonical)</c>; genesis <c>prevHash = SHA-256("session:" + sittingId)</c>.
/// The published line is the canonical text with <c>,"hash":"…"</c> added before its last brace, so anyone can
/// strip that field and recompute the chain without a JSON library agreeing with ours on escapes.
/// </summary>
public sealed record JournalEntry(long Seq, DateTimeOffset At, SittingEvent Event, string Canonical, string Hash)
{
    public string Type => JournalJson.TypeName(Event);

    public string PublishedLine => string.Concat(Canonical.AsSpan(0, Canonical.Length - 1), ",\"hash\":\"", Hash, "\"}");
}

public static class HashChain
{
    public static string Genesis(string sittingId) => Hex(SHA256.HashData(Encoding.UTF8.GetBytes("session:" + sittingId)));

    /// <summary>SHA-256 over the previous hash (as 32 raw bytes) followed by the canonical UTF-8 text.</summary>
    public static string Next(string prevHash, string canonical)
    {
        var prev = Convert.FromHexString(prevHash);
        var body = Encoding.UTF8.GetBytes(canonical);
        var buffer = new byte[prev.Length + body.Length];
        prev.CopyTo(buffer, 0);
        body.CopyTo(buffer, prev.Length);
        return Hex(SHA256.HashData(buffer));
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Builds the entry for an accepted event: the canonical text and its link in the chain.</summary>
    public static JournalEntry Seal(long seq, DateTimeOffset at, SittingEvent e, string prevHash)
    {
        var canonical = Canonicalize(seq, at, e);
        return new JournalEntry(seq, at, e, canonical, Next(prevHash, canonical));
    }

    public static string Canonicalize(long seq, DateTimeOffset at, SittingEvent e)
    {
        var data = JsonSerializer.Serialize(e, e.GetType(), JournalJson.Options);
        var atText = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return string.Concat("{\"seq\":", seq.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ",\"at\":\"", atText, "\",\"type\":\"", JournalJson.TypeName(e), "\",\"data\":", data, "}");
    }

    /// <summary>
    /// Reads a stored or published entry and checks it against the chain. Throws <see cref="JournalCorruptException"/>
    /// naming the sequence number when anything does not hold; never skips a bad entry.
    /// </summary>
    public static JournalEntry Read(string canonical, string hash, string prevHash, long expectedSeq)
    {
        if (Next(prevHash, canonical) != hash)
            throw new JournalCorruptException(expectedSeq, "hash does not match the chain");
        try
        {
            using var doc = JsonDocument.Parse(canonical);
            var root = doc.RootElement;
            var seq = root.GetProperty("seq").GetInt64();
            if (seq != expectedSeq) throw new JournalCorruptException(expectedSeq, $"sequence {seq} where {expectedSeq} was expected");
            var at = DateTimeOffset.Parse(root.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var typeName = root.GetProperty("type").GetString()!;
            var type = JournalJson.TypeOf(typeName) ?? throw new JournalCorruptException(seq, $"unknown event type '{typeName}'");
            var e = (SittingEvent?)root.GetProperty("data").Deserialize(type, JournalJson.Options)
                ?? throw new JournalCorruptException(seq, "empty event data");
            return new JournalEntry(seq, at, e, canonical, hash);
        }
        catch (JournalCorruptException) { throw; }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new JournalCorruptException(expectedSeq, "unreadable event: " + ex.Message);
        }
    }

    /// <summary>Splits a published journal line into its canonical text and hash.</summary>
    public static (string Canonical, string Hash) SplitPublished(string line)
    {
        const string marker = ",\"hash\":\"";
        var i = line.LastIndexOf(marker, StringComparison.Ordinal);
        if (i < 0 || !line.EndsWith("\"}", StringComparison.Ordinal) || line.Length - (i + marker.Length) != 66)
            throw new FormatException("a journal line must end with ,\"hash\":\"<64 hex digits>\"}");
        var hash = line.Substring(i + marker.Length, 64);
        return (line[..i] + "}", hash);
    }
}

public sealed class JournalCorruptException(long seq, string problem)
    : Exception($"journal event {seq} is bad: {problem}")
{
    public long Seq { get; } = seq;
    public string Problem { get; } = problem;
}
