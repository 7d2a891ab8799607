using System.Text.Json;
using System.Text.Json.Serialization;

namespace Session.Broadcast.Recording;

/// <summary>
/// <c>recording.json</c> beside <c>recording.mp4</c>: what the hall publishes about the recording (hash, length, chapters,
/// a link second per vote) and how long it is kept. Offsets are whole seconds into the file, rounded, so a link lands
/// within half a second of the moment.
/// </summary>
public sealed record RecordingDescriptor
{
    public const string FileName = "recording.json";
    public const string VideoFile = "recording.mp4";

    [JsonPropertyName("sittingId")] public required string SittingId { get; init; }
    [JsonPropertyName("file")] public string File { get; init; } = VideoFile;
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }
    [JsonPropertyName("bytes")] public required long Bytes { get; init; }
    [JsonPropertyName("durationSeconds")] public required double DurationSeconds { get; init; }
    /// <summary>UTC wall-clock time of the recording's first frame (the first encoder run's start).</summary>
    [JsonPropertyName("startedAt")] public required DateTimeOffset StartedAt { get; init; }
    /// <summary>Until when the law requires it kept (3590-IX: at least five years); deletion only by the operator after that.</summary>
    [JsonPropertyName("keepUntil")] public required DateTimeOffset KeepUntil { get; init; }
    [JsonPropertyName("chapters")] public required IReadOnlyList<ChapterEntry> Chapters { get; init; }
    [JsonPropertyName("votes")] public required IReadOnlyList<VoteEntry> Votes { get; init; }
    /// <summary>The encoder runs joined, in order: a gap between them is time nothing was recorded.</summary>
    [JsonPropertyName("runs")] public required IReadOnlyList<RunEntry> Runs { get; init; }

    public sealed record ChapterEntry(
        [property: JsonPropertyName("itemId")] string? ItemId,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("startSeconds")] double StartSeconds,
        [property: JsonPropertyName("endSeconds")] double EndSeconds);

    /// <param name="OffsetSeconds">null when the recording holds nothing from the vote's opening (it opened before the
    /// broadcast started or after it stopped).</param>
    public sealed record VoteEntry(
        [property: JsonPropertyName("voteId")] string VoteId,
        [property: JsonPropertyName("number")] int Number,
        [property: JsonPropertyName("itemId")] string? ItemId,
        [property: JsonPropertyName("motion")] string Motion,
        [property: JsonPropertyName("openedAt")] DateTimeOffset OpenedAt,
        [property: JsonPropertyName("offsetSeconds")] long? OffsetSeconds);

    public sealed record RunEntry(
        [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt,
        [property: JsonPropertyName("durationSeconds")] double DurationSeconds,
        [property: JsonPropertyName("segments")] IReadOnlyList<string> Segments);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // Ukrainian readable in the file
    };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static RecordingDescriptor Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<RecordingDescriptor>(json, Json) ?? throw new FormatException("recording.json is null");
}
