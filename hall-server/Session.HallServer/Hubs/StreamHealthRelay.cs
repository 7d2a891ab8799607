using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Session.Core.Wire;

namespace Session.HallServer.Hubs;

/// <summary>Passes the broadcast's health report (every second) to the secretary's console and keeps the latest.</summary>
public sealed class StreamHealthRelay(IHubContext<ChairHub> chair)
{
    public JsonElement? Latest { get; private set; }

    public Task ReportAsync(JsonElement health)
    {
        Latest = health;
        return chair.Clients.All.SendAsync(HubNames.StreamHealth, health);
    }
}
