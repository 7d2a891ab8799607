namespace Session.Broadcast.Chapters;

public sealed record Chapter(TimeSpan At, string Title);

/// <summary>
/// YouTube's chapter list for the video description (DOMAIN.md): first line <c>0:00 …</c>, ascending, each chapter at
/// least 10 s long, titles at most 70 characters; YouTube shows chapters only when there are at least three.
/// </summary>
public static class ChapterList
{
    public static readonly TimeSpan MinLength = TimeSpan.FromSeconds(10);
    public const int MaxTitle = 70;
    public const int MinCount = 3;
    public const string OpeningTitle = "Відкриття засідання";

    /// <summary>Normalises raw agenda-item start times into valid chapters.</summary>
    /// <param name="end">the length of the video, when known: a last chapter shorter than 10 s is merged away.</param>
    public static IReadOnlyList<Chapter> Normalise(IEnumerable<Chapter> raw, TimeSpan? end = null)
    {
        var result = new List<Chapter>();
        foreach (var c in raw.Where(c => c.At >= TimeSpan.Zero).OrderBy(c => c.At))
        {
            var title = Title(c.Title);
            var at = TimeSpan.FromSeconds(Math.Floor(c.At.TotalSeconds));
            if (result.Count == 0)
            {
                result.Add(at < MinLength ? new Chapter(TimeSpan.Zero, title) : new Chapter(TimeSpan.Zero, OpeningTitle));
                if (at >= MinLength) result.Add(new Chapter(at, title));
                continue;
            }
            var last = result[^1];
            // A chapter shorter than 10 s is not allowed: the later item takes the earlier start.
            if (at - last.At < MinLength) result[^1] = last with { Title = title };
            else result.Add(new Chapter(at, title));
        }
        if (end is { } e && result.Count > 1 && e - result[^1].At < MinLength) result.RemoveAt(result.Count - 1);
        return result;
    }

    public static string Format(IReadOnlyList<Chapter> chapters) =>
        string.Concat(chapters.Select(c => $"{Stamp(c.At)} {c.Title}\n"));

    public static string Stamp(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Minutes}:{t.Seconds:00}";

    private static string Title(string title)
    {
        title = string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (title.Length == 0) title = "Питання порядку денного";
        return title.Length <= MaxTitle ? title : title[..(MaxTitle - 1)].TrimEnd() + "…";
    }
}
