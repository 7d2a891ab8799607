namespace Session.Broadcast.Recording;

/// <summary>A run placed in the joined recording: when it started (wall clock) and how long it lasts in the file.</summary>
public sealed record PlacedRun(DateTimeOffset StartedAt, TimeSpan Duration);

/// <summary>
/// Maps a wall-clock moment to a position in the joined recording. The recording is the encoder's runs one after another;
/// while the encoder was restarting nothing was recorded, so a moment in such a gap maps to where recording resumed.
/// </summary>
public sealed class RecordingTimeline(IReadOnlyList<PlacedRun> runs)
{
    public TimeSpan Duration { get; } = runs.Aggregate(TimeSpan.Zero, (d, r) => d + r.Duration);

    /// <returns>null when the recording holds nothing from that moment on, or the moment is before it began.</returns>
    public TimeSpan? Offset(DateTimeOffset at)
    {
        var offset = TimeSpan.Zero;
        foreach (var run in runs)
        {
            if (at < run.StartedAt) return offset == TimeSpan.Zero && run == runs[0] ? null : offset;
            if (at < run.StartedAt + run.Duration) return offset + (at - run.StartedAt);
            offset += run.Duration;
        }
        return null;
    }

    /// <summary>Like <see cref="Offset"/>, but a moment before the recording began maps to its start (an item already under way).</summary>
    public TimeSpan? OffsetOrStart(DateTimeOffset at) =>
        runs.Count > 0 && at < runs[0].StartedAt ? TimeSpan.Zero : Offset(at);
}
