using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Access;

/// <summary>Small moves the access tests share: a bare council, accounts, logins by address, the registry file.</summary>
internal static class AccessKit
{
    public static async Task CreateBareCouncilAsync(RegistryClient admin, string council) =>
        await admin.OkAsync(HttpMethod.Post, "/api/councils", new { id = council, name = $"Рада {council}", composition = 14, edrpou = "04412345", katottg = "UA32080110010012345", publicBaseUrl = $"https://{council}.example.gov.ua" });

    public static async Task CreateAccountAsync(RegistryClient admin, string council, string login, string password, string role) =>
        await admin.OkAsync(HttpMethod.Post, $"/api/councils/{council}/accounts", new { login, password = SecretLedger.Add(password), role });

    public static async Task<HttpResponseMessage> LoginAsync(HttpClient http, string login, string password) =>
        await http.PostAsJsonAsync("/api/auth/login", new { login, password });

    /// <summary>A full login: the password and a fresh TOTP code (the account is enrolled at its first login, <see cref="StaffLogin"/>).</summary>
    public static Task<string> TokenAsync(HttpClient http, string login, string password) => StaffLogin.TokenAsync(http, login, password);

    public static async Task<HttpStatusCode> StatusAsync(HttpClient http, HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    public static async Task<object?> ScalarAsync(HallServerProcess hall, string sql)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(hall.DataDir, "registry.db")};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public static async Task<long> TokenRowsAsync(HallServerProcess hall) => (long)(await ScalarAsync(hall, "SELECT COUNT(*) FROM Tokens"))!;

    public static void NoSecretLeaked(HallServerProcess hall)
    {
        var leaks = hall.LeakedSecrets();
        Assert.True(leaks.Count == 0, "secrets in the server's output:\n" + string.Join('\n', leaks));
    }
}
