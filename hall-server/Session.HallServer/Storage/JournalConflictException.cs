namespace Session.HallServer.Storage;

/// <summary>
/// An append found its sequence number already stored: another activation of the sitting's grain (another node, or a
/// grain that outlived a partition) wrote first. The primary key refused the whole batch, so the chain never forks; the
/// loser acknowledges nothing, deactivates and rebuilds from the journal on the next command.
/// </summary>
public sealed class JournalConflictException(string sittingId, long seq, Exception inner)
    : Exception($"journal of sitting {sittingId}: event {seq} (or a later one of the batch) is already stored by another writer", inner)
{
    public string SittingId { get; } = sittingId;
    public long Seq { get; } = seq;
}
