using System.Text.Json;
using System.Text.Json.Serialization;
using Session.Core.Wire;

namespace Session.Broadcast.Recording;

public sealed record ItemMark(
    [property: JsonPropertyName("itemId")] string ItemId,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("at")] DateTimeOffset At);

public sealed record VoteMark(
    [property: JsonPropertyName("voteId")] string VoteId,
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("itemId")] string? ItemId,
    [property: JsonPropertyName("motion")] string Motion,
    [property: JsonPropertyName("openedAt")] DateTimeOffset OpenedAt);

/// <summary>
/// What the recording must point at, in wall-clock time: when the sitting was open (as this broadcast saw it), when each
/// agenda item was taken up and when each vote opened (the hall's own <c>openedAt</c>). Fed the pushed
/// <see cref="SittingView"/>s of one sitting; the next sitting gets a new instance, so a closed sitting's marks stay
/// as they were while its recording is joined.
/// </summary>
public sealed class SittingMarks
{
    private readonly Lock gate = new();
    private readonly List<ItemMark> items = [];
    private readonly Dictionary<string, VoteMark> votes = [];

    public string? SittingId { get; private set; }
    public bool Closed { get; private set; }
    /// <summary>When this broadcast first saw the sitting open; null when it only ever saw it closed.</summary>
    public DateTimeOffset? OpenedAt { get; private set; }
    /// <summary>When this broadcast first saw the sitting closed.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <returns>true when this view is the one that closed the sitting (seen open before).</returns>
    public bool Observe(SittingView view, DateTimeOffset now)
    {
        lock (gate)
        {
            if (SittingId != view.SittingId)
            {
                // A new sitting on the hall starts a new set of marks (the host starts a new instance; this is the fallback).
                SittingId = view.SittingId;
                items.Clear();
                votes.Clear();
                (OpenedAt, ClosedAt, Closed) = (null, null, false);
            }
            if (view.CurrentItemId is { } id && (items.Count == 0 || items[^1].ItemId != id) && view.Agenda.FirstOrDefault(a => a.Id == id) is { } item)
                items.Add(new ItemMark(id, $"{item.Number}. {item.Title}", now));
            // The self-test's vote is not part of the record (docs/publishing.md), so it gets no link either.
            foreach (var v in view.Votes.Where(v => !v.Test))
                votes[v.VoteId] = new VoteMark(v.VoteId, v.Number, v.ItemId, v.Motion, v.OpenedAt);
            var wasClosed = Closed;
            Closed = view.Status == "closed";
            if (!Closed) OpenedAt ??= now;
            if (Closed && !wasClosed) ClosedAt = now;
            return Closed && !wasClosed && OpenedAt is not null;
        }
    }

    public IReadOnlyList<ItemMark> Items { get { lock (gate) return items.ToList(); } }

    public IReadOnlyList<VoteMark> Votes { get { lock (gate) return votes.Values.OrderBy(v => v.OpenedAt).ToList(); } }

    /// <summary>A closed sitting's marks as they were recorded, or as rebuilt from the hall's journal.</summary>
    public static SittingMarks Of(string sittingId, DateTimeOffset? openedAt, DateTimeOffset closedAt, IEnumerable<ItemMark> items, IEnumerable<VoteMark> votes)
    {
        var marks = new SittingMarks { SittingId = sittingId, OpenedAt = openedAt, ClosedAt = closedAt, Closed = true };
        marks.items.AddRange(items.OrderBy(i => i.At));
        foreach (var v in votes) marks.votes[v.VoteId] = v;
        return marks;
    }

    /// <summary>
    /// <c>marks-{sittingId}.json</c> in the archive: written when the sitting closes, so <c>join</c> rebuilds the very
    /// recording the broadcast joined (same chapters to the millisecond, same hash) after a crash or a failed upload.
    /// </summary>
    public static string FilePath(string archiveDir, string sittingId) => Path.Combine(archiveDir, $"marks-{sittingId}.json");

    public void Save(string archiveDir)
    {
        var file = new MarksFile(SittingId ?? throw new InvalidOperationException("no sitting"), OpenedAt, ClosedAt ?? throw new InvalidOperationException("not closed"), Items, Votes);
        var path = FilePath(archiveDir, file.SittingId);
        Directory.CreateDirectory(archiveDir);
        File.WriteAllBytes(path + ".tmp", JsonSerializer.SerializeToUtf8Bytes(file, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static SittingMarks? Load(string archiveDir, string sittingId)
    {
        var path = FilePath(archiveDir, sittingId);
        if (!File.Exists(path)) return null;
        var f = JsonSerializer.Deserialize<MarksFile>(File.ReadAllBytes(path), Json) ?? throw new FormatException($"{path} is null");
        return Of(f.SittingId, f.OpenedAt, f.ClosedAt, f.Items, f.Votes);
    }

    private sealed record MarksFile(
        [property: JsonPropertyName("sittingId")] string SittingId,
        [property: JsonPropertyName("openedAt")] DateTimeOffset? OpenedAt,
        [property: JsonPropertyName("closedAt")] DateTimeOffset ClosedAt,
        [property: JsonPropertyName("items")] IReadOnlyList<ItemMark> Items,
        [property: JsonPropertyName("votes")] IReadOnlyList<VoteMark> Votes);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
