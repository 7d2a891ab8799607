using System.Text.Json;

namespace Session.Publishing.Model;

/// <summary>
/// A sitting's accepted recording as the open data carries it (issue 14 item 4): the descriptor the broadcast uploaded,
/// published byte for byte as <c>recording.json</c> (so its SHA-256 of the MP4 is in the signed record), and from it the
/// second of the recording at which each vote opened. The MP4 itself is served beside the set, not in it.
/// </summary>
public sealed record PublishedRecording(byte[] Descriptor, IReadOnlyDictionary<string, long> VoteOffsets)
{
    public const string FileName = "recording.json";
    public const string VideoFile = "recording.mp4";

    /// <summary>Reads the vote offsets of a descriptor (<c>votes[].voteId</c>, <c>votes[].offsetSeconds</c>); a null offset has no link.</summary>
    public static PublishedRecording FromDescriptor(byte[] descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(descriptor);
        if (doc.RootElement.TryGetProperty("votes", out var votes) && votes.ValueKind == JsonValueKind.Array)
            foreach (var v in votes.EnumerateArray())
                if (v.TryGetProperty("voteId", out var id) && id.ValueKind == JsonValueKind.String
                    && v.TryGetProperty("offsetSeconds", out var off) && off.ValueKind == JsonValueKind.Number && off.TryGetInt64(out var seconds))
                    offsets[id.GetString()!] = seconds;
        return new PublishedRecording(descriptor, offsets);
    }
}
