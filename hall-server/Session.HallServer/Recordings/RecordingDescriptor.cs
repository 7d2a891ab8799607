using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Session.HallServer.Registry;

namespace Session.HallServer.Recordings;

/// <summary>
/// <c>recording.json</c> as the hall reads it (docs/broadcast.md "The recording as a record"); the hall's own type, so
/// the hall never references the broadcast. Members are nullable so a missing one is a named refusal, not a crash.
/// What the hall publishes is this record written again (<see cref="ToJson"/>): only fields it checked.
/// </summary>
public sealed partial record RecordingDescriptor
{
    public const string FileName = "recording.json";
    public const string VideoFile = "recording.mp4";

    /// <summary>Largest descriptor accepted (a sitting of a thousand votes is about 300 KB).</summary>
    public const int MaxJsonBytes = 1024 * 1024;
    public const int MaxChapters = 1000;
    public const int MaxVotes = 2000;
    public const int MaxRuns = 1000;
    public const int MaxSegments = 20_000;
    public const int MaxIdLength = 128;
    public const int MaxTitleLength = 500;
    public const int MaxMotionLength = 2000;
    /// <summary>Two days: longer than any sitting, short enough to catch a unit mistake (milliseconds for seconds).</summary>
    public const double MaxDurationSeconds = 48 * 3600;

    [JsonPropertyName("sittingId")] public string? SittingId { get; init; }
    [JsonPropertyName("file")] public string? File { get; init; }
    [JsonPropertyName("sha256")] public string? Sha256 { get; init; }
    [JsonPropertyName("bytes")] public long Bytes { get; init; }
    [JsonPropertyName("durationSeconds")] public double DurationSeconds { get; init; }
    [JsonPropertyName("startedAt")] public DateTimeOffset? StartedAt { get; init; }
    [JsonPropertyName("keepUntil")] public DateTimeOffset? KeepUntil { get; init; }
    [JsonPropertyName("chapters")] public IReadOnlyList<Chapter>? Chapters { get; init; }
    [JsonPropertyName("votes")] public IReadOnlyList<Vote>? Votes { get; init; }
    [JsonPropertyName("runs")] public IReadOnlyList<Run>? Runs { get; init; }

    public sealed record Chapter(
        [property: JsonPropertyName("itemId")] string? ItemId,
        [property: JsonPropertyName("title")] string? Title,
        [property: JsonPropertyName("startSeconds")] double StartSeconds,
        [property: JsonPropertyName("endSeconds")] double EndSeconds);

    /// <param name="OffsetSeconds">null: the recording holds nothing from the vote's opening.</param>
    public sealed record Vote(
        [property: JsonPropertyName("voteId")] string? VoteId,
        [property: JsonPropertyName("number")] int Number,
        [property: JsonPropertyName("itemId")] string? ItemId,
        [property: JsonPropertyName("motion")] string? Motion,
        [property: JsonPropertyName("openedAt")] DateTimeOffset? OpenedAt,
        [property: JsonPropertyName("offsetSeconds")] long? OffsetSeconds);

