namespace Session.Broadcast.Tests.Support;

/// <summary>Tests that encode video run one at a time: two cores are shared with everything else.</summary>
[CollectionDefinition(Name)]
public sealed class FfmpegCollection
{
    public const string Name = "ffmpeg";
}
