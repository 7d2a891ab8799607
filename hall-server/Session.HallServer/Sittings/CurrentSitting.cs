using Session.HallServer.Storage;

namespace Session.HallServer.Sittings;

/// <summary>The sitting the hall is running now (one hall, one current sitting); cached off the hot path.</summary>
public sealed class CurrentSitting(HallDirectory directory, IGrainFactory grains)
{
    private string? _id;

    public async Task<string?> IdAsync() => _id ??= (await directory.CurrentSittingAsync())?.Id;

    public void Forget() => _id = null;

    public async Task<ISittingGrain?> GrainAsync() => await IdAsync() is { } id ? grains.GetGrain<ISittingGrain>(id) : null;

    public ISittingGrain Grain(string sittingId) => grains.GetGrain<ISittingGrain>(sittingId);
}
