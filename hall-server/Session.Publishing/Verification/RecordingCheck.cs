using System.Text.Json;
using System.Text.RegularExpressions;
using Session.Publishing.Model;
using Session.Publishing.OpenData;
using static Session.Publishing.SittingPublisher;

namespace Session.Publishing.Verification;

/// <summary>
/// <c>recording.json</c>, when the set has one: the descriptor of this sitting's recording with a SHA-256 of the MP4,
/// and every vote event's recording link in Popolo is the second the descriptor gives for that vote (and no other).
/// The MP4 is not in the set; check it with <c>sha256sum recording.mp4</c> against the signed descriptor.
/// </summary>
internal static partial class RecordingCheck
{
    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256();

    public static void Run(Dictionary<string, byte[]> files, SittingRecord expected, VerifyReport report)
    {
        if (!files.TryGetValue(RecordingFile, out var raw)) return;
        PublishedRecording recording;
        try
        {
            using var doc = JsonDocument.Parse(raw);
            var root = doc.RootElement;
            if (root.GetProperty("sittingId").GetString() != expected.SittingId) report.Fail(RecordingFile, $"describes another sitting, not {expected.SittingId}");
            var sha = root.GetProperty("sha256").GetString() ?? "";
            if (!Sha256().IsMatch(sha)) report.Fail(RecordingFile, $"sha256 '{sha}' is not 64 lowercase hex digits");
            else report.Note($"recording: {root.GetProperty("bytes").GetInt64()} bytes, SHA-256 {sha}");
            recording = PublishedRecording.FromDescriptor(raw);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            report.Fail(RecordingFile, "unreadable: " + ex.Message);
            return;
        }
        if (!expected.Closed) report.Fail(RecordingFile, "a recording in the set of a sitting that is not closed");
        if (!files.TryGetValue(PopoloFile, out var popolo)) return;
        try
        {
            using var doc = JsonDocument.Parse(popolo);
            var byUid = expected.Votes.ToDictionary(v => v.Uid);
            foreach (var e in doc.RootElement.GetProperty("vote_events").EnumerateArray())
            {
                var uid = e.GetProperty("id").GetString() ?? "";
                if (!byUid.TryGetValue(uid, out var vote)) continue;
                var links = e.TryGetProperty("sources", out var sources)
                    ? sources.EnumerateArray().Where(s => s.TryGetProperty("note", out var n) && n.GetString() == PopoloWriter.RecordingNote)
                        .Select(s => s.GetProperty("url").GetString() ?? "").ToArray()
                    : [];
                var want = recording.VoteOffsets.TryGetValue(vote.VoteId, out var offset)
                    ? $"/recordings/{Uri.EscapeDataString(expected.SittingId)}/{PublishedRecording.VideoFile}#t={offset}"
                    : null;
                if (want is null && links.Length > 0) report.Fail(PopoloFile, $"{uid}: a recording link, but {RecordingFile} gives the vote no second");
                else if (want is not null && (links.Length != 1 || !links[0].EndsWith(want, StringComparison.Ordinal)))
                    report.Fail(PopoloFile, $"{uid}: recording link '{string.Join(", ", links)}' is not …{want} as {RecordingFile} gives");
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            report.Fail(PopoloFile, "unreadable vote events: " + ex.Message);
        }
    }
}
