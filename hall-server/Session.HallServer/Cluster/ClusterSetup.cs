using System.Net;
using Microsoft.AspNetCore.SignalR;
using Orleans.Configuration;
using Orleans.Hosting;
using StackExchange.Redis;
using Session.HallServer.Hosting;

namespace Session.HallServer.Cluster;

/// <summary>
/// How a node finds the others: the hall appliance's localhost clustering, or a regional host's Redis (membership,
/// reminders, the SignalR backplane). Grains never know which (STYLE.md "the cluster").
/// </summary>
public static class ClusterSetup
{
    public static void UseHallClustering(this ISiloBuilder silo, HallOptions hall)
    {
        var (siloPort, gatewayPort) = (hall.SiloPort!.Value, hall.GatewayPort!.Value);
        var cluster = hall.Cluster;
        if (!cluster.Enabled)
        {
            // The embedded silo takes ports free at start and a cluster id of its own data dir: two halls on one machine
            // never bind the same ports nor join each other (Orleans' defaults, 11111 and 30000, would).
            var clusterId = "hall-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(hall.DataDir)))[..12];
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: "session-hall", clusterId: clusterId);
            return;
        }

        silo.Configure<Orleans.Configuration.ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster.ServiceId, cluster.ClusterId));
        // Listen on the advertised address only (loopback for a one-machine cluster: nothing beyond 127.0.0.1).
        var address = IPAddress.Parse(cluster.AdvertisedAddress);
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = address;
            o.SiloPort = siloPort;
            o.GatewayPort = gatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(address, siloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(address, gatewayPort);
        });
        silo.UseRedisClustering(o => o.ConfigurationOptions = RedisConfig(cluster));
        silo.UseRedisReminderService(o => o.ConfigurationOptions = RedisConfig(cluster));
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = cluster.ReminderPeriod);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // A killed node is declared dead after about ProbeTimeout × MissedProbes (a refused connection fails a probe
            // at once), and its sittings' grains activate on the others; a dead node's entry is removed within minutes.
            o.ProbeTimeout = cluster.ProbeTimeout;
            o.MinProbeTimeout = cluster.ProbeTimeout / 2;
            o.MaxProbeTimeout = cluster.ProbeTimeout * 2;
            o.NumMissedProbesLimit = cluster.MissedProbes;
            // Two live nodes of three must agree (one when only two are left), so one slow node cannot evict another alone.
            o.NumVotesForDeathDeclaration = 2;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            o.DeathVoteExpirationTimeout = cluster.ProbeTimeout * (cluster.MissedProbes + 2);
            o.DefunctSiloExpiration = TimeSpan.FromMinutes(10);
            o.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(1);
        });
    }

    public static ISignalRServerBuilder AddHallBackplane(this ISignalRServerBuilder signalR, ClusterOptions cluster)
    {
        if (!cluster.Enabled) return signalR;
        return signalR.AddStackExchangeRedis(o =>
        {
            o.Configuration = RedisConfig(cluster);
            // One deployment's pushes never reach another's on a shared Redis.
            o.Configuration.ChannelPrefix = RedisChannel.Literal(cluster.Prefix + "signalr:");
        });
    }

    /// <summary>A fresh copy each time (the clients change theirs); never logged: it may carry Redis's password.</summary>
    private static ConfigurationOptions RedisConfig(ClusterOptions cluster)
    {
        var config = ConfigurationOptions.Parse(cluster.Redis!);
        config.AbortOnConnectFail = false;
        return config;
    }
}
