using Orleans.Serialization.Cloning;

namespace Session.HallServer.Hosting;

/// <summary>
/// Inside one silo a grain call's arguments and result are deep-copied. Session.Core's wire types (views, journal
/// events, commands) are immutable records whose collections are snapshots taken when they are built, so they pass by
/// reference instead. Measured in the hall bench: the JSON codec's copy (serialize, then deserialize) of a 450-seat
/// council's sitting view held a public viewer's WatchCouncil to about five a second on one core. Between silos the
/// JSON codec still serializes them.
/// </summary>
public sealed class CoreTypesCopier : IGeneralizedCopier
{
    public static bool IsCoreType(Type type) => type.Namespace?.StartsWith("Session.Core", StringComparison.Ordinal) == true;

    public bool IsSupportedType(Type type) => IsCoreType(type) && !type.IsAbstract;

    public object? DeepCopy(object? input, CopyContext context) => input;
}
