using Session.Core.Journal;
using Session.Core.Sittings;

namespace Session.HallServer.Sittings;

/// <summary>Told of every batch once it is durable, on the grain's turn; must not block (queue slow work).</summary>
public interface ICommitListener
{
    void Committed(Sitting sitting, IReadOnlyList<JournalEntry> batch);
}
