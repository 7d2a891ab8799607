using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;

namespace Session.Bench.Region;

/// <summary>
/// One council of the bench, made through the registry's real API as a host admin makes one (docs/registry-api.md):
/// details, deputies by CSV, a hall with a seat each, a session and its sitting, opened; a secretary account (TOTP
/// enrolled at its first login); one tablet key and one PIN per seat. Then, over the real hubs through nginx: the
/// secretary opens registration, every tablet identifies its deputy, registration closes, the first item starts and a
/// named vote opens for an hour.
/// </summary>
public sealed class RegionCouncil
{
    public required string Id { get; init; }
    public required string SittingId { get; init; }
    public required string VoteId { get; init; }
    public required HubConnection Chair { get; init; }
    /// <summary>Seat n's tablet at index n - 1.</summary>
    public required HubConnection[] Tablets { get; init; }
    /// <summary>A seat gateway key of the council's hall (the failover's pressing seats).</summary>
    public required string GatewayKey { get; init; }

    public static string IdOf(int n) => $"rada-{n:D2}";

    /// <summary>
    /// The council's registry record (details, deputies, hall, session, sitting), made through the first node before the
    /// others start (a council made later would do as well: the cluster bus tells every node, docs/deploy.md "Shared state").
    /// </summary>
    public static Task<(string SittingId, string HallId)> RegisterAsync(RegistryClient admin, string council, int seats) =>
        admin.CreateCouncilAsync(council, deputies: seats - 1);

    /// <summary>The sitting opened, a secretary, tablets and PINs issued; registration and an open vote over the hubs through nginx.</summary>
    public static async Task<RegionCouncil> SeatAsync(RegionalCluster cluster, RegistryClient admin, string council, string sittingId, string hallId, int seats)
    {
        await admin.OkAsync(HttpMethod.Post, $"/api/councils/{council}/sittings/{sittingId}/open");
        var login = "sekretar-" + council;
        var password = SecretLedger.Add("bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        await admin.OkAsync(HttpMethod.Post, $"/api/councils/{council}/accounts", new { login, password, role = "secretary" });
        var gateway = await admin.OkAsync(HttpMethod.Post, $"/api/councils/{council}/halls/{hallId}/terminals", new { kind = "gateway", seats = Array.Empty<int>(), label = "bench gateway" });
        var gatewayKey = SecretLedger.Add(gateway.GetProperty("key").GetString()!);

        // The registry's order puts the head last: seat n is the n-th deputy, the head at the last seat.
        var deputies = (await admin.GetAsync($"/api/councils/{council}/deputies")).EnumerateArray()
            .OrderBy(d => d.GetProperty("isHead").GetBoolean()).Select(d => d.GetProperty("id").GetString()!).ToArray();
        if (deputies.Length != seats) throw new InvalidOperationException($"{council}: {deputies.Length} deputies where {seats} were imported");
        var keys = new string[seats];
        var pins = new string[seats];
        await Parallel.ForEachAsync(Enumerable.Range(1, seats), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (seat, _) =>
        {
            keys[seat - 1] = await admin.IssueTabletKeyAsync(council, hallId, seat);
            pins[seat - 1] = await admin.IssuePinAsync(council, deputies[seat - 1]);
        });

        var token = await StaffLogin.TokenAsync(cluster.Http, login, password);
        var chair = cluster.Connection(cluster.Nginx.BaseUrl, HubNames.ChairPath, token, messagePack: true);
        await chair.StartAsync();
        await chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
        var tablets = new HubConnection[seats];
        await Parallel.ForEachAsync(Enumerable.Range(1, seats), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (seat, _) =>
        {
            var tablet = await cluster.TerminalAsync(cluster.Nginx.BaseUrl, keys[seat - 1], $"bench tablet {seat}", messagePack: true);
            await tablet.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), seat, Pin: pins[seat - 1], Deputy: deputies[seat - 1])).Must();
            tablets[seat - 1] = tablet;
        });
        await chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
        var sitting = await cluster.Http.GetFromJsonAsync<SittingView>("/api/sittings/" + sittingId) ?? throw new InvalidOperationException("no sitting " + sittingId);
        await chair.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(sitting.Agenda[0].Id)).Must();
        var vote = await chair.InvokeAsync<CommandAck>("OpenVote", new OpenVoteRequest("Навантажувальне голосування", "as-a-whole", "majority-of-composition", "named", 3600)).Must();
        return new RegionCouncil { Id = council, SittingId = sittingId, VoteId = vote.Id!, Chair = chair, Tablets = tablets, GatewayKey = gatewayKey };
    }
}
