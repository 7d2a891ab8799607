namespace Session.Broadcast.Recording;

/// <summary>
/// When a run's first frame was really captured, in wall-clock time. The encoder's start is seconds too early (FFmpeg
/// opens inputs, pipes and filters first), so it is measured instead: FFmpeg pulls overlay frame k when it composes
/// output frame k, so each pull gives <c>now − k/fps</c>; the smallest over seconds 1–10 of the run is the estimate
/// (a pull is never early by more than the two frames FFmpeg queues, and a busy machine only makes it late).
/// </summary>
public sealed class RunAnchor(int fps, TimeProvider clock)
{
    private readonly Lock gate = new();
    private DateTimeOffset? best;

    public DateTimeOffset? Estimate { get { lock (gate) return best; } }

    /// <summary>Overlay frame <paramref name="index"/> (0-based within the run) has just been taken by FFmpeg.</summary>
    public void Pulled(long index)
    {
        if (index < fps || index > 10L * fps) return; // start-up reads run ahead of the picture; later ones add nothing
        var start = clock.GetUtcNow() - TimeSpan.FromSeconds((double)index / fps);
        lock (gate) if (best is null || start < best) best = start;
    }
}
