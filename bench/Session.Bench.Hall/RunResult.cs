namespace Session.Bench.Hall;

/// <summary>Where the viewers of one loaded burst watch from, and in which hub protocol.</summary>
public enum Audience { Hall, Relay, RelayMessagePack }

/// <summary>Everything one run of the hall bench measured (pinned or not), side by side from the same run.</summary>
public sealed class RunResult(string label)
{
    public string Label { get; } = label;
    public LatencyHistogram Echo { get; } = new("bare SignalR echo (PublicHub.Ping), no public load");
    public LatencyHistogram Commit { get; } = new("one journal commit (SqliteJournalStore.Append, WAL, synchronous=FULL)");
    public LatencyHistogram AckBare { get; } = new("Cast → durable ack, no viewers");
    /// <summary>The first burst on the fresh server, before the warm-up's others (--warmup; for reading only).</summary>
    public LatencyHistogram AckCold { get; } = new("Cast → durable ack, the first burst after start, no viewers (cold: for reading only)");
    public LatencyHistogram RawLast { get; } = new("raw-WebSocket floor: scheduled send → last viewer");
    public LatencyHistogram RawSpread { get; } = new("raw-WebSocket floor: first → last viewer");
    public List<AudienceResult> Audiences { get; } = [];
    /// <summary>With --trace: each profile's top functions, in the order taken.</summary>
    public List<string> Profiles { get; } = [];

    public int RawViewers { get; set; }
    public int UpdatesBare { get; set; }
    public int RawBroadcasts { get; set; }
    public int RawSeenByAll { get; set; }
    public long FrameBytes { get; set; }
    public double CpuBare { get; set; }
    public double CpuRaw { get; set; }
}

/// <summary>The same burst with N viewers watching from one place (the hall's own hub, or the public relay).</summary>
public sealed class AudienceResult
{
    public AudienceResult(Audience audience)
    {
        Audience = audience;
        Ack = new($"Cast → durable ack, {Short}");
        Echo = new($"bare SignalR echo, {Short} (for reading only)");
        FanLast = new($"tally: ack → last viewer, {Short}");
        FanSpread = new($"tally: first → last viewer, {Short}");
    }

    public Audience Audience { get; }

    /// <summary>A few words for table rows: where the viewers watch and in which protocol.</summary>
    public string Short => Audience switch
    {
        Audience.Hall => "viewers on the hall's own hub (JSON)",
        Audience.Relay => "viewers on the public relay (JSON)",
        _ => "viewers on the public relay (MessagePack)",
    };

    public bool OnRelay => Audience != Audience.Hall;
    public string Protocol => Audience == Audience.RelayMessagePack ? "messagepack" : "json";

    public LatencyHistogram Ack { get; }
    public LatencyHistogram Echo { get; }
    public LatencyHistogram FanLast { get; }
    public LatencyHistogram FanSpread { get; }

    public int Viewers { get; set; }
    public int GaveUp { get; set; }
    public int Failed { get; set; }
    public int Updates { get; set; }
    public int DriverSaw { get; set; }
    public int Seen { get; set; }
    public int SeenByAll { get; set; }
    public long Frames { get; set; }
    public long Bytes { get; set; }
    public double CpuHall { get; set; }
    public double CpuRelay { get; set; }
    public double CpuIdleHall { get; set; }
    public double CpuIdleRelay { get; set; }
    /// <summary>A command the hall refused or failed during this audience's bursts, with the end of its log.</summary>
    public string? Error { get; set; }
    public List<string> HallLog { get; set; } = [];
}
