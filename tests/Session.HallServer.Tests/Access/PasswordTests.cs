using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Access;

/// <summary>Password hashes by ASP.NET Core Identity, the first landing's hashes upgraded at login, common passwords refused.</summary>
public sealed class PasswordTests
{
    /// <summary>The first landing's format, made here as it made it: pbkdf2-sha256$iterations$salt$hash.</summary>
    private static string OldHash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, 100_000, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256$100000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    [Fact]
    public async Task An_old_pbkdf2_hash_still_logs_in_and_is_rehashed_with_Identity_at_that_login()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false });
        var admin = await RegistryClient.SetUpAsync(hall);
        await AccessKit.CreateBareCouncilAsync(admin, "alfa");
        const string password = "Stara-Parolna-Fraza-1991";
        await AccessKit.CreateAccountAsync(admin, "alfa", "sec-alfa", password, "secretary");

        // New hashes are Identity's (format marker 0x01: V3, base64 "AQAAAA…").
        var fresh = (string)(await AccessKit.ScalarAsync(hall, "SELECT PasswordHash FROM Accounts WHERE Login = 'sec-alfa'"))!;
        Assert.StartsWith("AQAAAA", fresh);

        // A registry row as the first landing wrote it.
        var old = OldHash(password);
        await AccessKit.ScalarAsync(hall, $"UPDATE Accounts SET PasswordHash = '{old}' WHERE Login = 'sec-alfa'");
        Assert.Equal(HttpStatusCode.Unauthorized, (await AccessKit.LoginAsync(hall.Http, "sec-alfa", "Stara-Parolna-Fraza-1992")).StatusCode);
        Assert.Equal(old, await AccessKit.ScalarAsync(hall, "SELECT PasswordHash FROM Accounts WHERE Login = 'sec-alfa'"));

        await AccessKit.TokenAsync(hall.Http, "sec-alfa", password);
        var rehashed = (string)(await AccessKit.ScalarAsync(hall, "SELECT PasswordHash FROM Accounts WHERE Login = 'sec-alfa'"))!;
        Assert.StartsWith("AQAAAA", rehashed);
        Assert.NotEqual(old, rehashed);
        await AccessKit.TokenAsync(hall.Http, "sec-alfa", password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AccessKit.LoginAsync(hall.Http, "sec-alfa", "Stara-Parolna-Fraza-1992")).StatusCode);
        AccessKit.NoSecretLeaked(hall);
    }

    [Fact]
    public async Task A_common_password_is_refused_in_both_languages_at_setup_and_for_accounts_and_nothing_is_created()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false });
        var setupToken = (await File.ReadAllTextAsync(Path.Combine(hall.DataDir, "setup-token.txt"))).Trim();
        using (var refused = await hall.Http.PostAsJsonAsync("/api/setup", new { token = setupToken, login = "admin", password = "Password2024" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("common-password", problem.GetProperty("code").GetString());
            Assert.Contains("поширений", problem.GetProperty("detail").GetString());
            Assert.Contains("too common", problem.GetProperty("detailEn").GetString());
        }
        Assert.True((await hall.Http.GetFromJsonAsync<JsonElement>("/api/setup")).GetProperty("needed").GetBoolean());

        var admin = await RegistryClient.SetUpAsync(hall);
        await AccessKit.CreateBareCouncilAsync(admin, "alfa");
        var before = await admin.SnapshotAsync("alfa");
        foreach (var common in new[] { "qwerty123456", "1q2w3e4r5t6y", "SlavaUkraini2022", "parolparol", "1234567890", "Zhytomyr2025" })
        {
            var problem = await admin.RefusedAsync(HttpMethod.Post, "/api/councils/alfa/accounts", new { login = "sec-alfa", password = common, role = "secretary" }, HttpStatusCode.BadRequest);
            Assert.Equal("common-password", problem.GetProperty("code").GetString());
            Assert.Equal("password", problem.GetProperty("field").GetString());
        }
        // Still the length rule first.
        var shortOne = await admin.RefusedAsync(HttpMethod.Post, "/api/councils/alfa/accounts", new { login = "sec-alfa", password = "kX9#tq", role = "secretary" }, HttpStatusCode.BadRequest);
        Assert.Equal("invalid", shortOne.GetProperty("code").GetString());
        Assert.Equal(before, await admin.SnapshotAsync("alfa"));
        await AccessKit.CreateAccountAsync(admin, "alfa", "sec-alfa", "tri slova bez zv'yazku", "secretary");
        AccessKit.NoSecretLeaked(hall);
    }
}
