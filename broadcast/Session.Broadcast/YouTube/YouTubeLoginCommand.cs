namespace Session.Broadcast.YouTube;

/// <summary>
/// <c>Session.Broadcast youtube-login --youtube-client CLIENT.json --youtube-token TOKEN.json</c>: Google's device flow
/// at the operator's terminal. Prints where to go and the code to type (Ukrainian, then English), waits for approval,
/// and stores the refresh token owner-only (0600). Nothing secret is printed.
/// </summary>
public static class YouTubeLoginCommand
{
    public const string Usage = "Session.Broadcast youtube-login --youtube-client CLIENT.json --youtube-token TOKEN.json";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, Func<string, string?> environment, TextWriter output, TextWriter error,
        TimeProvider clock, CancellationToken ct)
    {
        string? clientPath = null, tokenPath = null;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--youtube-client" when i + 1 < args.Count: clientPath = args[++i]; break;
                case "--youtube-token" when i + 1 < args.Count: tokenPath = args[++i]; break;
                default:
                    error.WriteLine($"error: {args[i]}: невідомий параметр або немає значення / unknown option or missing value");
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        if (clientPath is null || tokenPath is null)
        {
            error.WriteLine("error: потрібні --youtube-client і --youtube-token / --youtube-client and --youtube-token are required");
            error.WriteLine(Usage);
            return 2;
        }
        OAuthClient? client;
        string? why;
        try { client = OAuthClient.Parse(File.ReadAllText(clientPath), out why); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { client = null; why = $"не вдається прочитати / cannot read: {e.GetType().Name}"; }
        if (client is null) { error.WriteLine($"error: --youtube-client {clientPath}: {why}"); return 2; }

        var options = new YouTubeOptions
        {
            Client = client, TokenPath = Path.GetFullPath(tokenPath),
            OAuthBase = YouTubeOptions.Base(environment, YouTubeOptions.OAuthBaseVariable, YouTubeOptions.GoogleOAuth),
        };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var oauth = new GoogleOAuth(http, options, clock, _ => { });
        try
        {
            var device = await oauth.RequestDeviceCodeAsync(ct);
            output.WriteLine($"Відкрийте {device.VerificationUrl} і введіть код {device.UserCode}");
            output.WriteLine($"Open {device.VerificationUrl} and enter the code {device.UserCode}");
            output.WriteLine($"Чекаю на підтвердження (до {device.ExpiresIn.TotalMinutes:0} хв) / Waiting for approval (up to {device.ExpiresIn.TotalMinutes:0} min)…");
            output.Flush();
            var (refresh, scope) = await oauth.WaitForApprovalAsync(device, ct);
            TokenStore.Save(options.TokenPath, refresh, scope, clock.GetUtcNow());
            output.WriteLine($"Вхід виконано; токен збережено у {options.TokenPath} (лише для власника, 0600)");
            output.WriteLine($"Signed in; the token is stored in {options.TokenPath} (owner only, 0600)");
            return 0;
        }
        catch (YouTubeRefused e)
        {
            error.WriteLine($"error: {e.Uk} / {e.En}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("error: перервано / interrupted");
            return 1;
        }
    }
}
