using Session.Core.Wire;

namespace Session.Broadcast.Recording;

public sealed record ItemMark(string ItemId, string Title, DateTimeOffset At);

public sealed record VoteMark(string VoteId, int Number, string? ItemId, string Motion, DateTimeOffset OpenedAt);

/// <summary>
/// What the recording must point at, in wall-clock time: when each agenda item was taken up (as this broadcast saw it)
/// and when each vote opened (the hall's own <c>openedAt</c>). Fed the pushed <see cref="SittingView"/>s.
/// </summary>
public sealed class SittingMarks
{
    private readonly Lock gate = new();
    private readonly List<ItemMark> items = [];
    private readonly Dictionary<string, VoteMark> votes = [];

    public string? SittingId { get; private set; }
    public bool Closed { get; private set; }

    public void Observe(SittingView view, DateTimeOffset now)
    {
        lock (gate)
        {
            if (SittingId != view.SittingId)
            {
                // One broadcast follows one sitting; a new sitting on the hall starts a new set of marks.
                SittingId = view.SittingId;
                items.Clear();
                votes.Clear();
            }
            if (view.CurrentItemId is { } id && (items.Count == 0 || items[^1].ItemId != id) && view.Agenda.FirstOrDefault(a => a.Id == id) is { } item)
                items.Add(new ItemMark(id, $"{item.Number}. {item.Title}", now));
            // The self-test's vote is not part of the record (docs/publishing.md), so it gets no link either.
            foreach (var v in view.Votes.Where(v => !v.Test))
                votes[v.VoteId] = new VoteMark(v.VoteId, v.Number, v.ItemId, v.Motion, v.OpenedAt);
            Closed = view.Status == "closed";
        }
    }

    public IReadOnlyList<ItemMark> Items { get { lock (gate) return items.ToList(); } }

    public IReadOnlyList<VoteMark> Votes { get { lock (gate) return votes.Values.OrderBy(v => v.OpenedAt).ToList(); } }
}
