using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Session.Core.Wire;

namespace Session.HallServer.Hubs;

/// <summary>
/// Passes the broadcast's health report (every second) to the secretary's console and keeps the latest.
/// The report is re-built as plain dictionaries and values, so both hub protocols carry it (MessagePack cannot
/// serialize a <see cref="JsonElement"/>). A council's stream reaches only that council's secretaries.
/// </summary>
public sealed class StreamHealthRelay(IHubContext<ChairHub> chair)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<string, object?>> _latest = new();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _reportedAt = new();

    public Dictionary<string, object?>? Latest(string councilId) => _latest.GetValueOrDefault(councilId);

    /// <summary>Whether the council's broadcast reported within the given time (it is connected and can take controls).</summary>
    public bool ReportedWithin(string councilId, TimeSpan age) =>
        _reportedAt.TryGetValue(councilId, out var at) && System.Diagnostics.Stopwatch.GetElapsedTime(at) < age;

    /// <summary>A report came in on this node (the regional host tells the other nodes, <see cref="Cluster.ClusterState"/>).</summary>
    public event Action<string, Dictionary<string, object?>>? Reported;

    /// <summary>Passes a report on to the council's secretaries; false (nothing passed on) when a value is not valid text.</summary>
    public async Task<bool> ReportAsync(string councilId, IReadOnlyDictionary<string, object?> health)
    {
        // JSON clients' values arrive as JsonElement, MessagePack clients' as plain values.
        Dictionary<string, object?> plain;
        try { plain = health.ToDictionary(p => p.Key, p => p.Value is JsonElement e ? Plain(e) : p.Value); }
        catch (InvalidOperationException) { return false; } // a JSON string that is not valid UTF-8 (found by the fuzz smoke)
        _latest[councilId] = plain;
        _reportedAt[councilId] = System.Diagnostics.Stopwatch.GetTimestamp();
        Reported?.Invoke(councilId, plain);
        await chair.Clients.Group(Sittings.SittingFanout.ChairGroup(councilId)).SendAsync(HubNames.StreamHealth, plain);
        return true;
    }

    /// <summary>The latest report as another node received it: a secretary connecting here sees it at once.</summary>
    public void Remember(string councilId, JsonElement health)
    {
        object? read;
        try { read = Plain(health); }
        catch (InvalidOperationException) { return; }
        if (read is not Dictionary<string, object?> plain) return;
        _latest[councilId] = plain;
        _reportedAt[councilId] = System.Diagnostics.Stopwatch.GetTimestamp(); // controls reach it through the backplane

    }

    private static object? Plain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
