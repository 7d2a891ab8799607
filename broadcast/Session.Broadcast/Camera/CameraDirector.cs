using Microsoft.Extensions.Logging;
using Session.Core.Wire;

namespace Session.Broadcast.Camera;

/// <summary>What the camera is doing, for the secretary's stream panel.</summary>
public sealed record CameraState(
    [property: System.Text.Json.Serialization.JsonPropertyName("mode")] string Mode,
    [property: System.Text.Json.Serialization.JsonPropertyName("shot")] string? Shot,
    [property: System.Text.Json.Serialization.JsonPropertyName("errorUk")] string? ErrorUk,
    [property: System.Text.Json.Serialization.JsonPropertyName("errorEn")] string? ErrorEn,
    [property: System.Text.Json.Serialization.JsonPropertyName("presets")] IReadOnlyList<string> Presets);

/// <summary>
/// The camera follows the floor: the speaker's seat preset when <c>FloorGranted</c> puts a speaker in the sitting view,
/// the overview when the floor ends or nobody speaks. An automatic move waits until the previous shot has been held for
/// the hold time, so a quick grant-and-end does not whip the camera; the latest wish wins when the hold ends. The
/// secretary's manual preset recalls at once and pauses the automatic moves until released. A camera error is shown and
/// logged and retried at the next move; it never reaches the stream.
/// </summary>
public sealed class CameraDirector(CameraPresets presets, ICameraLink link, TimeSpan hold, TimeProvider clock, ILogger log)
{
    private readonly Lock gate = new();
    private readonly SemaphoreSlim wake = new(0);
    private string automatic = CameraPresets.OverviewName;
    private string? manual;
    private string? shot;
    private long lastMove = long.MinValue;
    private CameraException? error;

    public long Recalls { get; private set; }

    public CameraState State
    {
        get { lock (gate) return new CameraState(manual is null ? "auto" : "manual", shot, error?.Uk, error?.En, presets.Names); }
    }

    /// <summary>The sitting as pushed by the hall: who has the floor decides the automatic shot.</summary>
    public void Observe(SittingView view)
    {
        string wanted = CameraPresets.OverviewName;
        if (view.Speaker is { } sp && view.Recess is null
            && view.Deputies.FirstOrDefault(d => d.Id == sp.DeputyId)?.Seat is { } seat && presets.Seats.ContainsKey(seat))
            wanted = seat.ToString(System.Globalization.CultureInfo.InvariantCulture);
        lock (gate) { if (automatic == wanted) return; automatic = wanted; }
        wake.Release();
    }

    /// <summary>The secretary's preset button: recalled at once; automatic moves pause until <see cref="Release"/>.</summary>
    public bool Manual(string name)
    {
        if (presets.Named(name) is null) return false;
        lock (gate) { manual = name; lastMove = long.MinValue; }
        wake.Release();
        return true;
    }

    public void Release()
    {
        lock (gate) manual = null;
        wake.Release();
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            string? due; TimeSpan wait;
            lock (gate)
            {
                var wanted = manual ?? automatic;
                var held = lastMove == long.MinValue ? TimeSpan.MaxValue : clock.GetElapsedTime(lastMove);
                (due, wait) = wanted == shot && error is null ? (null, Timeout.InfiniteTimeSpan)
                    : held >= hold ? (wanted, TimeSpan.Zero) : (null, hold - held);
            }
            if (due is not null) await RecallAsync(due, ct);
            else
            {
                try { await wake.WaitAsync(wait, ct); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task RecallAsync(string name, CancellationToken ct)
    {
        var preset = presets.Named(name)!;
        lock (gate) lastMove = clock.GetTimestamp();
        try
        {
            await link.RecallAsync(preset, ct);
            Recalls++;
            lock (gate) { shot = name; error = null; }
            log.LogInformation("Camera: preset {Preset} ({Shot}) recalled", preset, name);
        }
        catch (CameraException e)
        {
            bool first;
            lock (gate) { first = error?.En != e.En; error = e; }
            if (first) log.LogWarning("Camera: {Error} (preset {Preset}); the stream goes on, retrying at the next move", e.En, preset);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            lock (gate) error = new CameraException($"помилка керування камерою: {e.Message}", $"camera control failed: {e.Message}");
            log.LogWarning("Camera: {Error}", e.Message);
        }
    }
}
