using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Backup;

/// <summary>The schedule inside the server (Hall:Backup): a copy when a sitting closes, and only the newest N kept.</summary>
public sealed class BackupScheduleTests
{
    [Fact]
    public async Task Closing_a_sitting_makes_a_backup_with_its_signed_publication_and_only_the_newest_N_are_kept()
    {
        var dir = Directory.CreateTempSubdirectory("session-backups-").FullName;
        try
        {
            string[] older = ["session-backup-20200101-000000000-daily.tar.gz", "session-backup-20210101-000000000-daily.tar.gz", "session-backup-20220101-000000000-close-x.tar.gz"];
            foreach (var name in older) await File.WriteAllTextAsync(Path.Combine(dir, name), "old");
            await File.WriteAllTextAsync(Path.Combine(dir, "notes.txt"), "not ours");
            await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions
            {
                ExtraArgs = ["--Hall:Backup:Dir=" + dir, "--Hall:Backup:OnSittingClose=true", "--Hall:Backup:Keep=2"],
            });
            var chair = await hall.ConnectChairAsync();
            // The demo's past sitting is played through the engine on first start: its closing is backed up too.
            await Eventually.True(() => Directory.GetFiles(dir, "*close-vyshneva-45-1.tar.gz").Length == 1,
                "a backup after the demo's past sitting closed", TimeSpan.FromSeconds(90));

            await chair.InvokeAsync<CommandAck>("CloseSitting").Must();

            string? made = null;
            await Eventually.True(() => (made = Directory.GetFiles(dir, "*close-vyshneva-45-2.tar.gz").SingleOrDefault()) is not null,
                "a backup after the sitting closed", TimeSpan.FromSeconds(90));
            // Pruning follows the copy: the three older ones go, the two newest and the unrelated file stay.
            var expected = new[] { "notes.txt", Path.GetFileName(Directory.GetFiles(dir, "*close-vyshneva-45-1.tar.gz").Single()), Path.GetFileName(made!) }
                .Order(StringComparer.Ordinal).ToArray();
            await Eventually.True(() => Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).SequenceEqual(expected),
                "only the newest 2 kept: " + string.Join(", ", expected));
            Assert.Equal("not ours", await File.ReadAllTextAsync(Path.Combine(dir, "notes.txt")));

            var names = BackupArchives.Entries(made!).Select(e => e.Name).ToList();
            Assert.Contains("opendata/vyshneva-45-2/sitting.zip", names);
            Assert.Contains("opendata/vyshneva-45-2/protocol.pdf", names);
            var restored = Path.Combine(dir, "restored");
            var run = await HallTool.RunAsync("restore", made!, "--data-dir", restored);
            Assert.True(run.ExitCode == 0, run.All);
            Assert.Contains("SittingClosed", BackupArchives.ReadChain(Path.Combine(restored, "journal.db"), "vyshneva-45-2")[^1].Canonical);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--Hall:Backup:Daily=25:99", "Hall:Backup:Daily")]
    [InlineData("--Hall:Backup:OnSittingClose=true", "Hall:Backup:Dir")]
    [InlineData("--Hall:Backup:Keep=0", "Hall:Backup:Keep")]
    public async Task A_bad_backup_schedule_stops_the_start_naming_the_key(string setting, string key)
    {
        var dataDir = Directory.CreateTempSubdirectory("session-bad-schedule-").FullName;
        try
        {
            var (exit, output) = await HallServerProcess.RunToExitAsync(
                new HallServerStartOptions { DataDir = dataDir, Demo = false, ExtraArgs = [setting] }, TimeSpan.FromSeconds(60));
            Assert.NotEqual(0, exit);
            var text = string.Join('\n', output);
            Assert.Contains(key, text);
            Assert.DoesNotContain("SESSION-READY", text);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
