using Session.Broadcast.Secrets;

namespace Session.Broadcast.Options;

/// <summary>Everything the broadcast process is told on its command line and environment, validated.</summary>
public sealed record BroadcastOptions
{
    public required Uri Hall { get; init; }
    /// <summary>The hall CA's fingerprint (--hall-ca): an https:// hall's certificate is accepted when that CA issued it.</summary>
    public Session.Core.Transport.HallCaPin? HallCa { get; init; }
    public required VideoSource Source { get; init; }
    /// <summary>The ingest base URL without the key, e.g. <c>rtmp://a.rtmp.youtube.com/live2</c>; null: archive (and HLS) only.</summary>
    public string? RtmpBase { get; init; }
    public Secret? StreamKey { get; init; }
    public Secret? HallKey { get; init; }
    public string? AudioDevice { get; init; }
    public required string ArchiveDir { get; init; }
    public string? HlsDir { get; init; }
    public string? ChaptersPath { get; init; }
    /// <summary>Where a closed sitting's joined recording goes (<c>{dir}/{sittingId}/recording.mp4</c>); the hall's
    /// <c>DATA_DIR/recordings</c> when both run on one machine. Null: <c>{ArchiveDir}/recordings</c>.</summary>
    public string? RecordingsDir { get; init; }
    /// <summary>3590-IX: recordings are kept at least five years; a longer period may be configured, never a shorter one.</summary>
    /// <summary>Send each joined recording to the hall (needs the hall terminal key); <c>--no-upload</c> keeps it local only.</summary>
    public bool UploadRecordings { get; init; } = true;
    public int RetentionYears { get; init; } = Recording.RecordingJoiner.DefaultRetentionYears;
    public int Width { get; init; } = 1280;
    public int Height { get; init; } = 720;
    public int Fps { get; init; } = 25;
    /// <summary>Rate at which the overlay frames enter FFmpeg; rendering itself is event-driven (only on change).</summary>
    public int OverlayFps { get; init; } = 25;
    public TimeSpan? Duration { get; init; }
    /// <summary>DOMAIN.md: 720p/1080p at 3–8 Mbps constant bitrate.</summary>
    public int VideoKbps { get; init; } = 4500;
    public int AudioKbps { get; init; } = 128;
    /// <summary>Integrated loudness target for loudnorm; −14 LUFS is the usual streaming target.</summary>
    public double LoudnessLufs { get; init; } = -14;
    public string Preset { get; init; } = "veryfast";
    public int SegmentSeconds { get; init; } = 60;
    public TimeSpan ReconnectMax { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>The sign-language interpreter's picture (<c>--interpreter</c>), composed picture-in-picture; null: none.</summary>
    public VideoSource? Interpreter { get; init; }
    public Corner InterpreterCorner { get; init; } = Corner.BottomRight;
    /// <summary>Whether the interpreter window is shown when the stream starts; the secretary switches it later.</summary>
    public bool InterpreterOnAtStart { get; init; } = true;
    /// <summary>The PTZ camera that follows the floor (<c>--camera</c>); null: no camera control.</summary>
    public Camera.CameraTarget? Camera { get; init; }
    public Camera.CameraPresets? CameraPresets { get; init; }
    /// <summary>The least time the camera stays on a shot before an automatic recall moves it again.</summary>
    public TimeSpan CameraHold { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>YouTube's caption ingestion URL (<c>closedCaptionsIngestionUrl</c>, with its <c>cid</c>): a secret like the stream key.</summary>
    public Secret? CaptionsUrl { get; init; }
    /// <summary>The WebVTT file of the captions, beside the archive by default.</summary>
    public string? CaptionsVttPath { get; init; }
    /// <summary>A Whisper (ggml) model file: turns on speech-to-text captions from the stream's audio. Off when null.</summary>
    public string? SttModelPath { get; init; }
    public string SttLanguage { get; init; } = "uk";
    /// <summary>How long a caption stays on the picture without new text.</summary>
    public TimeSpan CaptionHold { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The YouTube lifecycle (<c>--youtube-client</c>/<c>--youtube-token</c>): the event, its stream key and caption
    /// URL come from the API at start. Null: a pasted key (<see cref="RtmpBase"/> + <see cref="StreamKey"/>) or none.</summary>
    public YouTube.YouTubeOptions? YouTube { get; init; }

    /// <summary>The full ingest URL with the key appended (ARCHITECTURE.md): never log it, pass it only to FFmpeg.
    /// A method, not a property, so the record's generated ToString cannot print it.</summary>
    public string? IngestUrl() => RtmpBase is null || StreamKey is null ? null : RtmpBase.TrimEnd('/') + "/" + StreamKey.Reveal();
}
