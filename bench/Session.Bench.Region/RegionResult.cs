using Session.Bench.Hall;

namespace Session.Bench.Region;

/// <summary>One kill of the failover part: what was killed, how long until the sitting served again, and the journal's check.</summary>
public sealed record KillResult(
    int Number, string Killed, string? MovedTo, double FirstAckSeconds, double AnsweredSeconds, double RestartSeconds,
    int AckedSoFar, int Lost, int Doubled, int Refused);

/// <summary>Everything one run of the region bench measured (bench/README.md "The regional host bench").</summary>
public sealed class RegionResult
{
    public required RegionOptions Options { get; init; }
    public string LoadBefore { get; init; } = "";
    public string LoadAfterBursts { get; set; } = "";
    public string LoadAfter { get; set; } = "";
    public double SeedSeconds { get; set; }
    public int Viewers { get; set; }
    public int ViewersGaveUp { get; set; }
    /// <summary>The first council alone on the same cluster, its bursts interleaved with the concurrent ones.</summary>
    public LatencyHistogram Alone { get; } = new("alone");
    /// <summary>Each council's presses while every council pressed at once.</summary>
    public List<LatencyHistogram> Together { get; } = new();
    /// <summary>Presses answered "not accepted" or failed, with the reason (none expected).</summary>
    public List<string> Refusals { get; } = new();
    public List<KillResult> Kills { get; } = new();
    public int FailoverPresses { get; set; }
    public int FailoverResends { get; set; }
    /// <summary>What stopped the failover part before its last kill, if anything did.</summary>
    public string? FailoverError { get; set; }
}
