using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Session.Testing;

/// <summary>
/// The registry's REST as a council's admin uses it (docs/registry-api.md), for tests: the first start with the
/// setup token, then councils, deputies, halls and sittings made through the real API of a real server.
/// </summary>
public sealed class RegistryClient(HallServerProcess hall, string token)
{
    public const string AdminLogin = "admin";
    public const string AdminPassword = "admin-password-2026";

    public HallServerProcess Hall { get; } = hall;
    public string Token { get; } = token;

    /// <summary>On a server started without --demo: reads the one-time setup token and creates the host's admin.</summary>
    public static async Task<RegistryClient> SetUpAsync(HallServerProcess hall)
    {
        var setupToken = (await File.ReadAllTextAsync(hall.SeenPath("setup-token.txt"))).Trim();
        var response = await hall.Http.PostAsJsonAsync("/api/setup", new { token = setupToken, login = AdminLogin, password = AdminPassword });
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
        // Not the setup token: the server prints it at first start by design (it is how the operator gets it), and it dies at first use.
        SecretLedger.Add(AdminPassword);
        // The new admin's first login is limited to enrolling the second factor: enrol TOTP as a person would.
        var full = await StaffLogin.FinishAsync(hall.Http, AdminLogin, reply);
        return new RegistryClient(hall, SecretLedger.Add(full.GetProperty("token").GetString()!));
    }

