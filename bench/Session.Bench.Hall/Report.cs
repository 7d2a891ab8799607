using System.Globalization;
using System.Text;

namespace Session.Bench.Hall;

/// <summary>The hall bench's markdown: the measures of each run side by side, CPU cost, and the targets with their numbers.</summary>
public static class Report
{
    public static string Table(BenchOptions o, IReadOnlyList<RunResult> runs, string load, string command)
    {
        var s = new StringBuilder();
        s.AppendLine("### Hall server: floors, burst without and with viewers (on the hall's own hub and on the public relay), fan-out against the raw-WebSocket floor (bench/Session.Bench.Hall)");
        s.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}: {o.Seats} seat terminals (MessagePack, one tablet key per seat) each pressing once at a moment drawn in advance within one second, {(o.Warmup > 0 ? $"{o.Warmup} warm-up bursts first (the first of them, on the fresh server, reported as the cold burst), then " : "")}{o.Votes} votes without viewers, then {o.Votes} with {o.Viewers} viewers for each audience in turn ({string.Join(", ", o.Audiences.Select(a => new AudienceResult(a).Short))}; raw WebSocket clients of the SignalR protocol in a driver process of their own); latencies from the scheduled moment (coordinated omission), HdrHistogram. Load average at start: {load}.");
        s.AppendLine();
        s.AppendLine($"Command: `{command}`");
        foreach (var r in runs)
        {
            s.AppendLine();
            s.AppendLine($"#### {r.Label}");
            s.AppendLine();
            s.AppendLine("| measure | samples | p50 ms | p99 ms | p99.9 ms | max ms |");
            s.AppendLine("|---|---|---|---|---|---|");
            var rows = new List<LatencyHistogram> { r.Echo, r.Commit, r.AckBare };
            if (r.AckCold.Count > 0) rows.Add(r.AckCold);
            rows.AddRange(r.Audiences.Select(a => a.Ack));
            rows.AddRange(r.Audiences.SelectMany(a => new[] { a.FanLast, a.FanSpread }));
            rows.AddRange([r.RawLast, r.RawSpread]);
            rows.AddRange(r.Audiences.Select(a => a.Echo));
            foreach (var h in rows)
                s.AppendLine(F($"| {h.Name} | {h.Count} | {h.At(50):F2} | {h.At(99):F2} | {h.At(99.9):F2} | {h.Max:F2} |"));
            s.AppendLine();
            foreach (var a in r.Audiences.Where(a => a.Error is not null))
            {
                s.AppendLine($"- **{a.Short}: the bursts stopped** after {a.Ack.Count} acknowledged presses: `{a.Error}`. The hall's log then:");
                s.AppendLine("  ```");
                foreach (var line in a.HallLog) s.AppendLine("  " + line);
                s.AppendLine("  ```");
            }
            foreach (var a in r.Audiences)
                s.AppendLine(F($"- {a.Short}: {a.Viewers} of {o.Viewers} watching ({a.GaveUp} gave up connecting, {a.Failed} lost during the bursts); {a.Updates} tally updates (the chair's count), {a.DriverSaw} reached the driver, {a.Seen} matched to a press's ack, {a.SeenByAll} of those seen by every viewer; {a.Frames} frames, {a.Bytes / Math.Max(1, a.Frames)} bytes a frame on average."));
            s.AppendLine(F($"- Without viewers: {r.UpdatesBare} tally updates. Raw floor: {r.RawViewers} viewers, {r.RawBroadcasts} broadcasts of the same {r.FrameBytes}-byte JSON frame every 50 ms, {r.RawSeenByAll} seen by every viewer."));
            s.AppendLine("- The fan-out is timed from the ack of the press an update reports, so it holds the coalescing wait (up to Hall:FanoutInterval, 50 ms) and the bench's own delay in noting the ack; on the relay it also holds the hop from the hall. 'first → last viewer' is the spread of one update over the audience.");
            s.AppendLine();
            s.AppendLine("| CPU (utime + stime from /proc) | hall CPU-s | relay CPU-s | per tally update | per update per viewer |");
            s.AppendLine("|---|---|---|---|---|");
            s.AppendLine(F($"| burst without viewers | {r.CpuBare:F2} | — | {(r.UpdatesBare > 0 ? r.CpuBare / r.UpdatesBare * 1000 : double.NaN):F1} ms | — |"));
            foreach (var a in r.Audiences)
            {
                var total = a.CpuHall + a.CpuRelay;
                var perUpdate = a.Updates > 0 ? total / a.Updates * 1000 : double.NaN;
                var extra = a.Updates > 0 && a.Viewers > 0 ? (total - r.CpuBare) / a.Updates / a.Viewers * 1e6 : double.NaN;
                s.AppendLine(F($"| burst, {a.Short} | {a.CpuHall:F2} | {(a.OnRelay ? a.CpuRelay.ToString("F2", CultureInfo.InvariantCulture) : "—")} | {perUpdate:F1} ms | {extra:F1} µs beyond the burst without viewers |"));
                s.AppendLine(F($"| idle, {a.Short} connected (per second) | {a.CpuIdleHall:F2} | {(a.OnRelay ? a.CpuIdleRelay.ToString("F2", CultureInfo.InvariantCulture) : "—")} | — | — |"));
            }
            var raw = r.RawBroadcasts > 0 && r.RawViewers > 0 ? r.CpuRaw / r.RawBroadcasts / r.RawViewers * 1e6 : double.NaN;
            s.AppendLine(F($"| raw floor server, broadcasts | {r.CpuRaw:F2} | — | {(r.RawBroadcasts > 0 ? r.CpuRaw / r.RawBroadcasts * 1000 : double.NaN):F1} ms | {raw:F1} µs |"));
            s.AppendLine();
            s.AppendLine("| target (ARCHITECTURE.md) | measured | verdict |");
            s.AppendLine("|---|---|---|");
            foreach (var t in Targets(r)) s.AppendLine($"| {t.Target} | {t.Measured} | {(t.Met ? "met" : "missed")} |");
            if (r.Profiles.Count > 0)
            {
                s.AppendLine();
                s.AppendLine("CPU profiles (--trace; the .nettrace files are in bench/results/traces/, open them with `dotnet-trace report` or PerfView):");
                s.AppendLine();
                foreach (var p in r.Profiles) s.AppendLine(p);
            }
        }
        return s.ToString();
    }

    public static IEnumerable<(string Target, string Measured, bool Met)> Targets(RunResult r)
    {
        var floor = r.Echo.At(99) + r.Commit.At(99);
        yield return ("ack p99 (no viewers) ≤ 3 × (unloaded echo p99 + commit p99)",
            F($"{r.AckBare.At(99):F2} ms ≤ 3 × ({r.Echo.At(99):F2} + {r.Commit.At(99):F2}) = {3 * floor:F2} ms → {r.AckBare.At(99) / floor:F2}×"), r.AckBare.At(99) <= 3 * floor);
        yield return ("ack p99.9 / p50 ≤ 5, no viewers", F($"{r.AckBare.At(99.9):F2} / {r.AckBare.At(50):F2} = {r.AckBare.At(99.9) / r.AckBare.At(50):F2}"), r.AckBare.At(99.9) / r.AckBare.At(50) <= 5);
        foreach (var a in r.Audiences)
        {
            yield return ($"ack p99, {a.Short}, ≤ 1.5 × without viewers",
                F($"{a.Ack.At(99):F2} ms ≤ 1.5 × {r.AckBare.At(99):F2} = {1.5 * r.AckBare.At(99):F2} ms → {a.Ack.At(99) / r.AckBare.At(99):F2}×"), a.Ack.At(99) <= 1.5 * r.AckBare.At(99));
            yield return ($"fan-out to the last viewer p99, {a.Short}, ≤ 1.5 × raw-WebSocket floor p99",
                F($"{a.FanLast.At(99):F2} ms ≤ 1.5 × {r.RawLast.At(99):F2} = {1.5 * r.RawLast.At(99):F2} ms → {a.FanLast.At(99) / r.RawLast.At(99):F2}×"), a.FanLast.At(99) <= 1.5 * r.RawLast.At(99));
            yield return ($"ack p99.9 / p50 ≤ 5, {a.Short}", F($"{a.Ack.At(99.9):F2} / {a.Ack.At(50):F2} = {a.Ack.At(99.9) / a.Ack.At(50):F2}"), a.Ack.At(99.9) / a.Ack.At(50) <= 5);
        }
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
