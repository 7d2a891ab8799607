using System.Diagnostics;

namespace Session.Testing;

/// <summary>
/// The hall's network as a real Linux network namespace: the hall server runs inside it (<see cref="Launcher"/>) and
/// listens on <see cref="ServerAddress"/>, reached from the test over a veth pair. The chair and the test's HTTP come
/// from <see cref="StaffAddress"/> over a clean path; terminals connect from <see cref="TerminalAddress"/>, whose packets
/// the kernel's netfilter drops at random (<see cref="Lossy"/>) or all of them (<see cref="Cut"/>: a pulled cable, a
/// dead Wi-Fi — the server hears nothing, not even a reset). <c>tc netem</c> (delay, jitter, reordering) is used when
/// the kernel has it; where it has not (CONFIG_NET_SCH_NETEM unset, as in our CI's Firecracker kernel) the link is slowed
/// by a token-bucket filter instead, which queues and so delays bursts. Needs root and iproute2 + nftables (scripts/setup.sh).
/// </summary>
public sealed class HallNetwork : IDisposable
{
    private readonly string _namespace;
    private readonly string _hostEnd;
    private readonly string _hallEnd;

    public string ServerAddress { get; }
    public string StaffAddress { get; }
    public string TerminalAddress { get; }
    /// <summary>What shapes the link's timing: "netem" (delay, jitter, reordering) or "tbf" (queueing delay only).</summary>
    public string Shaper { get; private set; } = "none";

    private HallNetwork(string id, int a, int b)
    {
        _namespace = "session-" + id;
        _hostEnd = "sfh" + id;
        _hallEnd = "sfn" + id;
        StaffAddress = $"10.{a}.{b}.1";
        ServerAddress = $"10.{a}.{b}.2";
        TerminalAddress = $"10.{a}.{b}.3";
    }

    public static HallNetwork Create()
    {
        var id = Convert.ToHexString(Guid.NewGuid().ToByteArray()[..3]).ToLowerInvariant();
        var net = new HallNetwork(id, 200 + Random.Shared.Next(50), Random.Shared.Next(256));
        try
        {
            Ip("netns", "add", net._namespace);
            Ip("link", "add", net._hostEnd, "type", "veth", "peer", "name", net._hallEnd);
            Ip("link", "set", net._hallEnd, "netns", net._namespace);
            Ip("addr", "add", net.StaffAddress + "/24", "dev", net._hostEnd);
            Ip("addr", "add", net.TerminalAddress + "/24", "dev", net._hostEnd);
            Ip("link", "set", net._hostEnd, "up");
            Ip("-n", net._namespace, "addr", "add", net.ServerAddress + "/24", "dev", net._hallEnd);
            Ip("-n", net._namespace, "link", "set", net._hallEnd, "up");
            Ip("-n", net._namespace, "link", "set", "lo", "up");
            net.Nft("add table inet fault");
            net.Nft("add chain inet fault in { type filter hook input priority 0; policy accept; }");
            net.Nft("add chain inet fault out { type filter hook output priority 0; policy accept; }");
        }
        catch
        {
            net.Dispose();
            throw;
        }
        return net;
    }

    /// <summary>Runs the server inside the namespace.</summary>
    public Func<string, string[]> Launcher => _ => ["ip", "netns", "exec", _namespace];

    public string Urls => $"http://{ServerAddress}:0";

    /// <summary>Drops this share of the terminals' packets, both ways, at random (netfilter's numgen).</summary>
    public void Lossy(int percent)
    {
        Nft("flush chain inet fault in");
        Nft("flush chain inet fault out");
        if (percent <= 0) return;
        Nft($"add rule inet fault in ip saddr {TerminalAddress} numgen random mod 100 < {percent} drop");
        Nft($"add rule inet fault out ip daddr {TerminalAddress} numgen random mod 100 < {percent} drop");
    }

    /// <summary>Delays the hall's side of the link: netem delay with jitter and reordering where the kernel has it, else a slow token bucket.</summary>
    public void Slow(int delayMs, int jitterMs, int reorderPercent)
    {
        try
        {
            Tc("qdisc", "replace", "dev", _hallEnd, "root", "netem", "delay", $"{delayMs}ms", $"{jitterMs}ms", "reorder", $"{reorderPercent}%", "50%");
            Shaper = "netem";
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("qdisc kind is unknown", StringComparison.OrdinalIgnoreCase))
        {
            Tc("qdisc", "replace", "dev", _hallEnd, "root", "tbf", "rate", "2mbit", "burst", "8kb", "latency", $"{Math.Max(delayMs * 4, 100)}ms");
            Shaper = "tbf";
        }
    }

    /// <summary>Every packet to or from the terminals is dropped, silently.</summary>
    public void Cut()
    {
        Nft("flush chain inet fault in");
        Nft("flush chain inet fault out");
        Nft($"add rule inet fault in ip saddr {TerminalAddress} drop");
        Nft($"add rule inet fault out ip daddr {TerminalAddress} drop");
    }

    public void Mend() => Lossy(0);

    private void Nft(string rule) => Run("ip", ["netns", "exec", _namespace, "nft", rule]);
    private void Tc(params string[] args) => Run("tc", ["-n", _namespace, .. args]);
    private static void Ip(params string[] args) => Run("ip", args);

    private static void Run(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {err}");
    }

    public void Dispose()
    {
        try { Ip("link", "del", _hostEnd); } catch (InvalidOperationException) { }
        try { Ip("netns", "del", _namespace); } catch (InvalidOperationException) { }
    }
}
