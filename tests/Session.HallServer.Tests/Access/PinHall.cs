using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Access;

/// <summary>
/// A council made through the registry (issued PINs, not the demo's), its sitting open for registration, the
/// secretary's console connected and collecting <c>PinAlert</c> pushes, and PIN holds short enough to wait out.
/// </summary>
public sealed class PinHall : IAsyncLifetime
{
    public const string Council = "pinrada";
    public const int HoldSeconds = 8; // long enough to lift one early on a loaded machine, short enough to wait one out

    public HallServerProcess Hall { get; private set; } = null!;
    public RegistryClient Admin { get; private set; } = null!;
    public HubConnection Chair { get; private set; } = null!;
    public string SittingId { get; private set; } = "";
    public string HallId { get; private set; } = "";
    /// <summary>The council's deputies in registry order, head excluded: id and full name.</summary>
    public List<(string Id, string Name)> Deputies { get; } = new();
    public List<PinAlert> Alerts { get; } = new();
    /// <summary>The same alerts as JSON text, to prove no PIN travels in one.</summary>
    public List<string> AlertJson { get; } = new();

    public async Task InitializeAsync()
    {
        Hall = await HallServerProcess.StartAsync(new HallServerStartOptions
        {
            Demo = false,
            ExtraArgs = [$"--Hall:RateLimits:PinDeputyHold=00:00:{HoldSeconds:D2}", $"--Hall:RateLimits:PinTerminalHold=00:00:{HoldSeconds:D2}"],
        });
        Admin = await RegistryClient.SetUpAsync(Hall);
        (SittingId, HallId) = await Admin.CreateCouncilAsync(Council);
        await Admin.OkAsync(HttpMethod.Post, $"/api/councils/{Council}/sittings/{SittingId}/open");
        const string password = "pin-hall secretary 7Qv";
        await Admin.OkAsync(HttpMethod.Post, $"/api/councils/{Council}/accounts", new { login = "sec-pin", password, role = "secretary" });
        var secretary = await RegistryClient.LoginAsync(Hall, "sec-pin", password);
        Chair = Hall.BuildConnection(HubNames.ChairPath, token: () => Task.FromResult<string?>(secretary.Token));
        Chair.On<JsonElement>(HubNames.PinAlert, json =>
        {
            lock (Alerts)
            {
                AlertJson.Add(json.GetRawText());
                Alerts.Add(json.Deserialize<PinAlert>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!);
            }
        });
        await Chair.StartAsync();
        await Chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
        foreach (var d in (await Admin.GetAsync($"/api/councils/{Council}/deputies")).EnumerateArray().Where(d => !d.GetProperty("isHead").GetBoolean()))
            Deputies.Add((d.GetProperty("id").GetString()!, d.GetProperty("fullName").GetString()!));
    }

    /// <summary>A tablet paired for <paramref name="seat"/>, with its terminal id.</summary>
    public async Task<(HubConnection Tablet, string TerminalId)> TabletAsync(int seat)
    {
        var tablet = await Hall.ConnectTerminalAsync();
        var hello = await tablet.InvokeAsync<HelloReply>("Hello", new HelloRequest(await Admin.IssueTabletKeyAsync(Council, HallId, seat), "test tablet"));
        Assert.True(hello.Accepted, hello.Reason);
        return (tablet, hello.TerminalId!);
    }

    /// <summary>A wrong PIN, not <paramref name="right"/> (kept in the ledger: a near miss is a secret too).</summary>
    public static string WrongPin(string right)
    {
        string pin;
        do pin = Random.Shared.Next(100_000, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (pin == right);
        return SecretLedger.Add(pin);
    }

    public static Task<CommandAck> IdentifyAsync(HubConnection terminal, int seat, string? deputy, string pin) =>
        terminal.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), seat, Pin: pin, Deputy: deputy));

    /// <summary>What a refused attempt must not change: the registry with its audit chain, and the sitting with its journal.</summary>
    public async Task<string> SnapshotAsync() =>
        await Admin.SnapshotAsync(Council) + "\n" + (await Hall.Http.GetFromJsonAsync<JsonElement>($"/api/sittings/{SittingId}")).GetRawText();

    public PinAlert[] AlertsNow() { lock (Alerts) return Alerts.ToArray(); }

    public async Task DisposeAsync()
    {
        if (Hall is not null) await Hall.DisposeAsync(); // null when the start itself failed
    }
}
