using Session.Broadcast.Hall;
using Session.Core.Wire;

namespace Session.Broadcast.Captions;

/// <summary>The lines typed on the hall's caption console, as the hall pushes them to <c>/hubs/public</c> (<see cref="PublicWatcher"/>).</summary>
public sealed class HallCaptionSource(PublicWatcher watcher) : ICaptionSource
{
    public string Name => "caption console";

    public async Task RunAsync(Action<CaptionLine> emit, CancellationToken ct)
    {
        void OnCaption(CaptionLine line) => emit(line);
        watcher.Caption += OnCaption;
        try { await Task.Delay(Timeout.Infinite, ct); }
        catch (OperationCanceledException) { }
        finally { watcher.Caption -= OnCaption; }
    }
}
