using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OtpNet;

namespace Session.Testing;

/// <summary>
/// Staff logins as a person with an authenticator app makes them (docs/security.md "Second factor"): the password,
/// and the TOTP code computed with Otp.NET from the seed the account enrolled with. An account without a second
/// factor is enrolled on its first login here (start, read the seed from the answer, confirm with a first code).
/// Each code works once on the server, so codes are taken from the previous, current and next 30 s step (the server's
/// ±1 window), always later than the last one used for that account; when all are used, the helper waits for the next step.
/// </summary>
public static class StaffLogin
{
    private sealed class Factor(byte[] seed)
    {
        public byte[] Seed { get; } = seed;
        public long LastStep;
        public readonly SemaphoreSlim Gate = new(1, 1);
    }

    private static readonly ConcurrentDictionary<string, Factor> Factors = new(StringComparer.Ordinal);

    private static string Key(Uri server, string login) => server.GetLeftPart(UriPartial.Authority) + "|" + login;

    /// <summary>Remembers an account's seed (base32), e.g. the demo secretary's, given to the server at start.</summary>
    public static void Remember(Uri server, string login, string base32Seed)
    {
        var seed = Base32Encoding.ToBytes(base32Seed);
        var fresh = new Factor(seed);
        // A restart keeps the factor (and its last step), so keep ours too when the seed is the same.
        Factors.AddOrUpdate(Key(server, login), fresh, (_, old) => old.Seed.SequenceEqual(seed) ? old : fresh);
    }

    /// <summary>The server moved to another port (a restart): its accounts' seeds move with it.</summary>
    public static void Moved(Uri from, Uri to)
    {
        var prefix = from.GetLeftPart(UriPartial.Authority) + "|";
        foreach (var (key, factor) in Factors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            Factors[to.GetLeftPart(UriPartial.Authority) + "|" + key[prefix.Length..]] = factor;
    }

    public static bool Knows(Uri server, string login) => Factors.ContainsKey(Key(server, login));

    public static void Forget(Uri server, string login) => Factors.TryRemove(Key(server, login), out _);

    /// <summary>A fresh code for the account, never one handed out before (waits for the next step when it must).</summary>
    public static async Task<string> NextCodeAsync(Uri server, string login)
    {
        var factor = Factors.GetValueOrDefault(Key(server, login)) ?? throw new InvalidOperationException($"no TOTP seed known for {login}");
        await factor.Gate.WaitAsync();
        try
        {
            while (true)
            {
                var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                var now = seconds / 30;
                // The server accepts the previous, current and next step (Auth/Totp.cs Window), each once and in order.
                // The current and next stay inside that window even if a step boundary passes meanwhile; the previous
                // only while the current step has 10 s or more to run, so it is still in the window when the server checks.
                // (20 s was tried after a refusal at a load average of 50; the end-to-end tests, which log in often,
                // then took 7.4 min against 5.0, so it is back to 10 s.)
                var previousStillSafe = (now + 1) * 30 - seconds >= 10;
                foreach (var step in previousStillSafe ? new[] { now - 1, now, now + 1 } : new[] { now, now + 1 })
                {
                    if (step <= factor.LastStep) continue;
                    factor.LastStep = step;
                    return SecretLedger.Add(new Totp(factor.Seed).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime));
                }
                await Task.Delay(TimeSpan.FromSeconds((now + 1) * 30 - DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 0.2));
            }
        }
        finally
        {
            factor.Gate.Release();
        }
    }

    /// <summary>Logs in with the password and, when needed, a fresh code; enrols TOTP when the server asks. Returns the full login's answer.</summary>
    public static async Task<JsonElement> LoginAsync(HttpClient http, string login, string password)
    {
        SecretLedger.Add(password);
        var server = http.BaseAddress ?? throw new InvalidOperationException("the client has no base address");
        string? code = Knows(server, login) ? await NextCodeAsync(server, login) : null;
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { login, password, code });
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new HttpRequestException($"login of {login}: {(int)response.StatusCode} {text}", null, response.StatusCode);
        return await FinishAsync(http, login, JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<string> TokenAsync(HttpClient http, string login, string password) =>
        (await LoginAsync(http, login, password)).GetProperty("token").GetString()!;

    /// <summary>After a login (or the first-start setup): enrols the second factor when the answer says so.</summary>
    public static async Task<JsonElement> FinishAsync(HttpClient http, string login, JsonElement reply)
    {
        SecretLedger.Add(reply.GetProperty("token").GetString()!);
        if (reply.TryGetProperty("next", out var next) && next.GetString() == "enrol") return (await EnrolAsync(http, login, reply.GetProperty("token").GetString()!)).Reply;
        return reply;
    }

    /// <summary>Enrols TOTP with a limited (or full) token: returns the confirmation's answer (full token, recovery codes).</summary>
    public static async Task<(JsonElement Reply, string[] RecoveryCodes, string Seed)> EnrolAsync(HttpClient http, string login, string token)
    {
        var server = http.BaseAddress!;
        var start = await PostAsync(http, "/api/auth/second-factor/totp", token, new { });
        var seed = SecretLedger.Add(start.GetProperty("secret").GetString()!);
        Forget(server, login);
        Remember(server, login, seed);
        var confirm = await PostAsync(http, "/api/auth/second-factor/totp/confirm", token, new { code = await NextCodeAsync(server, login) });
        var codes = confirm.GetProperty("recoveryCodes").EnumerateArray().Select(c => SecretLedger.Add(c.GetString()!)).ToArray();
        SecretLedger.Add(confirm.GetProperty("token").GetString()!);
        return (confirm, codes, seed);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, string token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"POST {path}: {(int)response.StatusCode} {text}", null, response.StatusCode);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
