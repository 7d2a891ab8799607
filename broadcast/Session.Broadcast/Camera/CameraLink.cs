namespace Session.Broadcast.Camera;

/// <summary>A camera that can be told to go to a stored preset.</summary>
public interface ICameraLink : IDisposable
{
    /// <summary>Completes when the camera has accepted the recall; throws <see cref="CameraException"/> when it refuses or is silent.</summary>
    Task RecallAsync(string preset, CancellationToken ct);
}

/// <summary>A camera that did not do what it was told, in the operator's words (Ukrainian) and English.</summary>
public sealed class CameraException(string uk, string en) : Exception(en)
{
    public string Uk { get; } = uk;
    public string En { get; } = en;
    public override string ToString() => $"{Uk} / {En}";
}

public static class CameraLinks
{
    /// <summary>How long a camera may take to acknowledge a command before it counts as not answering.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(2);

    public static ICameraLink Open(CameraTarget target, TimeSpan? answerTimeout = null) => target switch
    {
        CameraTarget.ViscaUdp u => new ViscaUdpLink(u.Host, u.Port, answerTimeout ?? AnswerTimeout),
        CameraTarget.ViscaTcp t => new ViscaTcpLink(t.Host, t.Port, answerTimeout ?? AnswerTimeout),
        CameraTarget.Onvif o => new OnvifPtzLink(o, answerTimeout ?? AnswerTimeout),
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };
}
