using System.Runtime.Serialization;

namespace Session.Core.Wire;

// The messages of /hubs/captions (issue 14 item 2): a re-speaker or stenographer types caption lines; the hall pushes
// each to the council's public viewers (the public page through the relay, the stream's broadcast process).

/// <summary><c>Send(request)</c>: one caption line; <c>Partial</c> is text still being typed, replaced by the next line.</summary>
[DataContract]
public sealed record CaptionRequest(
    [property: DataMember(Name = "text")] string? Text,
    [property: DataMember(Name = "partial")] bool Partial = false);

/// <summary>
/// Server → public viewers (<see cref="HubNames.Caption"/>): a caption line with its council-wide number. A partial line
/// carries the text typed so far and is replaced by the next line of either kind; a final line stands.
/// </summary>
[DataContract]
public sealed record CaptionLine(
    [property: DataMember(Name = "seq")] long Seq,
    [property: DataMember(Name = "text")] string Text,
    [property: DataMember(Name = "partial")] bool Partial,
    [property: DataMember(Name = "at")] DateTimeOffset At);

/// <summary>The limits a caption line must keep (the server checks them; the console shows them).</summary>
public static class CaptionLimits
{
    /// <summary>Two lines of the stream's caption band hold about this many characters at 1080p.</summary>
    public const int MaxLength = 200;

    /// <summary>Final lines the hall keeps per council for a console that (re)connects.</summary>
    public const int Recent = 20;
}
