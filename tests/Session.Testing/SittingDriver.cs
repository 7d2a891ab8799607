using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;

namespace Session.Testing;

/// <summary>Common moves of a sitting over the real hubs, for tests and benchmarks.</summary>
public static class SittingDriver
{
    public static async Task<CommandAck> Must(this Task<CommandAck> call)
    {
        var ack = await call;
        if (!ack.Accepted) throw new InvalidOperationException($"refused: {ack.Reason}: {ack.MessageEn}");
        return ack;
    }

    public static string NewCommandId() => Guid.NewGuid().ToString("N");

    /// <summary>Pairs a gateway serving every seat and identifies the demo deputies at the given seats by card.</summary>
    public static async Task<HubConnection> GatewayAsync(HallServerProcess hall, bool messagePack = false)
    {
        var gateway = await hall.ConnectTerminalAsync(messagePack);
        var hello = await gateway.InvokeAsync<HelloReply>("Hello", new HelloRequest(hall.GatewayKey, "test-gateway"));
        if (!hello.Accepted) throw new InvalidOperationException("gateway key refused: " + hello.Reason);
        return gateway;
    }

    public static string DemoCard(int seat) => "04A22B" + seat.ToString("X2");
    public static string DemoPin(int seat) => "20" + seat.ToString("D2");
    /// <summary>The demo deputy whose card and PIN belong to <paramref name="seat"/> (the tablet's chooser sends this id with the PIN).</summary>
    public static string DemoDeputy(int seat) => "dep-" + seat.ToString("D2");

    /// <summary>Opens registration, identifies the seats' deputies by card, closes registration.</summary>
    public static async Task RegisterAsync(HubConnection chair, HubConnection gateway, IEnumerable<int> seats)
    {
        await chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
        foreach (var seat in seats)
            await gateway.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(NewCommandId(), seat, Card: DemoCard(seat))).Must();
        await chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
    }

    /// <summary>Starts the first agenda item and opens a named vote by majority of the composition; returns its id.</summary>
    public static async Task<string> OpenVoteAsync(HubConnection chair, HallServerProcess hall, int seconds = 120, string mode = "named", string rule = "majority-of-composition")
    {
        var sitting = await hall.CurrentSittingAsync();
        if (sitting.CurrentItemId is null)
            await chair.InvokeAsync<CommandAck>("StartAgendaItem", new ItemRequest(sitting.Agenda[0].Id)).Must();
        var ack = await chair.InvokeAsync<CommandAck>("OpenVote", new OpenVoteRequest("Про тестове рішення в цілому", "as-a-whole", rule, mode, seconds)).Must();
        return ack.Id!;
    }
}
