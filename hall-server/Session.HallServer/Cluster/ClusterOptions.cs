using System.Net;
using System.Text.RegularExpressions;

namespace Session.HallServer.Cluster;

/// <summary>
/// The regional host (Hall:Cluster:*; docs/deploy.md): with <see cref="Redis"/> set, the node joins the Orleans cluster
/// whose membership and reminders are on that Redis, and SignalR pushes cross nodes through it. Without it (the hall
/// appliance) nothing here is used: localhost clustering on ports of its own, as before.
/// </summary>
public sealed partial class ClusterOptions
{
    /// <summary>StackExchange.Redis connection string (<c>127.0.0.1:6379,password=…</c>); empty: the hall appliance.</summary>
    public string? Redis { get; set; }

    /// <summary>One deployment's name: nodes with the same ServiceId and ClusterId on one Redis form one cluster.</summary>
    public string ServiceId { get; set; } = "session";
    public string ClusterId { get; set; } = "regional";

    /// <summary>The address other nodes reach this node's silo at; loopback for a one-machine cluster.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// A node is declared dead after <see cref="MissedProbes"/> probes of <see cref="ProbeTimeout"/> each go unanswered
    /// (Orleans' defaults, 10 s × 3, would keep a dead node's sittings unreachable for half a minute and more).
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);
    public int MissedProbes { get; set; } = 3;

    /// <summary>How often an open vote's or speech's reminder wakes its sitting's grain, wherever it now lives.</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>Every Redis key and channel of this deployment starts with this: two deployments on one Redis never meet.</summary>
    public string Prefix => $"session:{ServiceId}:{ClusterId}:";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex Id();

    public IEnumerable<string> Validate()
    {
        if (!Enabled) yield break;
        StackExchange.Redis.ConfigurationOptions? parsed = null;
        string? error = null;
        try { parsed = StackExchange.Redis.ConfigurationOptions.Parse(Redis!); }
        catch (Exception ex) when (ex is ArgumentException or FormatException) { error = ex.Message; }
        if (parsed is null || parsed.EndPoints.Count == 0)
            yield return $"Hall:Cluster:Redis: не рядок підключення Redis / not a Redis connection string like 127.0.0.1:6379 ({error ?? "no endpoint"})";
        if (!Id().IsMatch(ServiceId)) yield return "Hall:Cluster:ServiceId: лише малі латинські літери, цифри і дефіс / only lower-case letters, digits and '-', at most 40";
        if (!Id().IsMatch(ClusterId)) yield return "Hall:Cluster:ClusterId: лише малі латинські літери, цифри і дефіс / only lower-case letters, digits and '-', at most 40";
        if (!IPAddress.TryParse(AdvertisedAddress, out _)) yield return $"Hall:Cluster:AdvertisedAddress: «{AdvertisedAddress}» не IP-адреса / is not an IP address";
        if (ProbeTimeout < TimeSpan.FromMilliseconds(500) || ProbeTimeout > TimeSpan.FromSeconds(30)) yield return "Hall:Cluster:ProbeTimeout: від 0,5 до 30 с / between 0.5 and 30 seconds";
        if (MissedProbes is < 2 or > 10) yield return "Hall:Cluster:MissedProbes: від 2 до 10 / between 2 and 10";
        if (ReminderPeriod < TimeSpan.FromSeconds(2) || ReminderPeriod > TimeSpan.FromMinutes(5)) yield return "Hall:Cluster:ReminderPeriod: від 2 с до 5 хв / between 2 seconds and 5 minutes";
    }
}
