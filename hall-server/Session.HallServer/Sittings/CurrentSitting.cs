using System.Collections.Concurrent;
using Session.HallServer.Storage;

namespace Session.HallServer.Sittings;

/// <summary>
/// Which sitting each hall runs now, and which a council's secretary and public follow; cached off the hot path and
/// forgotten when a sitting opens or closes.
/// </summary>
public sealed class CurrentSitting(HallDirectory directory, IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, string?> _byHall = new();
    private readonly ConcurrentDictionary<string, string?> _byCouncil = new();

    // A read that straddles a Forget (here, or another node's on a regional host) must not cache what it read before
    // the change: it is kept only when no Forget happened meanwhile.
    private readonly Lock _gate = new();
    private long _generation;

    public async Task<string?> IdAsync(string hallId)
    {
        if (_byHall.TryGetValue(hallId, out var id)) return id;
        var generation = Interlocked.Read(ref _generation);
        id = (await directory.CurrentSittingAsync(hallId))?.Id;
        lock (_gate) if (_generation == generation) _byHall[hallId] = id;
        return id;
    }

    /// <summary>The council's open sitting (the newest, when it sits in two halls at once).</summary>
    public async Task<string?> OfCouncilAsync(string councilId)
    {
        if (_byCouncil.TryGetValue(councilId, out var id)) return id;
        var generation = Interlocked.Read(ref _generation);
        id = (await directory.OpenSittingsAsync(councilId)).FirstOrDefault()?.Id;
        lock (_gate) if (_generation == generation) _byCouncil[councilId] = id;
        return id;
    }

    /// <summary>A hall's sitting opened or closed (on a regional host, every node is told: <see cref="Cluster.ClusterState"/>).</summary>
    public event Action<string, string>? Forgotten;

    public void Forget(string hallId, string councilId)
    {
        ForgetHere(hallId, councilId);
        Forgotten?.Invoke(hallId, councilId);
    }

    public void ForgetHere(string hallId, string councilId)
    {
        lock (_gate)
        {
            _generation++;
            _byHall.TryRemove(hallId, out _);
            _byCouncil.TryRemove(councilId, out _);
        }
    }

    public async Task<ISittingGrain?> GrainAsync(string hallId) => await IdAsync(hallId) is { } id ? Grain(id) : null;

    public ISittingGrain Grain(string sittingId) => grains.GetGrain<ISittingGrain>(sittingId);
}
