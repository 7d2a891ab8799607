namespace Session.Hardware.Polling;

/// <summary>Per-seat health of a line, for the hall check and the logs.</summary>
public sealed record SeatCounters(
    int Line,
    byte Address,
    bool? Online,
    long Polls,
    long Replies,
    long Timeouts,
    long CorruptFrames,
    long LateReplies,
    long BadStatus,
    long Events);
