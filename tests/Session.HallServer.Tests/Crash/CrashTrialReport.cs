namespace Session.HallServer.Tests.Crash;

/// <summary>The figures of a campaign, for the test's assertions and BENCHMARKS.md.</summary>
public sealed class CrashCampaignReport
{
    public int Trials { get; set; }
    public int Acknowledged { get; set; }
    public int Resent { get; set; }
    public int Lost { get; set; }
    public int Duplicated { get; set; }
    /// <summary>Published data files whose .p7s (a complete signature of the previous version) did not yet match after the kill.</summary>
    public int SignatureLags { get; set; }
    public int TimersChecked { get; set; }
    public List<string> Problems { get; } = new();
    /// <summary>From the new process's spawn to its SESSION-READY line (Kestrel listening).</summary>
    public List<double> ListeningMs { get; } = new();
    /// <summary>From the spawn until the first re-sent command is answered with its original seq (serving commands).</summary>
    public List<double> ServingMs { get; } = new();
    public Dictionary<CrashScenario, int> ByScenario { get; } = new();

    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public string Summary() =>
        $"trials {Trials} ({string.Join(", ", ByScenario.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}); " +
        $"acknowledged {Acknowledged}, re-sent after a restart {Resent}, lost {Lost}, duplicated {Duplicated}; " +
        $"timers checked {TimersChecked}; signature lags after a kill {SignatureLags}; problems {Problems.Count}\n" +
        $"restart to listening ms: p50 {Percentile(ListeningMs, .5):F0}, p95 {Percentile(ListeningMs, .95):F0}, max {ListeningMs.DefaultIfEmpty(double.NaN).Max():F0}\n" +
        $"restart to serving ms:   p50 {Percentile(ServingMs, .5):F0}, p95 {Percentile(ServingMs, .95):F0}, max {ServingMs.DefaultIfEmpty(double.NaN).Max():F0}" +
        (Problems.Count > 0 ? "\n" + string.Join("\n", Problems.Take(40)) : "");
}
