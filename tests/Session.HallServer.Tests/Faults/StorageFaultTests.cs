using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.HallServer.Storage;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Faults;

/// <summary>
/// The data dir on a real small file system in the server's own mount namespace (<see cref="SmallDisk"/>): a tmpfs
/// filled up, an ext4 turned read-only by a real ext4 error. Commands are refused <c>storage-failed</c>, nothing is
/// acknowledged that is not on disk, and the server takes commands again by itself once the disk is back.
/// </summary>
public sealed class StorageFaultTests
{
    private static readonly int[][] BurstSeats = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]];
    private const int ProbeSeat = 21;

    private static async Task<(HubConnection Chair, List<HubConnection> Terminals, string VoteId, string SittingId)> OpenVoteAsync(HallServerProcess hall)
    {
        var chair = await hall.ConnectChairAsync();
        var gateway = await SittingDriver.GatewayAsync(hall);
        await SittingDriver.RegisterAsync(chair, gateway, Enumerable.Range(1, 21));
        var voteId = await SittingDriver.OpenVoteAsync(chair, hall, seconds: 3600);
        var terminals = new List<HubConnection>();
        for (int i = 0; i < BurstSeats.Length; i++) terminals.Add(await SittingDriver.GatewayAsync(hall, messagePack: i % 2 == 1));
        terminals.Add(gateway);
        return (chair, terminals, voteId, (await hall.CurrentSittingAsync()).SittingId);
    }

    private static async Task<CommandAck> ProbeAsync(HubConnection gateway, string voteId) =>
        await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), ProbeSeat, voteId, "yes"));

    private static void AssertStorageRefusalsAreTyped(CastBurst burst)
    {
        Assert.Empty(burst.TransportFailures);
        Assert.All(burst.Refused.Values, r =>
        {
            Assert.Equal(StorageFault.Code, r.Reason);
            Assert.Contains("журнал", r.Uk);
            Assert.Contains("journal", r.En);
        });
    }

    [Fact]
    public async Task A_full_disk_mid_burst_refuses_casts_with_storage_failed_acknowledges_only_what_is_on_disk_and_recovers_when_space_returns()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Launcher = SmallDisk.Tmpfs(48) });
        var (chair, terminals, voteId, sittingId) = await OpenVoteAsync(hall);
        var burst = new CastBurst();
        burst.Start(terminals.Take(BurstSeats.Length).ToList(), BurstSeats, voteId);
        await Eventually.True(() => burst.Acknowledged.Count >= 30, "presses acknowledged before the disk fills");

        var filler = SmallDisk.Fill(hall);
        await Eventually.True(() => burst.StorageRefusals >= 10, "presses refused storage-failed on the full disk");
        // While full: refused, and the server still serves what it has.
        Assert.Equal(StorageFault.Code, (await ProbeAsync(terminals[^1], voteId)).Reason);
        Assert.Equal(sittingId, (await hall.CurrentSittingAsync()).SittingId);

        File.Delete(filler);
        var acknowledgedWhenFreed = burst.Acknowledged.Count;
        await Eventually.True(async () => (await ProbeAsync(terminals[^1], voteId)).Accepted, "a new press accepted once space returned, without a restart");
        await Eventually.True(() => burst.Acknowledged.Count >= acknowledgedWhenFreed + 20, "the burst acknowledged again");
        await burst.StopAsync();

        AssertStorageRefusalsAreTyped(burst);
        await burst.AssertJournalHoldsExactlyTheAcknowledgedAsync(hall, sittingId, refusedAreAbsent: true);
        await burst.AssertSeatsShowTheLastAcknowledgedAsync(chair);
        Assert.Empty(hall.LeakedSecrets());
    }

    [Fact]
    public async Task A_file_system_turned_read_only_mid_burst_refuses_casts_and_registry_changes_with_storage_failed_and_takes_them_again_once_mounted_again()
    {
        var image = SmallDisk.MakeExt4Image(64);
        try
        {
            await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Launcher = SmallDisk.Ext4(image) });
            var (chair, terminals, voteId, sittingId) = await OpenVoteAsync(hall);
            var registry = new RegistryClient(hall, await hall.ChairTokenAsync());
            var deputies = $"/api/councils/{Session.HallServer.Demo.DemoCouncil.CouncilId}/deputies";
            var deputy = new { fullName = "Оксана Тестова", mandateStart = "2020-12-01" };
            async Task RegistryRefusesAsync()
            {
                var refused = await registry.RefusedAsync(HttpMethod.Post, deputies, deputy, HttpStatusCode.InsufficientStorage);
                Assert.Equal(StorageFault.Code, refused.GetProperty("code").GetString());
                Assert.Contains("диск", refused.GetProperty("detail").GetString());
                Assert.Contains("disk", refused.GetProperty("detailEn").GetString());
            }
            var burst = new CastBurst();
            burst.Start(terminals.Take(BurstSeats.Length).ToList(), BurstSeats, voteId);
            await Eventually.True(() => burst.Acknowledged.Count >= 30, "presses acknowledged before the file system turns read-only");

            SmallDisk.TurnReadOnly(hall);
            Assert.True(SmallDisk.IsReadOnly(hall));
            await Eventually.True(() => burst.StorageRefusals >= 10, "presses refused storage-failed on the read-only file system");
            // While read-only: refused, and the server still serves what it has.
            Assert.Equal(StorageFault.Code, (await ProbeAsync(terminals[^1], voteId)).Reason);
            Assert.Equal(sittingId, (await hall.CurrentSittingAsync()).SittingId);
            var roster = (await registry.GetAsync(deputies)).GetRawText();
            await RegistryRefusesAsync();
            Assert.Equal(roster, (await registry.GetAsync(deputies)).GetRawText());

            // The operator's repair, the server running: while the broken mount is detached the data dir is a bare mount
            // point, and nothing may make a new empty journal or registry there (it was an internal error, "no such table").
            SmallDisk.Unmount(hall);
            Assert.Equal(StorageFault.Code, (await ProbeAsync(terminals[^1], voteId)).Reason);
            await RegistryRefusesAsync();
            Assert.Empty(Directory.EnumerateFileSystemEntries(hall.DataDir));
            SmallDisk.CheckAndMount(hall, image);
            var acknowledgedWhenBack = burst.Acknowledged.Count;
            await Eventually.True(async () => (await ProbeAsync(terminals[^1], voteId)).Accepted, "a new press accepted once the file system is mounted again, without a restart");
            await Eventually.True(() => burst.Acknowledged.Count >= acknowledgedWhenBack + 20, "the burst acknowledged again");
            await burst.StopAsync();
            // The registry too: its pooled connections held the old mount, and are opened afresh.
            await registry.OkAsync(HttpMethod.Post, deputies, deputy);
            Assert.Contains(deputy.fullName, (await registry.GetAsync(deputies)).GetRawText());

            AssertStorageRefusalsAreTyped(burst);
            await burst.AssertJournalHoldsExactlyTheAcknowledgedAsync(hall, sittingId, refusedAreAbsent: true);
            await burst.AssertSeatsShowTheLastAcknowledgedAsync(chair);
        }
        finally
        {
            File.Delete(image);
        }
    }

    [Fact]
    public async Task The_registry_on_a_full_disk_refuses_a_change_with_storage_failed_keeps_what_it_had_and_takes_it_when_space_returns()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false, Launcher = SmallDisk.Tmpfs(32) });
        var registry = await RegistryClient.SetUpAsync(hall);
        await registry.CreateCouncilAsync("lisova", deputies: 12);
        var before = await registry.SnapshotAsync("lisova");
        var councils = (await registry.GetAsync("/api/councils")).GetRawText();
        var council = new { id = "stepova", name = "Степова рада", composition = 12, edrpou = "04412346", katottg = "UA32080110010012346" };

        var filler = SmallDisk.Fill(hall);
        var refused = await registry.RefusedAsync(HttpMethod.Post, "/api/councils", council, HttpStatusCode.InsufficientStorage);
        Assert.Equal(StorageFault.Code, refused.GetProperty("code").GetString());
        Assert.Contains("диск", refused.GetProperty("detail").GetString());
        Assert.Contains("disk", refused.GetProperty("detailEn").GetString());
        Assert.Equal(councils, (await registry.GetAsync("/api/councils")).GetRawText());
        Assert.Equal(before, await registry.SnapshotAsync("lisova"));

        File.Delete(filler);
        await registry.OkAsync(HttpMethod.Post, "/api/councils", council);
        Assert.Contains("stepova", (await registry.GetAsync("/api/councils")).GetRawText());
        Assert.Equal(before, await registry.SnapshotAsync("lisova"));
    }

    [Fact]
    public async Task Open_data_on_a_full_disk_keeps_the_last_whole_files_and_is_published_when_space_returns()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Launcher = SmallDisk.TmpfsWithOpenData(48, 16) });
        var chair = await hall.ConnectChairAsync();
        var gateway = await SittingDriver.GatewayAsync(hall);
        await SittingDriver.RegisterAsync(chair, gateway, Enumerable.Range(1, 16));
        var sittingId = (await hall.CurrentSittingAsync()).SittingId;
        var url = $"/opendata/{sittingId}/ua-835/vote.csv";
        async Task<string> CsvAsync() { var r = await hall.Http.GetAsync(url); return r.IsSuccessStatusCode ? await r.Content.ReadAsStringAsync() : ""; }
        async Task<string> CloseAVoteAsync()
        {
            var voteId = await SittingDriver.OpenVoteAsync(chair, hall);
            for (int s = 1; s <= 16; s++)
                await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), s, voteId, "yes")).Must();
            await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
            return voteId;
        }

        var first = await CloseAVoteAsync();
        await Eventually.True(async () => (await CsvAsync()).Contains(first), "the first vote published");
        var published = await CsvAsync();

        var filler = SmallDisk.Fill(hall, "opendata");
        var second = await CloseAVoteAsync(); // the journal has room: only the publication's disk is full
        await Eventually.True(() => hall.Output.Any(l => l.Contains($"Publishing the open data of sitting {sittingId} failed")), "the failed publication logged");
        Assert.Equal(published, await CsvAsync());
        var folder = hall.SeenPath(Path.Combine("opendata", sittingId));
        Assert.DoesNotContain(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories), f => Session.Publishing.Files.AtomicFile.IsTemporary(f));

        File.Delete(filler);
        await Eventually.True(async () => (await CsvAsync()).Contains(second), "the second vote published once space returned, without a restart");
        Assert.Contains(first, await CsvAsync());
        Assert.DoesNotContain(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories), f => Session.Publishing.Files.AtomicFile.IsTemporary(f));
    }
}
