namespace Session.HallServer.Recordings;

/// <summary>Hall:Recordings:* — the sittings' recordings the broadcast uploads (docs/api.md "Recordings").</summary>
public sealed class RecordingOptions
{
    /// <summary>Largest recording accepted, in bytes (a four-hour 720p sitting is about 3 GB).</summary>
    public long MaxBytes { get; set; } = 32L * 1024 * 1024 * 1024;

    public IEnumerable<string> Validate()
    {
        if (MaxBytes < 1024 * 1024) yield return "Hall:Recordings:MaxBytes must be at least 1048576 (1 MiB)";
    }
}
