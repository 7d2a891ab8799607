using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Registry;

/// <summary>Every registry change is in the council's hash-chained audit; a record changed behind the server's back is reported at start.</summary>
public sealed class AuditChainTests
{
    [Fact]
    public async Task Registry_changes_are_audited_with_who_and_from_where_and_a_changed_record_is_reported_at_start()
    {
        var dataDir = Directory.CreateTempSubdirectory("session-audit-").FullName;
        var token = "";
        try
        {
            await using (var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false, DataDir = dataDir }))
            {
                var admin = await RegistryClient.SetUpAsync(hall);
                token = admin.Token;
                await admin.CreateCouncilAsync("audyt");
                var audit = await admin.GetAsync("/api/councils/audyt/audit");
                var actions = audit.EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
                Assert.Equal(["council.create", "convocation.save", "deputy.import", "hall.create", "session.create", "sitting.plan", "agenda.add"], actions);
                Assert.All(audit.EnumerateArray(), a => Assert.Equal(RegistryClient.AdminLogin, a.GetProperty("actor").GetString()));
                Assert.All(audit.EnumerateArray(), a => Assert.Equal("127.0.0.1", a.GetProperty("address").GetString()));
                Assert.Equal(HttpStatusCode.Unauthorized, (await hall.Http.GetAsync("/api/councils/audyt/audit")).StatusCode);
                Assert.DoesNotContain(hall.Output, l => l.Contains("Audit chain", StringComparison.Ordinal));
                var holds = await admin.GetAsync("/api/councils/audyt/audit/verify");
                Assert.True(holds.GetProperty("holds").GetBoolean());
                Assert.Equal(7, holds.GetProperty("records").GetInt64());
                Assert.Equal(audit.EnumerateArray().Last().GetProperty("hash").GetString(), holds.GetProperty("lastHash").GetString());
                Assert.Equal(JsonValueKind.Null, holds.GetProperty("brokenAt").ValueKind);
            }

            await using (var db = new SqliteConnection($"Data Source={Path.Combine(dataDir, "registry.db")};Pooling=False"))
            {
                await db.OpenAsync();
                var update = db.CreateCommand();
                update.CommandText = "UPDATE Audit SET Subject = 'someone else' WHERE Seq = 3";
                Assert.Equal(1, await update.ExecuteNonQueryAsync());
            }
            await using var restarted = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false, DataDir = dataDir });
            // Checked after the hall listens (a restart serves first): reported within seconds.
            await Eventually.True(() => restarted.Output.Any(l => l.Contains("Audit chain of council audyt: record 3 is bad", StringComparison.Ordinal)),
                "the broken audit chain is reported", TimeSpan.FromSeconds(60));
            // And to anyone of the council who asks (the audit screen of the admin console shows it).
            var again = new RegistryClient(restarted, token); // sessions are kept in the registry: the login outlives the restart
            var broken = await again.GetAsync("/api/councils/audyt/audit/verify");
            Assert.False(broken.GetProperty("holds").GetBoolean());
            Assert.Equal(3, broken.GetProperty("brokenAt").GetInt64());
        }
        finally
        {
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }
}
