namespace Session.HallServer.Relay;

/// <summary>
/// The public relay (<c>Hall:PublicRelay:*</c>; docs/hall-server.md "The public relay"): a second, lower-priority
/// process that serves the audience so that no number of viewers slows a deputy's press (ARCHITECTURE.md "Public
/// audience apart from the hall").
/// </summary>
public sealed class PublicRelayOptions
{
    /// <summary>The hall starts the relay as its child process (run.sh's demo turns it on).</summary>
    public bool Enabled { get; set; }

    /// <summary>Where the relay listens (<c>http://0.0.0.0:8080</c>); empty: 127.0.0.1 on a port free at start.</summary>
    public string? Url { get; set; }

    /// <summary>The relay's niceness (0–19): the scheduler gives the hall's terminals the CPU first.</summary>
    public int Nice { get; set; } = 10;

    /// <summary>Viewers the relay serves at once; the next one is told to watch the stream instead of hanging.</summary>
    public int MaxViewers { get; set; } = 5000;

    /// <summary>With the relay on, the hall's own /hubs/public serves at most this many: hall screens, the overlay and the relay's own subscriptions (one per council).</summary>
    public int HallViewers { get; set; } = 128;

    /// <summary>A viewer whose socket takes longer than this to accept one update is dropped, never waited for.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the relay keeps a public API answer before asking the hall again.</summary>
    public TimeSpan ApiCacheFor { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrWhiteSpace(Url) && (!Uri.TryCreate(Url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
            yield return $"Hall:PublicRelay:Url: «{Url}» is not an address like http://0.0.0.0:8080";
        if (Nice is < 0 or > 19) yield return "Hall:PublicRelay:Nice must be between 0 and 19";
        if (MaxViewers is < 1 or > 1_000_000) yield return "Hall:PublicRelay:MaxViewers must be between 1 and 1000000";
        if (HallViewers is < 1 or > 100_000) yield return "Hall:PublicRelay:HallViewers must be between 1 and 100000";
        if (SendTimeout < TimeSpan.FromMilliseconds(100) || SendTimeout > TimeSpan.FromMinutes(1)) yield return "Hall:PublicRelay:SendTimeout must be between 100 ms and 1 minute";
        if (ApiCacheFor < TimeSpan.Zero || ApiCacheFor > TimeSpan.FromMinutes(1)) yield return "Hall:PublicRelay:ApiCacheFor must be between 0 and 1 minute";
    }
}
