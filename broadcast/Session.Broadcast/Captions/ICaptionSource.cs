using Session.Core.Wire;

namespace Session.Broadcast.Captions;

/// <summary>
/// Where caption lines come from (issue 14): the hall's caption console (<see cref="HallCaptionSource"/>, always on —
/// it shows only what someone types) or speech-to-text (<see cref="Stt.WhisperCaptionSource"/>, only with
/// <c>--stt-model</c>). A source calls <c>emit</c> for each line, final or partial, until cancelled.
/// </summary>
public interface ICaptionSource
{
    string Name { get; }

    Task RunAsync(Action<CaptionLine> emit, CancellationToken ct);
}
