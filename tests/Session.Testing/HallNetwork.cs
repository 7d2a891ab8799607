using System.Diagnostics;

namespace Session.Testing;

/// <summary>
/// The hall's network as a real Linux network namespace: the hall server runs inside it (<see cref="Launcher"/>) and
/// listens on <see cref="ServerAddress"/>, reached from the test over a veth pair. The chair and the test's HTTP come
/// from <see cref="StaffAddress"/> over a clean path; terminals connect from <see cref="TerminalAddress"/>, whose packets
/// the kernel's netfilter drops at random (<see cref="Lossy"/>) or all of them (<see cref="Cut"/>: a pulled cable, a
/// dead Wi-Fi — the server hears nothing, not even a reset). <c>tc netem</c> (delay, jitter, reordering) is used when
/// the kernel has it; where it has not (CONFIG_NET_SCH_NETEM unset, as in our CI's Firecracker kernel) the link is slowed
/// by a token-bucket filter instead, which queues and so delays bursts. A process of its own — the seat gateway, the
/// broadcast — runs on the terminals' side in a namespace of its own (<see cref="OpenTerminalBox"/>), from
/// <see cref="BoxAddress"/>, which the faults hit as they hit <see cref="TerminalAddress"/>. Needs root and iproute2 +
/// nftables (scripts/setup.sh).
/// </summary>
public sealed class HallNetwork : IDisposable
{
    private readonly string _namespace;
    private readonly string _hostEnd;
    private readonly string _hallEnd;
    private readonly string _id;
    private bool _boxOpen;

    public string ServerAddress { get; }
    public string StaffAddress { get; }
    public string TerminalAddress { get; }
    /// <summary>The terminals' box (<see cref="OpenTerminalBox"/>): a machine on the terminals' side of the faulty link.</summary>
    public string BoxAddress { get; }
    private string BoxNamespace => _namespace + "-box";
    private string Faulty => $"{{ {TerminalAddress}, {BoxAddress} }}";
    /// <summary>What shapes the link's timing: "netem" (delay, jitter, reordering) or "tbf" (queueing delay only).</summary>
    public string Shaper { get; private set; } = "none";

    private HallNetwork(string id, int a, int b)
    {
        _id = id;
        _namespace = "session-" + id;
        _hostEnd = "sfh" + id;
        _hallEnd = "sfn" + id;
        StaffAddress = $"10.{a}.{b}.1";
        ServerAddress = $"10.{a}.{b}.2";
        TerminalAddress = $"10.{a}.{b}.3";
        BoxAddress = $"10.{a}.{b}.4";
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

    /// <summary>
    /// A namespace of its own on the terminals' side, joined to the hall's by a veth pair: a process started with the
    /// returned launcher (<c>ip netns exec …</c>) reaches the hall from <see cref="BoxAddress"/> over the faulty link, and
    /// reaches <see cref="StaffAddress"/> (e.g. a stream sink listening there) through the hall's namespace, which
    /// forwards it untouched — the faults hit only what is addressed to the hall itself.
    /// </summary>
    public string[] OpenTerminalBox()
    {
        if (!_boxOpen)
        {
            string boxEnd = "sbb" + _id, hallEnd = "sbn" + _id;
            Ip("netns", "add", BoxNamespace);
            _boxOpen = true;
            Ip("link", "add", boxEnd, "type", "veth", "peer", "name", hallEnd);
            Ip("link", "set", boxEnd, "netns", BoxNamespace);
            Ip("link", "set", hallEnd, "netns", _namespace);
            Ip("-n", BoxNamespace, "addr", "add", BoxAddress + "/32", "dev", boxEnd);
            Ip("-n", BoxNamespace, "link", "set", boxEnd, "up");
            Ip("-n", BoxNamespace, "link", "set", "lo", "up");
            Ip("-n", BoxNamespace, "route", "add", "default", "via", ServerAddress, "dev", boxEnd, "onlink");
            Ip("-n", _namespace, "link", "set", hallEnd, "up");
            Ip("-n", _namespace, "route", "add", BoxAddress + "/32", "dev", hallEnd);
            Run("ip", ["netns", "exec", _namespace, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"]);
            Ip("route", "add", BoxAddress + "/32", "via", ServerAddress, "dev", _hostEnd);
        }
        return ["ip", "netns", "exec", BoxNamespace];
    }

    /// <summary>Drops this share of the terminals' packets, both ways, at random (netfilter's numgen).</summary>
    public void Lossy(int percent)
    {
        Nft("flush chain inet fault in");
        Nft("flush chain inet fault out");
        if (percent <= 0) return;
        Nft($"add rule inet fault in ip saddr {Faulty} numgen random mod 100 < {percent} drop");
        Nft($"add rule inet fault out ip daddr {Faulty} numgen random mod 100 < {percent} drop");
    }

    /// <summary>Delays the hall's side of the link (and of the terminals' box's, if open, <see cref="OpenTerminalBox"/>): netem delay with jitter and reordering where the kernel has it, else a slow token bucket.</summary>
    public void Slow(int delayMs, int jitterMs, int reorderPercent)
    {
        foreach (var dev in _boxOpen ? [_hallEnd, "sbn" + _id] : new[] { _hallEnd })
        {
            try
            {
                Tc("qdisc", "replace", "dev", dev, "root", "netem", "delay", $"{delayMs}ms", $"{jitterMs}ms", "reorder", $"{reorderPercent}%", "50%");
                Shaper = "netem";
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("qdisc kind is unknown", StringComparison.OrdinalIgnoreCase))
            {
                Tc("qdisc", "replace", "dev", dev, "root", "tbf", "rate", "2mbit", "burst", "8kb", "latency", $"{Math.Max(delayMs * 4, 100)}ms");
                Shaper = "tbf";
            }
        }
    }

    /// <summary>Every packet to or from the terminals is dropped, silently.</summary>
    public void Cut()
    {
        Nft("flush chain inet fault in");
        Nft("flush chain inet fault out");
        Nft($"add rule inet fault in ip saddr {Faulty} drop");
        Nft($"add rule inet fault out ip daddr {Faulty} drop");
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
        if (_boxOpen) try { Ip("netns", "del", BoxNamespace); } catch (InvalidOperationException) { }
        try { Ip("netns", "del", _namespace); } catch (InvalidOperationException) { }
    }
}