    public sealed record Run(
        [property: JsonPropertyName("startedAt")] DateTimeOffset? StartedAt,
        [property: JsonPropertyName("durationSeconds")] double DurationSeconds,
        [property: JsonPropertyName("segments")] IReadOnlyList<string>? Segments);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // Ukrainian readable in the file
        NumberHandling = JsonNumberHandling.Strict,
    };

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Reads a descriptor; null with the reason when it is not JSON of this shape.</summary>
    public static RecordingDescriptor? Parse(ReadOnlySpan<byte> json, out string? problem)
    {
        try
        {
            problem = null;
            return JsonSerializer.Deserialize<RecordingDescriptor>(json, Json) ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            problem = ex.Path is { } p ? $"{p}: {FirstLine(ex.Message)}" : FirstLine(ex.Message);
            return null;
        }
    }

    private static string FirstLine(string s) => (s.Split('\n')[0] is { Length: > 200 } l ? l[..200] : s.Split('\n')[0]).Trim();

    /// <summary>The first thing wrong with the descriptor for this sitting, as a refusal in both languages; null when sound.</summary>
    public RegistryError? Problem(string sittingId, long maxBytes)
    {
        if (SittingId != sittingId)
            return Invalid("sittingId", $"sittingId «{Cut(SittingId)}» не збігається з засіданням у адресі «{sittingId}»",
                $"sittingId '{Cut(SittingId)}' does not match the sitting in the path '{sittingId}'");
        if (File is not (null or VideoFile))
            return Invalid("file", $"file має бути «{VideoFile}»", $"file must be '{VideoFile}'");
        if (Sha256 is null || !Sha256Hex().IsMatch(Sha256))
            return Invalid("sha256", "sha256 має бути 64 шістнадцятковими цифрами (малими літерами)", "sha256 must be 64 lowercase hexadecimal digits");
        if (Bytes <= 0 || Bytes > maxBytes)
            return Invalid("bytes", $"bytes має бути від 1 до {maxBytes} (Hall:Recordings:MaxBytes)", $"bytes must be between 1 and {maxBytes} (Hall:Recordings:MaxBytes)");
        if (!double.IsFinite(DurationSeconds) || DurationSeconds <= 0 || DurationSeconds > MaxDurationSeconds)
            return Invalid("durationSeconds", $"durationSeconds має бути більше 0 і не більше {MaxDurationSeconds}", $"durationSeconds must be above 0 and at most {MaxDurationSeconds}");
        if (StartedAt is null) return Invalid("startedAt", "startedAt обов'язковий", "startedAt is required");
        if (KeepUntil is null || KeepUntil < StartedAt) return Invalid("keepUntil", "keepUntil обов'язковий і не раніше startedAt", "keepUntil is required and not before startedAt");

        if (Chapters is null || Chapters.Count > MaxChapters)
            return Invalid("chapters", $"chapters: список до {MaxChapters} розділів", $"chapters: a list of at most {MaxChapters}");
        for (int i = 0; i < Chapters.Count; i++)
        {
            var c = Chapters[i];
            // ffprobe's chapter ends may pass the stream's end by a frame; a second of slack.
            if (c is null || string.IsNullOrWhiteSpace(c.Title) || c.Title.Length > MaxTitleLength || c.ItemId?.Length > MaxIdLength
                || !Within(c.StartSeconds) || !Within(c.EndSeconds) || c.EndSeconds < c.StartSeconds)
                return Invalid($"chapters[{i}]", $"розділ {i + 1}: назва до {MaxTitleLength} символів, 0 ≤ startSeconds ≤ endSeconds ≤ тривалості",
                    $"chapter {i + 1}: a title of at most {MaxTitleLength} characters, 0 ≤ startSeconds ≤ endSeconds ≤ the duration");
        }
        if (Votes is null || Votes.Count > MaxVotes)
            return Invalid("votes", $"votes: список до {MaxVotes} голосувань", $"votes: a list of at most {MaxVotes}");
        for (int i = 0; i < Votes.Count; i++)
        {
            var v = Votes[i];
            if (v is null || string.IsNullOrWhiteSpace(v.VoteId) || v.VoteId.Length > MaxIdLength || v.ItemId?.Length > MaxIdLength
                || v.Number < 0 || v.Motion is null || v.Motion.Length > MaxMotionLength || v.OpenedAt is null
                || v.OffsetSeconds is { } o && !Within(o))
                return Invalid($"votes[{i}]", $"голосування {i + 1}: voteId, motion (до {MaxMotionLength} символів), openedAt; offsetSeconds — null або від 0 до тривалості",
                    $"vote {i + 1}: voteId, motion (at most {MaxMotionLength} characters), openedAt; offsetSeconds null or from 0 to the duration");
        }
        if (Votes.Select(v => v.VoteId).Distinct(StringComparer.Ordinal).Count() != Votes.Count)
            return Invalid("votes", "votes: кожне голосування один раз", "votes: each vote once");
        if (Runs is null || Runs.Count > MaxRuns || Runs.Sum(r => (long)(r?.Segments?.Count ?? 0)) > MaxSegments)
            return Invalid("runs", $"runs: до {MaxRuns} запусків і {MaxSegments} сегментів", $"runs: at most {MaxRuns} runs and {MaxSegments} segments");
        foreach (var r in Runs)
            if (r is null || r.StartedAt is null || !double.IsFinite(r.DurationSeconds) || r.DurationSeconds < 0 || r.Segments is null
                || r.Segments.Any(s => string.IsNullOrEmpty(s) || s.Length > 260))
                return Invalid("runs", "runs: startedAt, durationSeconds ≥ 0 і назви сегментів до 260 символів", "runs: startedAt, durationSeconds ≥ 0 and segment names of at most 260 characters");
        return null;

        bool Within(double seconds) => double.IsFinite(seconds) && seconds >= 0 && seconds <= DurationSeconds + 1;
    }

    private static string Cut(string? s) => s is null ? "" : s.Length > 64 ? s[..64] + "…" : s;

    private static RegistryError Invalid(string field, string uk, string en) =>
        new("recording-descriptor-invalid", "Опис запису неправильний: " + uk, "The recording's descriptor is invalid: " + en, field, StatusCodes.Status400BadRequest);

    /// <summary>WebVTT chapters (kind="chapters"): one cue per chapter, from <c>chapters[]</c>.</summary>
    public string ChaptersVtt()
    {
        var sb = new System.Text.StringBuilder("WEBVTT\n\n");
        var n = 0;
        foreach (var c in Chapters ?? [])
        {
            var end = Math.Min(c.EndSeconds, DurationSeconds);
            var start = Math.Min(c.StartSeconds, end);
            // A cue's text may not hold "-->" or a blank line (WebVTT §4.1).
            var title = (c.Title ?? "").Replace("-->", "→", StringComparison.Ordinal).ReplaceLineEndings(" ").Trim();
            sb.Append(++n).Append('\n').Append(Stamp(start)).Append(" --> ").Append(Stamp(end)).Append('\n').Append(title).Append("\n\n");
        }
        return sb.ToString();
    }

    private static string Stamp(double seconds)
    {
        var t = TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}.{t.Milliseconds:000}");
    }
}
