using System.Globalization;

namespace Session.Broadcast.Captions;

/// <summary>
/// YouTube Live's HTTP caption ingestion (DOMAIN.md "Streaming"; YouTube's "Post captions" guide): each POST goes to the
/// broadcast's <c>closedCaptionsIngestionUrl</c> with <c>&amp;seq=N</c> (one more per new post, the same on a retry),
/// <c>Content-Type: text/plain</c>, and a body of a UTC timestamp line <c>YYYY-MM-DDTHH:MM:SS.mmm</c> (no zone letter)
/// followed by the caption text; a line break inside a caption is <c>&lt;br&gt;</c>.
/// </summary>
public static class YouTubeCaptionFormat
{
    public static string Body(DateTimeOffset at, string text) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "\n" +
        text.Replace("\r\n", "<br>").Replace('\n', ' ').Replace('\r', ' ') + "\n";

    public static Uri WithSeq(string url, long seq) =>
        new(url + (url.Contains('?') ? "&" : "?") + "seq=" + seq.ToString(CultureInfo.InvariantCulture));
}
