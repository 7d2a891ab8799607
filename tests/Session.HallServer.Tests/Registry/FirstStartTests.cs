using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Registry;

/// <summary>A server that has never seen the demo: the one-time setup token, then the host's admin.</summary>
public sealed class FirstStartTests
{
    [Fact]
    public async Task An_empty_server_lists_no_councils_and_makes_its_first_admin_only_with_the_setup_token_once()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false });
        Assert.Equal(0, (await hall.Http.GetFromJsonAsync<JsonElement>("/api/councils")).GetArrayLength());
        Assert.True((await hall.Http.GetFromJsonAsync<JsonElement>("/api/setup")).GetProperty("needed").GetBoolean());
        var tokenFile = Path.Combine(hall.DataDir, "setup-token.txt");
        var token = (await File.ReadAllTextAsync(tokenFile)).Trim();
        Assert.Contains(hall.Output, l => l.Contains(token, StringComparison.Ordinal) && l.Contains("/admin", StringComparison.Ordinal));
        Assert.DoesNotContain(hall.Output, l => l.Contains("secretar /", StringComparison.Ordinal));

        var wrong = await hall.Http.PostAsJsonAsync("/api/setup", new { token = "not-the-token", login = "admin", password = "long-enough-password" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var problem = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("bad-setup-token", problem.GetProperty("code").GetString());
        Assert.Contains("токен", problem.GetProperty("detail").GetString());
        Assert.Contains("token", problem.GetProperty("detailEn").GetString());
        var shortPassword = await hall.Http.PostAsJsonAsync("/api/setup", new { token, login = "admin", password = "short" });
        Assert.Equal("invalid", (await shortPassword.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.True(File.Exists(tokenFile), "a refused setup keeps the token");

        var admin = await RegistryClient.SetUpAsync(hall);
        Assert.False(File.Exists(tokenFile));
        Assert.False((await hall.Http.GetFromJsonAsync<JsonElement>("/api/setup")).GetProperty("needed").GetBoolean());
        var again = await hall.Http.PostAsJsonAsync("/api/setup", new { token, login = "admin2", password = "long-enough-password" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // Nobody else may create a council; the host's admin may.
        await admin.OkAsync(HttpMethod.Post, "/api/councils", new { id = "ivanky", name = "Іванківська рада", composition = 22 });
        var anonymous = await hall.Http.PostAsJsonAsync("/api/councils", new { id = "other", name = "Інша рада", composition = 22 });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var councils = await hall.Http.GetFromJsonAsync<JsonElement>("/api/councils");
        Assert.Equal(new string?[] { "ivanky" }, councils.EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToArray());
    }
}
