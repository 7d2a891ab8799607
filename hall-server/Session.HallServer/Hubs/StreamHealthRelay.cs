using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Session.Core.Wire;

namespace Session.HallServer.Hubs;

/// <summary>
/// Passes the broadcast's health report (every second) to the secretary's console and keeps the latest.
/// The report is re-built as plain dictionaries and values, so both hub protocols carry it (MessagePack cannot
/// serialize a <see cref="JsonElement"/>).
/// </summary>
public sealed class StreamHealthRelay(IHubContext<ChairHub> chair)
{
    public Dictionary<string, object?>? Latest { get; private set; }

    public Task ReportAsync(IReadOnlyDictionary<string, object?> health)
    {
        // JSON clients' values arrive as JsonElement, MessagePack clients' as plain values.
        var plain = health.ToDictionary(p => p.Key, p => p.Value is JsonElement e ? Plain(e) : p.Value);
        Latest = plain;
        return chair.Clients.All.SendAsync(HubNames.StreamHealth, plain);
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
