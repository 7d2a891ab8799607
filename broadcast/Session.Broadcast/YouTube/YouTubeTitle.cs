using System.Globalization;
using Session.Core.Wire;

namespace Session.Broadcast.YouTube;

/// <summary>
/// The event's title and description from the sitting the broadcast follows: council, session, convocation, sitting
/// number and date. YouTube's limits: a title of at most 100 characters, a description of at most 5000 bytes, neither
/// with '&lt;' or '&gt;'. The title is Ukrainian only (it would not fit twice); the description says it in both.
/// </summary>
public static class YouTubeTitle
{
    public const int MaxTitle = 100;
    public const int MaxDescriptionBytes = 5000;

    public static string For(SittingView? sitting, DateTimeOffset now)
    {
        var title = sitting is null
            ? $"Засідання ради {now.UtcDateTime:dd.MM.yyyy}"
            : $"{sitting.BodyName}: {sitting.SessionTitle} ({sitting.Convocation} скликання), засідання {sitting.SittingNumber}, {Date(sitting.Date)}";
        title = Clean(title);
        return title.Length <= MaxTitle ? title : title[..(MaxTitle - 1)].TrimEnd() + "…";
    }

    public static string Description(SittingView? sitting, DateTimeOffset now) => Clean(sitting is null
        ? $"Пряма трансляція засідання ради.\nLive stream of the council's sitting, {now.UtcDateTime:yyyy-MM-dd}."
        : $"Пряма трансляція: {sitting.BodyName}, {sitting.SessionTitle} ({sitting.Convocation} скликання), засідання {sitting.SittingNumber}, {Date(sitting.Date)}, {sitting.Place}.\n" +
          $"Live stream: {sitting.BodyName}, session {sitting.SessionNumber} of convocation {sitting.Convocation}, sitting {sitting.SittingNumber}, {sitting.Date}.");

    /// <summary>The description with the chapter lines after a blank line; chapters that do not fit are left off whole.</summary>
    public static string WithChapters(string description, string chapterLines)
    {
        var text = Clean(description) + "\n\n";
        foreach (var line in Clean(chapterLines).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (System.Text.Encoding.UTF8.GetByteCount(text + line + "\n") > MaxDescriptionBytes) break;
            text += line + "\n";
        }
        return text.TrimEnd('\n');
    }

    private static string Date(string iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) : iso;

    private static string Clean(string text) => text.Replace('<', '‹').Replace('>', '›');
}
