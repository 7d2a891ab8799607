using System.Globalization;
using System.Text;

namespace Session.Broadcast.Recording;

/// <summary>A chapter of the joined MP4: one per agenda item, from its start to the next item's (or the end).</summary>
public sealed record RecordingChapter(string? ItemId, string Title, TimeSpan Start, TimeSpan End);

/// <summary>FFmpeg's metadata file format (<c>;FFMETADATA1</c>, ffmpeg-formats "Metadata"), chapters only.</summary>
public static class FfMetadata
{
    public static string Format(string title, IReadOnlyList<RecordingChapter> chapters)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = new StringBuilder(";FFMETADATA1\n").Append("title=").Append(Escape(title)).Append('\n');
        foreach (var c in chapters)
            s.Append("[CHAPTER]\nTIMEBASE=1/1000\n")
             .Append("START=").Append(((long)c.Start.TotalMilliseconds).ToString(inv)).Append('\n')
             .Append("END=").Append(((long)c.End.TotalMilliseconds).ToString(inv)).Append('\n')
             .Append("title=").Append(Escape(c.Title)).Append('\n');
        return s.ToString();
    }

    // '=', ';', '#', '\' and newlines are special in the format and are escaped with a backslash.
    private static string Escape(string text)
    {
        var s = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (ch is '=' or ';' or '#' or '\\' or '\n') s.Append('\\');
            s.Append(ch == '\r' ? ' ' : ch);
        }
        return s.ToString();
    }

    /// <summary>
    /// Chapters from the items' positions: an opening chapter when the first item starts after the recording does, then
    /// one per agenda item taken up. Unlike YouTube's list there is no 10 s minimum: the file keeps every item.
    /// </summary>
    public static IReadOnlyList<RecordingChapter> Chapters(IReadOnlyList<(string ItemId, string Title, TimeSpan At)> items, TimeSpan end)
    {
        var ordered = items.Where(i => i.At < end).OrderBy(i => i.At).ToList();
        var result = new List<RecordingChapter>();
        var firstAt = ordered.Count > 0 ? ordered[0].At : end;
        // Under a second before the first item is the encoder starting, not an opening worth a chapter.
        if (firstAt >= TimeSpan.FromSeconds(1)) result.Add(new RecordingChapter(null, Session.Broadcast.Chapters.ChapterList.OpeningTitle, TimeSpan.Zero, firstAt));
        for (int i = 0; i < ordered.Count; i++)
        {
            var start = i == 0 && firstAt < TimeSpan.FromSeconds(1) ? TimeSpan.Zero : ordered[i].At;
            var next = i + 1 < ordered.Count ? ordered[i + 1].At : end;
            result.Add(new RecordingChapter(ordered[i].ItemId, ordered[i].Title, start, next));
        }
        return result;
    }
}
