using System.Text;
using Session.Core.Wire;

namespace Session.Broadcast.Chapters;

/// <summary>
/// Notes the stream time at which each agenda item starts, from the pushed <see cref="SittingView"/>s, and writes the
/// chapter list when the sitting closes (and on exit).
/// </summary>
public sealed class ChapterRecorder(string path)
{
    private readonly Lock gate = new();
    private readonly List<Chapter> raw = [];
    private string? lastItem;
    private bool written;

    public string Path { get; } = path;

    /// <returns>true when the sitting has just closed (the caller then writes).</returns>
    public bool Observe(SittingView view, TimeSpan streamTime)
    {
        lock (gate)
        {
            if (view.CurrentItemId is { } id && id != lastItem && view.Agenda.FirstOrDefault(a => a.Id == id) is { } item)
            {
                raw.Add(new Chapter(streamTime, $"{item.Number}. {item.Title}"));
                lastItem = id;
            }
            return view.Status == "closed" && !written;
        }
    }

    public IReadOnlyList<Chapter> Chapters(TimeSpan? end)
    {
        lock (gate) return ChapterList.Normalise(raw.ToList(), end);
    }

    /// <summary>Writes the file atomically (temp + rename); returns the chapters written.</summary>
    public IReadOnlyList<Chapter> Write(TimeSpan? end)
    {
        var chapters = Chapters(end);
        lock (gate)
        {
            if (raw.Count == 0) return chapters;
            var dir = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            var tmp = Path + ".tmp";
            File.WriteAllText(tmp, ChapterList.Format(chapters), new UTF8Encoding(false));
            File.Move(tmp, Path, overwrite: true);
            written = true;
        }
        return chapters;
    }
}
