using Microsoft.AspNetCore.SignalR.Client;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests;

/// <summary>One real hall for a class of tests: 20 deputies registered (seats 1–20), a named vote open for an hour.</summary>
public sealed class OpenVoteHall : IAsyncLifetime
{
    public HallServerProcess Hall { get; private set; } = null!;
    public HubConnection Chair { get; private set; } = null!;
    public HubConnection Gateway { get; private set; } = null!;
    public string VoteId { get; private set; } = "";
    public string ItemId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Hall = await HallServerProcess.StartAsync();
        Chair = await Hall.ConnectChairAsync();
        Gateway = await SittingDriver.GatewayAsync(Hall);
        await SittingDriver.RegisterAsync(Chair, Gateway, Enumerable.Range(1, 20));
        ItemId = (await Hall.CurrentSittingAsync()).Agenda[0].Id;
        await Chair.InvokeAsync<Session.Core.Wire.CommandAck>("StartAgendaItem", new Session.Core.Wire.ItemRequest(ItemId)).Must();
        await Chair.InvokeAsync<Session.Core.Wire.CommandAck>("DeclareConflict", new Session.Core.Wire.ChairConflictRequest("dep-07", null, "Мій родич — сторона договору")).Must();
        VoteId = await SittingDriver.OpenVoteAsync(Chair, Hall, seconds: 3600);
    }

    public async Task<long> JournalSeqAsync() => (await Hall.CurrentSittingAsync()).JournalSeq;

    public async Task DisposeAsync() => await Hall.DisposeAsync();
}