    public static async Task<RegistryClient> LoginAsync(HallServerProcess hall, string login, string password)
    {
        // Password, then a TOTP code (the account is enrolled at its first login here).
        return new RegistryClient(hall, await StaffLogin.TokenAsync(hall.Http, login, password));
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is HttpContent content) request.Content = content;
        else if (body is not null) request.Content = JsonContent.Create(body);
        var bearer = token ?? Token;
        if (bearer.Length > 0) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await Hall.Http.SendAsync(request);
    }

    /// <summary>Sends and expects success; returns the JSON answer (or an empty element for 204).</summary>
    public async Task<JsonElement> OkAsync(HttpMethod method, string path, object? body = null)
    {
        using var response = await SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> GetAsync(string path) => OkAsync(HttpMethod.Get, path);

    /// <summary>Sends and expects a refusal with this status; returns the problem details.</summary>
    public async Task<JsonElement> RefusedAsync(HttpMethod method, string path, object? body, HttpStatusCode status)
    {
        using var response = await SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != status) throw new HttpRequestException($"{method} {path}: expected {(int)status}, got {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Everything the registry holds of a council and its audit chain, to prove a refused change changed nothing.</summary>
    public async Task<string> SnapshotAsync(string council)
    {
        var export = await GetAsync($"/api/councils/{council}/export");
        var audit = await GetAsync($"/api/councils/{council}/audit");
        return export.GetRawText() + "\n" + audit.GetRawText();
    }

    public static HttpContent Csv(string text) => new StringContent(text, Encoding.UTF8, "text/csv");

    public static HttpContent Pdf(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return content;
    }

    /// <summary>A small valid PDF made here (one empty page), for document uploads.</summary>
    public static byte[] SmallPdf(string title = "Проєкт рішення")
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            $"<< /Title <{Convert.ToHexString([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(title)])}> >>",
        };
        var sb = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Count; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(sb.ToString()));
            sb.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(sb.ToString());
        sb.Append($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) sb.Append($"{o:D10} 00000 n \n");
        sb.Append($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>The simple import template for <paramref name="deputies"/> deputies and a head, in factions A and B.</summary>
    public static string DeputiesCsv(int deputies, string prefix = "Депутат")
    {
        var sb = new StringBuilder("fullName,faction,mandateStart,mandateEnd,gender,birthDate,isHead\n");
        for (int n = 1; n <= deputies; n++) sb.Append($"{prefix} {Letters(n)} Іванович,{(n % 2 == 0 ? "Фракція А" : "Фракція Б")},2020-12-01,,1,1970-01-{n % 28 + 1:D2},0\n");
        sb.Append($"Голова {prefix} Петрівна,,2020-12-01,,2,1965-05-05,1\n");
        return sb.ToString();
    }

    private static string Letters(int n) => string.Concat(n.ToString().Select(d => "АБВГДЕЖЗИК"[d - '0'])) + "енко";

    /// <summary>
    /// A council ready to sit, made through the API: details, convocation VIII, <paramref name="deputies"/> deputies and
    /// the head (CSV import), one hall with a seat each, the plenary session 1 and its planned sitting 1 with one
    /// agenda item. Returns the planned sitting's id and the hall's id.
    /// </summary>
    public async Task<(string SittingId, string HallId)> CreateCouncilAsync(string council, int deputies = 26)
    {
        await OkAsync(HttpMethod.Post, "/api/councils", new { id = council, name = $"Рада {council}", composition = deputies, edrpou = "04412345", katottg = "UA32080110010012345", publicBaseUrl = $"https://{council}.example.gov.ua" });
        await OkAsync(HttpMethod.Post, $"/api/councils/{council}/convocations", new { number = 8, dateFrom = "2020-12-01", dateUntil = "2025-12-01" });
        await OkAsync(HttpMethod.Put, $"/api/councils/{council}/deputies", Csv(DeputiesCsv(deputies, council)));
        var seats = Enumerable.Range(1, deputies + 1).Select(n => new { number = n, label = n.ToString(), x = n % 10 * 10.0, y = n / 10 * 10.0 }).ToArray();
        var hall = await OkAsync(HttpMethod.Post, $"/api/councils/{council}/halls", new { name = "Сесійна зала", place = "Зала ради", seats });
        var session = await OkAsync(HttpMethod.Post, $"/api/councils/{council}/sessions", new { number = 1, title = "Перша сесія", convocation = 8 });
        var sitting = await OkAsync(HttpMethod.Post, $"/api/councils/{council}/sittings", new
        {
            sessionId = session.GetProperty("id").GetString(), bodyId = council + "-plenary", hallId = hall.GetProperty("id").GetString(),
            number = 1, date = DateTime.UtcNow.ToString("yyyy-MM-dd"), time = "10:00",
        });
        var sittingId = sitting.GetProperty("id").GetString()!;
        await OkAsync(HttpMethod.Post, $"/api/councils/{council}/sittings/{sittingId}/agenda", new { title = "Про бюджет", projectNumber = "1", author = "Голова", text = "Затвердити бюджет." });
        return (sittingId, hall.GetProperty("id").GetString()!);
    }

    public async Task<string> IssueTabletKeyAsync(string council, string hallId, int seat)
    {
        var issued = await OkAsync(HttpMethod.Post, $"/api/councils/{council}/halls/{hallId}/terminals", new { kind = "tablet", seats = new[] { seat }, label = $"seat {seat}" });
        return SecretLedger.Add(issued.GetProperty("key").GetString()!);
    }

    /// <summary>
    /// Pairs a gateway for every seat of the hall and identifies the council's deputies <paramref name="first"/>…
    /// (in the registry's order, the head excluded) by PINs issued for them — each with its deputy, as a keypad seat's
    /// card or a tablet's chooser names them — at seats numbered from <paramref name="firstSeat"/>.
    /// Registration must be open.
    /// </summary>
    public async Task<Microsoft.AspNetCore.SignalR.Client.HubConnection> IdentifyAtGatewayAsync(string council, string hallId, int first, int count, int firstSeat)
    {
        var issued = await OkAsync(HttpMethod.Post, $"/api/councils/{council}/halls/{hallId}/terminals", new { kind = "gateway", seats = Array.Empty<int>(), label = "gateway" });
        var gateway = await Hall.ConnectTerminalAsync();
        var hello = await Microsoft.AspNetCore.SignalR.Client.HubConnectionExtensions.InvokeAsync<Session.Core.Wire.HelloReply>(gateway, "Hello",
            new Session.Core.Wire.HelloRequest(SecretLedger.Add(issued.GetProperty("key").GetString()!), "test gateway"));
        if (!hello.Accepted) throw new InvalidOperationException("gateway refused: " + hello.Reason);
        var deputies = (await GetAsync($"/api/councils/{council}/deputies")).EnumerateArray().Where(d => !d.GetProperty("isHead").GetBoolean()).Skip(first).Take(count).ToList();
        for (int i = 0; i < deputies.Count; i++)
        {
            var id = deputies[i].GetProperty("id").GetString()!;
            var pin = await IssuePinAsync(council, id);
            await Microsoft.AspNetCore.SignalR.Client.HubConnectionExtensions.InvokeAsync<Session.Core.Wire.CommandAck>(gateway, "Identify",
                new Session.Core.Wire.IdentifyRequest(SittingDriver.NewCommandId(), firstSeat + i, Pin: pin, Deputy: id)).Must();
        }
        return gateway;
    }

    public async Task<string> IssuePinAsync(string council, string deputyId) =>
        SecretLedger.Add((await OkAsync(HttpMethod.Post, $"/api/councils/{council}/deputies/{deputyId}/pin", new { })).GetProperty("pin").GetString()!);
}
