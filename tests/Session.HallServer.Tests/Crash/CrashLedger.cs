namespace Session.HallServer.Tests.Crash;

/// <summary>One command the server acknowledged before a kill: what it was and the answer it got.</summary>
/// <param name="CommandId">The terminal's command id, or null for a chair command (those are checked by type at their seq).</param>
/// <param name="EventType">The journal event type the acknowledged command must have written at <paramref name="Seq"/>.</param>
public sealed record AcknowledgedCommand(string SittingId, string? CommandId, string Method, object? Request, long Seq, string EventType);

/// <summary>Everything acknowledged over a whole campaign, across every kill and restart.</summary>
public sealed class CrashLedger
{
    private readonly Lock _gate = new();
    private readonly List<AcknowledgedCommand> _all = new();

    public void Add(AcknowledgedCommand command) { lock (_gate) _all.Add(command); }

    public IReadOnlyList<AcknowledgedCommand> All { get { lock (_gate) return _all.ToList(); } }

    public int Count { get { lock (_gate) return _all.Count; } }
}
