using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Cluster;

/// <summary>A bad regional-host setting stops the start, naming the key in Ukrainian and English; nothing is written.</summary>
public sealed class ClusterSettingsTests
{
    [Fact]
    public async Task Bad_cluster_settings_stop_the_start_naming_each_key_in_both_languages()
    {
        var dataDir = Directory.CreateTempSubdirectory("session-bad-cluster-").FullName;
        try
        {
            var (exit, output) = await HallServerProcess.RunToExitAsync(new HallServerStartOptions
            {
                DataDir = dataDir,
                Demo = false,
                ExtraArgs = ["--Hall:Cluster:Redis=127.0.0.1:6379", "--Hall:Cluster:ClusterId=Rada Oblast!", "--Hall:Cluster:AdvertisedAddress=node-a",
                    "--Hall:Cluster:ProbeTimeout=00:00:00.1", "--Hall:TrustedProxies:0=nginx.local"],
            }, TimeSpan.FromSeconds(60));
            Assert.NotEqual(0, exit);
            var text = string.Join('\n', output);
            Assert.Contains("Hall:Cluster:ClusterId: лише малі латинські літери, цифри і дефіс / only lower-case letters", text);
            Assert.Contains("Hall:Cluster:AdvertisedAddress: «node-a» не IP-адреса / is not an IP address", text);
            Assert.Contains("Hall:Cluster:ProbeTimeout: від 0,5 до 30 с / between 0.5 and 30 seconds", text);
            Assert.Contains("Hall:TrustedProxies: «nginx.local» не IP-адреса проксі / is not a proxy's IP address", text);
            Assert.DoesNotContain("SESSION-READY", text);
            // Refused before anything is made: no journal, no registry.
            Assert.False(File.Exists(Path.Combine(dataDir, "journal.db")));
            Assert.False(File.Exists(Path.Combine(dataDir, "registry.db")));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
