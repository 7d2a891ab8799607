using System.Text.Json.Serialization;

namespace Session.Broadcast.Health;

/// <summary>Where the RTMP leg is: the secretary's console shows it.</summary>
public enum IngestState { Disabled, Connecting, Live, Reconnecting }

/// <summary>The health object sent to hall-server's <c>ReportStreamHealth</c> every second (camelCase JSON).</summary>
public sealed record StreamHealth(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("encoderRunning")] bool EncoderRunning,
    [property: JsonPropertyName("fps")] double Fps,
    [property: JsonPropertyName("bitrateKbps")] double? BitrateKbps,
    [property: JsonPropertyName("droppedFrames")] long DroppedFrames,
    [property: JsonPropertyName("duplicatedFrames")] long DuplicatedFrames,
    [property: JsonPropertyName("speed")] double? Speed,
    [property: JsonPropertyName("ingest")] string Ingest,
    [property: JsonPropertyName("ingestReconnects")] int IngestReconnects,
    [property: JsonPropertyName("loudnessMomentary")] double? LoudnessMomentary,
    [property: JsonPropertyName("loudnessShortTerm")] double? LoudnessShortTerm,
    [property: JsonPropertyName("loudnessIntegrated")] double? LoudnessIntegrated,
    [property: JsonPropertyName("loudnessTarget")] double LoudnessTarget,
    [property: JsonPropertyName("streamSeconds")] double StreamSeconds,
    [property: JsonPropertyName("archiveSegments")] int ArchiveSegments)
{
    /// <summary>"on"/"off" while an interpreter window is configured, else null.</summary>
    [JsonPropertyName("interpreter")] public string? Interpreter { get; init; }
    /// <summary>"live" while the interpreter's source delivers pictures, "lost" while it is being reconnected.</summary>
    [JsonPropertyName("interpreterSource")] public string? InterpreterSource { get; init; }
    [JsonPropertyName("camera")] public Camera.CameraState? Camera { get; init; }
    /// <summary>Why the last stream control was not followed, in Ukrainian and English; null when it was.</summary>
    [JsonPropertyName("controlErrorUk")] public string? ControlErrorUk { get; init; }
    [JsonPropertyName("controlErrorEn")] public string? ControlErrorEn { get; init; }
    /// <summary>The YouTube event's state (creating, waiting, live, complete, failed) with --youtube-*, else null.</summary>
    [JsonPropertyName("youTube")] public string? YouTube { get; init; }
    /// <summary>The event's id (youtube.com/watch?v=ID) once created.</summary>
    [JsonPropertyName("youTubeId")] public string? YouTubeId { get; init; }
    /// <summary>Why YouTube refused or does not see the stream, in Ukrainian and English; null while all is well.</summary>
    [JsonPropertyName("youTubeErrorUk")] public string? YouTubeErrorUk { get; init; }
    [JsonPropertyName("youTubeErrorEn")] public string? YouTubeErrorEn { get; init; }
}

/// <summary>Collects the latest numbers from the encoder and relay; <see cref="Snapshot"/> is what gets reported.</summary>
public sealed class HealthBoard(double loudnessTarget, TimeProvider clock)
{
    private readonly Lock gate = new();
    private Ffmpeg.ProgressLine? progress;
    private long progressAt;
    private double? rateFps, rateSpeed;
    private Ffmpeg.LoudnessLine? loudness;
    private IngestState ingest = IngestState.Disabled;
    private int reconnects;
    private bool encoderRunning;
    private long dropBase, dupBase;

    public void Encoder(bool running)
    {
        lock (gate)
        {
            // Counters restart with each encoder process; keep them cumulative for the console.
            if (!running && progress is not null) { dropBase += progress.Drop; dupBase += progress.Dup; progress = null; rateFps = null; rateSpeed = null; }
            encoderRunning = running;
        }
    }

    /// <summary>
    /// FFmpeg's fps= and speed= are averages since the start (and loudnorm's 3 s look-ahead holds the first output back),
    /// so the console gets rates over the last interval between progress lines instead.
    /// </summary>
    public void Progress(Ffmpeg.ProgressLine p)
    {
        var now = clock.GetTimestamp();
        lock (gate)
        {
            if (progress is { } prev && p.Frame >= prev.Frame)
            {
                var wall = clock.GetElapsedTime(progressAt, now).TotalSeconds;
                if (wall > 0.2)
                {
                    rateFps = (p.Frame - prev.Frame) / wall;
                    if (p.Time is { } t && prev.Time is { } pt) rateSpeed = (t - pt).TotalSeconds / wall;
                }
            }
            else { rateFps = null; rateSpeed = null; }
            progress = p;
            progressAt = now;
        }
    }

    public void Loudness(Ffmpeg.LoudnessLine l) { lock (gate) loudness = l; }

    public void Ingest(IngestState state, bool reconnect = false)
    {
        lock (gate) { ingest = state; if (reconnect) reconnects++; }
    }

    public IngestState IngestState { get { lock (gate) return ingest; } }

    public StreamHealth Snapshot(int archiveSegments)
    {
        lock (gate)
        {
            static double? Db(double v) => v < -69 ? null : v; // ebur128 reports −70/−120 for silence
            return new StreamHealth(clock.GetUtcNow(), encoderRunning, rateFps ?? progress?.Fps ?? 0, progress?.BitrateKbps,
                dropBase + (progress?.Drop ?? 0), dupBase + (progress?.Dup ?? 0), rateSpeed ?? progress?.Speed,
                ingest.ToString().ToLowerInvariant(), reconnects,
                loudness is null ? null : Db(loudness.Momentary), loudness is null ? null : Db(loudness.ShortTerm),
                loudness is null ? null : Db(loudness.Integrated), loudnessTarget,
                progress?.Time?.TotalSeconds ?? 0, archiveSegments);
        }
    }
}
