using Session.Core.Wire;

namespace Session.Broadcast.Captions;

/// <summary>
/// What the caption band shows now: the latest final line, followed by the text still being typed, until
/// <c>hold</c> passes without new text. Lines arrive from several sources, each numbered its own way, so order is
/// by arrival. The layer that draws it keeps the last two wrapped lines.
/// </summary>
public sealed class CaptionTrack(TimeSpan hold)
{
    private readonly Lock gate = new();
    private string final = "";
    private string partial = "";
    private DateTimeOffset changed;

    public void Add(CaptionLine line, DateTimeOffset now)
    {
        lock (gate)
        {
            if (line.Partial) partial = line.Text;
            else { final = line.Text; partial = ""; }
            changed = now;
        }
    }

    /// <summary>The text to show, or null once it expired (or before anything arrived).</summary>
    public string? Current(DateTimeOffset now)
    {
        lock (gate)
        {
            if (now - changed > hold) return null;
            var text = partial.Length == 0 ? final : final.Length == 0 ? partial : final + " " + partial;
            return text.Length == 0 ? null : text;
        }
    }
}
