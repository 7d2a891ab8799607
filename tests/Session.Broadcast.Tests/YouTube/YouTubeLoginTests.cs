using Session.Broadcast.Tests.Support;
using Session.Broadcast.YouTube;

namespace Session.Broadcast.Tests.YouTube;

public class YouTubeLoginTests
{
    [Fact]
    public async Task Device_login_shows_the_code_in_both_languages_waits_through_authorization_pending_and_stores_the_token_owner_only()
    {
        using var google = new YouTubeStandIn { IngestionAddress = "rtmp://127.0.0.1:1/live", StreamName = "unused", Receiving = () => false, PendingPolls = 2 };
        var dir = Directory.CreateTempSubdirectory("session-yt-login-").FullName;
        try
        {
            var client = Path.Combine(dir, "client.json");
            File.WriteAllText(client, YouTubeStandIn.ClientJson);
            var token = Path.Combine(dir, "secrets", "youtube-token.json");
            var output = new StringWriter();
            var error = new StringWriter();
            var env = new Dictionary<string, string> { [YouTubeOptions.OAuthBaseVariable] = google.OAuthBase };

            int code = await YouTubeLoginCommand.RunAsync(["--youtube-client", client, "--youtube-token", token], env.GetValueOrDefault,
                output, error, TimeProvider.System, CancellationToken.None);

            Assert.True(code == 0, error.ToString());
            var text = output.ToString();
            Assert.Contains($"Відкрийте https://www.google.com/device і введіть код {YouTubeStandIn.UserCode}", text);
            Assert.Contains($"Open https://www.google.com/device and enter the code {YouTubeStandIn.UserCode}", text);
            Assert.Equal(["device/code", "token:pending", "token:pending", "token:device"], google.Calls);
            Assert.Empty(google.Violations);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(token));
            Assert.Equal(YouTubeStandIn.RefreshToken, TokenStore.Load(File.ReadAllText(token), out _)!.Reveal());
            foreach (var secret in google.Secrets) Assert.DoesNotContain(secret, text + error);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task A_denied_login_says_so_in_both_languages_and_stores_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("session-yt-login-").FullName;
        try
        {
            var client = Path.Combine(dir, "client.json");
            File.WriteAllText(client, YouTubeStandIn.ClientJson);
            using var google = new YouTubeStandIn { IngestionAddress = "rtmp://127.0.0.1:1/live", StreamName = "unused", Receiving = () => false, DenyLogin = true };
            var error = new StringWriter();
            var env = new Dictionary<string, string> { [YouTubeOptions.OAuthBaseVariable] = google.OAuthBase };
            int code = await YouTubeLoginCommand.RunAsync(["--youtube-client", client, "--youtube-token", Path.Combine(dir, "t.json")], env.GetValueOrDefault,
                new StringWriter(), error, TimeProvider.System, CancellationToken.None);
            Assert.Equal(1, code);
            Assert.Contains("у доступі відмовлено", error.ToString());
            Assert.Contains("access was denied", error.ToString());
            Assert.False(File.Exists(Path.Combine(dir, "t.json")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
