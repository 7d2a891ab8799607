using System.Globalization;
using System.Text;

namespace Session.Bench.Hall;

/// <summary>The hall bench's markdown: the measures of each run side by side, CPU cost, and the targets with their numbers.</summary>
public static class Report
{
    public static string Table(BenchOptions o, IReadOnlyList<RunResult> runs, string load, string command)
    {
        var s = new StringBuilder();
        s.AppendLine("### Hall server: floors, burst without and with viewers, fan-out against the raw-WebSocket floor (bench/Session.Bench.Hall)");
        s.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}: {o.Seats} seat terminals (MessagePack, one tablet key per seat) each pressing once at a moment drawn in advance within one second, {o.Votes} votes without viewers then {o.Votes} with {o.Viewers} viewers (raw WebSocket clients of the SignalR JSON protocol in a driver process of their own); latencies from the scheduled moment (coordinated omission), HdrHistogram. Load average at start: {load}.");
        s.AppendLine();
        s.AppendLine($"Command: `{command}`");
        foreach (var r in runs)
        {
            s.AppendLine();
            s.AppendLine($"#### {r.Label}");
            s.AppendLine();
            s.AppendLine("| measure | samples | p50 ms | p99 ms | p99.9 ms | max ms |");
            s.AppendLine("|---|---|---|---|---|---|");
            foreach (var h in new[] { r.Echo, r.Commit, r.AckBare, r.AckLoaded, r.EchoLoaded, r.FanLast, r.FanSpread, r.RawLast, r.RawSpread })
                s.AppendLine(F($"| {h.Name} | {h.Count} | {h.At(50):F2} | {h.At(99):F2} | {h.At(99.9):F2} | {h.Max:F2} |"));
            s.AppendLine();
            s.AppendLine(F($"Viewers watching: {r.Viewers} of {o.Viewers} on the hall ({r.ViewersGaveUp} gave up connecting, {r.ViewersFailed} lost during the burst), {r.RawViewers} on the raw floor server. Tally updates: {r.UpdatesBare} without viewers, {r.UpdatesLoaded} with (the chair's count); {r.UpdatesDriverSaw} reached the driver, {r.UpdatesSeen} of them matched to a press's ack and {r.UpdatesSeenByAll} of those seen by every viewer; raw floor {r.RawBroadcasts} broadcasts of the same {r.FrameBytes}-byte frame every 50 ms, {r.RawSeenByAll} seen by every viewer. The hall's fan-out is timed from the ack of the press the update reports, so it holds the coalescing wait (up to Hall:FanoutInterval, 50 ms) and the bench's own delay in noting the ack; 'first → last viewer' is the spread of one update over the audience."));
            s.AppendLine();
            var perUpdate = r.UpdatesLoaded > 0 ? r.CpuLoaded / r.UpdatesLoaded : double.NaN;
            var extra = r.UpdatesLoaded > 0 && r.Viewers > 0 ? (r.CpuLoaded - r.CpuBare) / r.UpdatesLoaded / r.Viewers * 1e6 : double.NaN;
            var raw = r.RawBroadcasts > 0 && r.RawViewers > 0 ? r.CpuRaw / r.RawBroadcasts / r.RawViewers * 1e6 : double.NaN;
            s.AppendLine("| server CPU (utime + stime from /proc) | CPU-s | per tally update | per update per viewer |");
            s.AppendLine("|---|---|---|---|");
            s.AppendLine(F($"| hall, burst without viewers | {r.CpuBare:F2} | {(r.UpdatesBare > 0 ? r.CpuBare / r.UpdatesBare * 1000 : double.NaN):F1} ms | — |"));
            s.AppendLine(F($"| hall, burst with viewers | {r.CpuLoaded:F2} | {perUpdate * 1000:F1} ms | {extra:F1} µs beyond the burst without viewers |"));
            s.AppendLine(F($"| hall, idle with viewers connected (per second) | {r.CpuIdleWithViewers:F2} | — | — |"));
            s.AppendLine(F($"| raw floor server, broadcasts | {r.CpuRaw:F2} | {(r.RawBroadcasts > 0 ? r.CpuRaw / r.RawBroadcasts * 1000 : double.NaN):F1} ms | {raw:F1} µs |"));
            s.AppendLine();
            s.AppendLine("| target (ARCHITECTURE.md) | measured | verdict |");
            s.AppendLine("|---|---|---|");
            foreach (var t in Targets(r)) s.AppendLine($"| {t.Target} | {t.Measured} | {(t.Met ? "met" : "missed")} |");
        }
        return s.ToString();
    }

    public static IEnumerable<(string Target, string Measured, bool Met)> Targets(RunResult r)
    {
        var floor = r.Echo.At(99) + r.Commit.At(99);
        yield return ("ack p99 (no viewers) ≤ 3 × (unloaded echo p99 + commit p99)",
            F($"{r.AckBare.At(99):F2} ms ≤ 3 × ({r.Echo.At(99):F2} + {r.Commit.At(99):F2}) = {3 * floor:F2} ms → {r.AckBare.At(99) / floor:F2}×"), r.AckBare.At(99) <= 3 * floor);
        yield return ("ack p99 with viewers ≤ 1.5 × without",
            F($"{r.AckLoaded.At(99):F2} ms ≤ 1.5 × {r.AckBare.At(99):F2} = {1.5 * r.AckBare.At(99):F2} ms → {r.AckLoaded.At(99) / r.AckBare.At(99):F2}×"), r.AckLoaded.At(99) <= 1.5 * r.AckBare.At(99));
        yield return ("fan-out to the last viewer p99 ≤ 1.5 × raw-WebSocket floor p99",
            F($"{r.FanLast.At(99):F2} ms ≤ 1.5 × {r.RawLast.At(99):F2} = {1.5 * r.RawLast.At(99):F2} ms → {r.FanLast.At(99) / r.RawLast.At(99):F2}×"), r.FanLast.At(99) <= 1.5 * r.RawLast.At(99));
        foreach (var (name, h) in new[] { ("no viewers", r.AckBare), ("with viewers", r.AckLoaded) })
            yield return ($"ack p99.9 / p50 ≤ 5, {name}", F($"{h.At(99.9):F2} / {h.At(50):F2} = {h.At(99.9) / h.At(50):F2}"), h.At(99.9) / h.At(50) <= 5);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
