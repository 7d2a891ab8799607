using Session.HallServer.Hosting;
using Session.HallServer.Storage;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Storage;

/// <summary>
/// A storage the server cannot use stops the start before anything listens: exit code <see cref="StorageRefused.ExitCode"/>,
/// the reason in Ukrainian and English, and never the password.
/// </summary>
public sealed class StorageConfigTests(PostgresFixture pg) : IClassFixture<PostgresFixture>
{
    private static async Task<string> RefusedStartAsync(string[] args, Dictionary<string, string>? environment = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("session-storage-config-").FullName;
        try
        {
            var (exit, output) = await HallServerProcess.RunToExitAsync(
                new HallServerStartOptions { DataDir = dataDir, Demo = false, ExtraArgs = args, Environment = environment ?? new() },
                TimeSpan.FromSeconds(90));
            var text = string.Join('\n', output);
            Assert.True(exit == StorageRefused.ExitCode, $"exit {exit}:\n{text}");
            Assert.Contains("Помилка сховища", text);
            Assert.Contains("Storage error", text);
            Assert.DoesNotContain("SESSION-READY", text);
            // Nothing was created in the data dir's place of a journal or registry.
            Assert.False(File.Exists(Path.Combine(dataDir, "journal.db")));
            Assert.False(File.Exists(Path.Combine(dataDir, "registry.db")));
            return text;
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task An_unknown_storage_stops_the_start_naming_the_key_in_both_languages()
    {
        var text = await RefusedStartAsync(["--Hall:Storage=mysql"]);
        Assert.Contains("невідоме значення Hall:Storage «mysql»", text);
        Assert.Contains("unknown Hall:Storage «mysql»", text);
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_or_with_scheduled_sqlite_backups_stops_the_start()
    {
        var none = await RefusedStartAsync(["--Hall:Storage=postgres"]);
        Assert.Contains("ConnectionStrings__Session", none);
        var backups = await RefusedStartAsync(["--Hall:Storage=postgres", "--Hall:Backup:Dir=/tmp/nowhere-session", "--Hall:Backup:OnSittingClose=true"]);
        Assert.Contains("pg_dump", backups);
        Assert.Contains("копіюйте", backups);
    }

    [Fact]
    public async Task An_unreachable_postgres_stops_the_start_without_showing_the_password()
    {
        var secret = SecretLedger.Add("unreachable-" + Guid.NewGuid().ToString("N")[..8]);
        var port = FreePorts.Next(); // nothing listens there
        var text = await RefusedStartAsync(["--Hall:Storage=postgres"],
            new() { ["ConnectionStrings__Session"] = $"Host=127.0.0.1;Port={port};Database=rada;Username=session;Password={secret};Timeout=5" });
        Assert.Contains("PostgreSQL недоступний", text);
        Assert.Contains("PostgreSQL is unreachable", text);
        Assert.Contains($"Port={port}", text);
        Assert.DoesNotContain(secret, text);
    }

    [Fact]
    public async Task A_wrong_postgres_password_stops_the_start_without_showing_it()
    {
        var wrong = SecretLedger.Add("wrong-" + Guid.NewGuid().ToString("N")[..8]);
        var cs = pg.Server.ConnectionString("postgres", password: wrong);
        var text = await RefusedStartAsync(["--Hall:Storage=postgres"], new() { ["ConnectionStrings__Session"] = cs });
        Assert.Contains("не впустив користувача session", text);
        Assert.Contains("refused the login of user session", text);
        Assert.DoesNotContain(wrong, text);
        Assert.DoesNotContain(pg.Server.Password, text);
    }
}
