namespace Session.Bench.Hall;

/// <summary>Everything one run of the hall bench measured (pinned or not), side by side from the same run.</summary>
public sealed class RunResult(string label)
{
    public string Label { get; } = label;
    public LatencyHistogram Echo { get; } = new("bare SignalR echo (PublicHub.Ping), no public load");
    public LatencyHistogram Commit { get; } = new("one journal commit (SqliteJournalStore.Append, WAL, synchronous=FULL)");
    public LatencyHistogram AckBare { get; } = new("Cast → durable ack, no viewers");
    public LatencyHistogram AckLoaded { get; } = new("Cast → durable ack, with viewers");
    public LatencyHistogram EchoLoaded { get; } = new("bare SignalR echo, with viewers (for reading only)");
    public LatencyHistogram FanSpread { get; } = new("tally: first → last viewer");
    public LatencyHistogram FanLast { get; } = new("tally: ack → last viewer");
    public LatencyHistogram RawLast { get; } = new("raw-WebSocket floor: scheduled send → last viewer");
    public LatencyHistogram RawSpread { get; } = new("raw-WebSocket floor: first → last viewer");

    public int Viewers { get; set; }
    public int ViewersGaveUp { get; set; }
    public int RawViewers { get; set; }
    public int UpdatesBare { get; set; }
    public int UpdatesLoaded { get; set; }
    public int UpdatesDriverSaw { get; set; }
    public int UpdatesSeen { get; set; }
    public int UpdatesSeenByAll { get; set; }
    public int RawBroadcasts { get; set; }
    public int RawSeenByAll { get; set; }
    public int ViewersFailed { get; set; }
    public long FrameBytes { get; set; }
    public double CpuBare { get; set; }
    public double CpuLoaded { get; set; }
    public double CpuRaw { get; set; }
    public double CpuIdleWithViewers { get; set; }
}
