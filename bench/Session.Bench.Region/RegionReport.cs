using System.Globalization;
using System.Text;
using Session.Bench.Hall;

namespace Session.Bench.Region;

/// <summary>The region bench's section of BENCHMARKS.md: the councils' table against the council alone, and the kills' table.</summary>
public static class RegionReport
{
    private const double FailoverTarget = 10;
    private const double RatioTarget = 2;

    public static string Table(RegionResult r, string command, string started)
    {
        var o = r.Options;
        var sb = new StringBuilder();
        sb.AppendLine($"### Regional host: {o.Councils} councils at once on {o.Nodes} nodes, failover over {o.Kills} kills (bench/Session.Bench.Region)");
        sb.AppendLine();
        sb.AppendLine($"Run {started}, {Environment.ProcessorCount} cores shared with everything else on the machine; load average (1, 5, 15 min) " +
                      $"{r.LoadBefore} at the start, {r.LoadAfterBursts} after the bursts, {r.LoadAfter} at the end. Command: `{command}`.");
        sb.AppendLine($"PostgreSQL, Redis, nginx, {o.Nodes} hall-server nodes, this bench and {(r.Viewers > 0 ? "its viewer drivers" : "no viewers")} on the same cores. " +
                      $"Councils registered through the registry API while the first node ran alone, then seated (sitting opened, secretary, tablet keys and PINs through the API; registration and the vote over the hubs) in {r.SeedSeconds:F0} s; {o.Seats} tablets a council (MessagePack, through nginx); " +
                      $"{r.Viewers} public viewers ({o.ViewersPerNode} a node, straight on each node, {r.ViewersGaveUp} gave up); one warm-up round not recorded, then {o.Rounds} rounds, " +
                      "each a burst of the first council alone, then one of every council at once; every tablet presses once a burst at a moment drawn in " +
                      "advance within one second, and Cast → durable ack is timed from that moment.");
        sb.AppendLine();
        sb.AppendLine("| council | presses | ack p50 ms | p99 ms | p99.9 ms | max ms | p99 / alone p99 |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        var alone = r.Alone.At(99);
        sb.AppendLine($"| **{RegionCouncil.IdOf(1)} alone** (the baseline) | {r.Alone.Count} | {F(r.Alone.At(50))} | {F(alone)} | {F(r.Alone.At(99.9))} | {F(r.Alone.Max)} | 1.00 |");
        foreach (var h in r.Together)
            sb.AppendLine($"| {h.Name} | {h.Count} | {F(h.At(50))} | {F(h.At(99))} | {F(h.At(99.9))} | {F(h.Max)} | {h.At(99) / alone:F2} |");
        var all = r.Together.Select(h => h.At(99) / alone).ToArray();
        var worst = all.Length == 0 ? double.NaN : all.Max();
        sb.AppendLine();
        sb.AppendLine($"**Target: every council's ack p99 ≤ {RatioTarget} × the council alone ({F(RatioTarget * alone)} ms): " +
                      $"{(all.All(x => x <= RatioTarget) ? "met" : "missed")}** — worst {worst:F2} ×, {all.Count(x => x > RatioTarget)} of {all.Length} councils over. " +
                      $"Presses refused or failed: {r.Refusals.Count}{(r.Refusals.Count > 0 ? " (first: " + r.Refusals[0] + ")" : "")}.");
        if (o.Kills == 0) return sb.ToString();

        sb.AppendLine();
        sb.AppendLine($"Failover: {o.FailoverSeats} seats of {RegionCouncil.IdOf(1)} press in a loop through nginx (a press re-sent with its commandId until " +
                      "acknowledged); the node holding its sitting's grain (the last to log its activation) gets `kill -9`, then is restarted on its port; " +
                      "timed from the kill to the first acknowledged press *sent after* the kill, and to the first answer of `GET /api/sittings/{id}` " +
                      "(a call to the sitting's grain) through nginx, a read sent every 100 ms and each waited for up to 60 s. After each restart every press acknowledged so far is looked up " +
                      "in the journal in PostgreSQL.");
        sb.AppendLine();
        sb.AppendLine("| kill | node killed | sitting moved to | first ack after the kill s | sitting answered s | restart to ready s | acked so far | lost | counted twice | refused, re-sent |");
        sb.AppendLine("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var k in r.Kills)
            sb.AppendLine($"| {k.Number} | {k.Killed} | {k.MovedTo ?? "not seen in the log"} | {k.FirstAckSeconds:F2} | {k.AnsweredSeconds:F2} | {k.RestartSeconds:F0} | {k.AckedSoFar} | {k.Lost} | {k.Doubled} | {k.Refused} |");
        sb.AppendLine();
        sb.AppendLine("| from the kill to | min s | median s | p90 s | max s | target ≤ 10 s |");
        sb.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var (name, values) in new[] { ("the first acknowledged press", r.Kills.Select(k => k.FirstAckSeconds)), ("the sitting answering", r.Kills.Select(k => k.AnsweredSeconds)) })
        {
            var v = values.Order().ToArray();
            if (v.Length == 0) continue;
            sb.AppendLine($"| {name} | {v[0]:F2} | {Rank(v, 50):F2} | {Rank(v, 90):F2} | {v[^1]:F2} | {(v[^1] <= FailoverTarget ? "met" : "missed")} |");
        }
        sb.AppendLine();
        sb.AppendLine($"{r.FailoverPresses} presses acknowledged over the kills, {r.FailoverResends} re-sent after a closed connection; " +
                      $"lost {r.Kills.Sum(k => k.Lost)}, counted twice {r.Kills.Sum(k => k.Doubled)}." +
                      (r.FailoverError is { } stopped ? $" **The failover part stopped after {r.Kills.Count} of {o.Kills} kills:** {stopped}" : ""));
        return sb.ToString();
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    private static double Rank(double[] sorted, double percentile) => sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string F(double ms) => double.IsNaN(ms) ? "—" : ms.ToString(ms < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);
}
