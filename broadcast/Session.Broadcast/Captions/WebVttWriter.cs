using System.Globalization;
using System.Text;
using Session.Core.Wire;

namespace Session.Broadcast.Captions;

/// <summary>
/// The captions as WebVTT beside the archive (W3C WebVTT): cue times from the archive's start. A final line opens a cue;
/// it ends when the next final line arrives or <c>hold</c> later, whichever is first. Each cue is appended and flushed
/// as it ends, so a crash loses at most the cue on screen. Partial lines are not written.
/// </summary>
public sealed class WebVttWriter : IDisposable
{
    private readonly Lock gate = new();
    private readonly StreamWriter writer;
    private readonly TimeSpan hold;
    private (TimeSpan Start, string Text)? open;
    private int cues;
    private bool finished;

    public string Path { get; }

    public WebVttWriter(string path, TimeSpan hold)
    {
        Path = path;
        this.hold = hold;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.Write("WEBVTT\n\n");
        writer.Flush();
    }

    public void Add(CaptionLine line, TimeSpan sinceStart)
    {
        if (line.Partial || line.Text.Length == 0) return;
        lock (gate)
        {
            if (finished) return;
            Close(sinceStart);
            open = (sinceStart, line.Text);
        }
    }

    /// <summary>Ends the cue on screen once its hold has passed (called on the stream's tick).</summary>
    public void Tick(TimeSpan sinceStart)
    {
        lock (gate) if (!finished && open is { } o && sinceStart - o.Start >= hold) Close(sinceStart);
    }

    private void Close(TimeSpan at)
    {
        if (open is not { } o) return;
        var end = at - o.Start > hold ? o.Start + hold : at;
        if (end <= o.Start) end = o.Start + TimeSpan.FromMilliseconds(500);
        writer.Write($"{++cues}\n{Stamp(o.Start)} --> {Stamp(end)}\n{Escape(o.Text)}\n\n");
        writer.Flush();
        open = null;
    }

    public static string Stamp(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}.{t.Milliseconds:000}");

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Writes the cue on screen (ended at <paramref name="sinceStart"/>) and closes the file.</summary>
    public void Finish(TimeSpan sinceStart)
    {
        lock (gate)
        {
            if (finished) return;
            Close(sinceStart);
            finished = true;
            writer.Dispose();
        }
    }

    public void Dispose()
    {
        lock (gate) { finished = true; writer.Dispose(); }
    }
}
