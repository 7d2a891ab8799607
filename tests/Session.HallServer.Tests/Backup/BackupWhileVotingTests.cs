using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Backup;

/// <summary>
/// <c>backup</c> run by an operator (another process) while the server runs and deputies press: the copy is consistent,
/// and a server started on its restore verifies the journals and serves what the original served.
/// </summary>
public sealed class BackupWhileVotingTests
{
    private const string Council = "vyshneva";
    private const string Sitting = "vyshneva-45-2";

    [Fact]
    public async Task A_backup_during_a_burst_of_casts_has_an_intact_chain_and_every_vote_acknowledged_before_it_began()
    {
        await using var hall = await HallServerProcess.StartAsync();
        var work = Directory.CreateTempSubdirectory("session-backup-").FullName;
        try
        {
            var chair = await hall.ConnectChairAsync();
            var gateway = await SittingDriver.GatewayAsync(hall);
            await SittingDriver.RegisterAsync(chair, gateway, Enumerable.Range(1, 27));
            var voteId = await SittingDriver.OpenVoteAsync(chair, hall, seconds: 3600);
            var gateways = new List<HubConnection> { gateway };
            for (int i = 0; i < 3; i++) gateways.Add(await SittingDriver.GatewayAsync(hall, messagePack: i % 2 == 0));

            var acked = new ConcurrentDictionary<string, long>();
            using var stop = new CancellationTokenSource();
            var burst = Enumerable.Range(0, gateways.Count).Select(g => Task.Run(async () =>
            {
                var random = new Random(g);
                while (!stop.IsCancellationRequested)
                {
                    var id = SittingDriver.NewCommandId();
                    var ack = await gateways[g].InvokeAsync<CommandAck>("Cast",
                        new CastRequest(id, random.Next(1, 28), voteId, new[] { "yes", "no", "abstain" }[random.Next(3)]));
                    if (ack.Accepted) acked[id] = ack.JournalSeq!.Value;
                }
            })).ToArray();
            await Eventually.True(() => acked.Count >= 100, "a hundred casts acknowledged before the backup");

            // Everything acknowledged before the tool starts must be in the copy.
            var before = acked.ToArray();
            var archive = Path.Combine(work, "during-burst.tar.gz");
            var backup = await HallTool.RunAsync("backup", "--data-dir", hall.DataDir, "--to", archive);
            var duringBackup = acked.Count - before.Length;
            stop.Cancel();
            await Task.WhenAll(burst).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(backup.ExitCode == 0, backup.All);
            Assert.True(duringBackup > 0, "casts were acknowledged while the backup ran");
            Assert.DoesNotContain("SESSION-READY", backup.All);
            var restored = Path.Combine(work, "restored");
            var restore = await HallTool.RunAsync("restore", archive, "--data-dir", restored);
            Assert.True(restore.ExitCode == 0, restore.All);

            var chain = BackupArchives.ReadChain(Path.Combine(restored, "journal.db"), Sitting);
            foreach (var (commandId, seq) in before)
            {
                Assert.True(seq <= chain.Count, $"acknowledged cast at seq {seq} missing: the copy ends at {chain.Count}");
                Assert.Contains(commandId, chain[(int)seq - 1].Canonical);
            }
            Assert.NotNull(BackupArchives.ReadChain(Path.Combine(restored, "journal.db"), "vyshneva-45-1"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task A_server_started_on_a_restored_backup_verifies_its_journals_and_serves_the_same_sittings_and_open_data()
    {
        var work = Directory.CreateTempSubdirectory("session-restore-").FullName;
        try
        {
            await using var original = await HallServerProcess.StartAsync();
            var chair = await original.ConnectChairAsync();
            var gateway = await SittingDriver.GatewayAsync(original);
            await SittingDriver.RegisterAsync(chair, gateway, Enumerable.Range(1, 20));
            var voteId = await SittingDriver.OpenVoteAsync(chair, original);
            for (int seat = 1; seat <= 20; seat++)
                await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, voteId, seat % 4 == 0 ? "no" : "yes")).Must();
            await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
            var journalFile = Path.Combine(original.DataDir, "opendata", Sitting, "journal.jsonl");
            await Eventually.True(() => File.Exists(journalFile) && File.ReadAllText(journalFile).Contains("VoteClosed"), "the closed vote published");

            var archive = Path.Combine(work, "copy.tar.gz");
            var backup = await HallTool.RunAsync("backup", "--data-dir", original.DataDir, "--to", archive);
            Assert.True(backup.ExitCode == 0, backup.All);
            var restoredDir = Path.Combine(work, "restored");
            var restore = await HallTool.RunAsync("restore", archive, "--data-dir", restoredDir);
            Assert.True(restore.ExitCode == 0, restore.All);
            Assert.True(File.Exists(Path.Combine(restoredDir, "hall.key")));
            Assert.True(File.Exists(Path.Combine(restoredDir, "council-demo.pfx")));

            await using var restored = await HallServerProcess.StartAsync(new HallServerStartOptions { DataDir = restoredDir });
            var log = string.Join('\n', restored.Output);
            Assert.Contains($"Journal of sitting {Sitting}", log);
            Assert.Contains("chain intact", log);

            foreach (var path in new[] { $"/api/councils/{Council}/sittings", $"/api/votes/{voteId}", $"/api/sessions" })
            {
                var (left, right) = (await Json(original, path), await Json(restored, path));
                var at = Enumerable.Range(0, Math.Min(left.Length, right.Length)).FirstOrDefault(i => left[i] != right[i]);
                Assert.True(left == right, $"{path} differs at {at}:\n…{left[Math.Max(0, at - 80)..Math.Min(left.Length, at + 80)]}\n…{right[Math.Max(0, at - 80)..Math.Min(right.Length, at + 80)]}");
            }

            var openData = Path.Combine(original.DataDir, "opendata");
            var files = Directory.EnumerateFiles(openData, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(openData, f).Replace('\\', '/')).Where(f => !f.Contains(".tmp-")).ToList();
            Assert.Contains($"{Sitting}/ua-835-legacy/votings.csv", files);
            foreach (var file in files)
            {
                using var a = await original.Http.GetAsync("/opendata/" + file);
                using var b = await restored.Http.GetAsync("/opendata/" + file);
                Assert.True(a.IsSuccessStatusCode && b.IsSuccessStatusCode, $"/opendata/{file}: {a.StatusCode} and {b.StatusCode}");
                // Signatures carry their signing time and are made afresh when the restored server republishes; the data is the same.
                if (file.EndsWith(".p7s", StringComparison.Ordinal) || file.EndsWith(".pdf", StringComparison.Ordinal) || file.EndsWith(".zip", StringComparison.Ordinal)) continue;
                var (left, right) = (await a.Content.ReadAsByteArrayAsync(), await b.Content.ReadAsByteArrayAsync());
                Assert.True(left.AsSpan().SequenceEqual(right), $"/opendata/{file} differs");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // A live view carries the clock's full precision; a state rebuilt from the journal (any restart) has its milliseconds.
    private static async Task<string> Json(HallServerProcess hall, string path) =>
        System.Text.RegularExpressions.Regex.Replace(JsonSerializer.Serialize(await hall.Http.GetFromJsonAsync<JsonElement>(path)),
            @"(T\d\d:\d\d:\d\d)(?:\.(\d+))?(?=\\u002B|Z|-)", m => m.Groups[1].Value + "." + (m.Groups[2].Value + "000")[..3]);
}
