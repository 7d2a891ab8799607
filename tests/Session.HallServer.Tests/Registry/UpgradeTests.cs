using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Publishing.Verification;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Registry;

/// <summary>
/// A data dir written by the first landing (Fixtures/first-landing-data: its demo, made by that build and kept as
/// it was) upgrades in place by migration: the registry gains its hall, plenary body and convocation, keys and cards
/// keep working, the journals still verify, and the open sitting carries on.
/// </summary>
public sealed class UpgradeTests
{
    [Fact]
    public async Task A_data_dir_of_the_first_landing_upgrades_by_migration_and_its_journals_still_verify()
    {
        var dataDir = Directory.CreateTempSubdirectory("session-upgrade-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "first-landing-data")))
                File.Copy(file, Path.Combine(dataDir, Path.GetFileName(file)));
            await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { DataDir = dataDir });

            var halls = await hall.Http.GetFromJsonAsync<JsonElement>("/api/councils/vyshneva/halls");
            Assert.Equal("vyshneva-hall", halls[0].GetProperty("id").GetString());
            Assert.Equal(27, halls[0].GetProperty("seats").GetArrayLength());
            var bodies = await hall.Http.GetFromJsonAsync<JsonElement>("/api/councils/vyshneva/bodies");
            Assert.Equal("plenary", bodies[0].GetProperty("kind").GetString());
            var convocation = (await hall.Http.GetFromJsonAsync<JsonElement>("/api/councils/vyshneva/convocations"))[0];
            Assert.Equal(8, convocation.GetProperty("number").GetInt32());
            Assert.Equal("2025-12-01", convocation.GetProperty("dateUntil").GetString());
            var sittings = await hall.Http.GetFromJsonAsync<JsonElement>("/api/councils/vyshneva/sittings");
            Assert.Equal(new string?[] { "closed", "open" }, sittings.EnumerateArray().Select(s => s.GetProperty("status").GetString()).ToArray());
            Assert.Equal("vyshneva-45-2", (await hall.CurrentSittingAsync()).SittingId);

            // The old gateway key and the old cards carry on in the open sitting.
            var chair = await hall.ConnectChairAsync();
            var gateway = await SittingDriver.GatewayAsync(hall);
            await SittingDriver.RegisterAsync(chair, gateway, Enumerable.Range(1, 14));
            var vote = await SittingDriver.OpenVoteAsync(chair, hall);
            await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), 1, vote, "yes")).Must();
            await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(vote)).Must();

            // The past sitting's journal is republished from the journal and verifies.
            var folder = Path.Combine(dataDir, "opendata", "vyshneva-45-1");
            await Eventually.True(() => File.Exists(Path.Combine(folder, "ua-835", "secretBallots.csv")) && File.Exists(Path.Combine(folder, "sitting.zip")),
                "the past sitting is republished", TimeSpan.FromSeconds(60));
            var report = FolderVerifier.Verify(folder);
            Assert.True(report.Ok, report.ToString());
        }
        finally
        {
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }
}
