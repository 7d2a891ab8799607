using Microsoft.EntityFrameworkCore;
using Session.Core.Council;
using Session.Core.Sittings;
using Session.Core.Wire;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;

namespace Session.HallServer.SelfTest;

/// <summary>
/// The pre-sitting self-test (docs/operations.md): asks which seats of the hall answer now (a tablet connected, or the
/// gateway reporting the bus unit online), computes the roster's checksum over the registry's cards and the running
/// build's hash, and has the sitting's grain journal it and open the test vote. One path for the hub and the REST.
/// </summary>
public sealed class SelfTestRunner(CurrentSitting current, IDbContextFactory<RegistryDb> db, SoftwareVersion version, ILogger<SelfTestRunner> log)
{
    public async Task<SelfTestView?> ReportAsync(string sittingId) => await current.Grain(sittingId).SelfTest();

    public async Task<CommandAck> StartAsync(string council, string sittingId, SelfTestRequest request, string? by)
    {
        var grain = current.Grain(sittingId);
        var seats = await grain.Seats();
        if (seats.Length == 0) return CommandAck.Refused(null, Rejection.SittingNotOpen);
        var voteId = "t-" + Guid.NewGuid().ToString("N")[..12];
        var command = new RunSelfTest(voteId, request.DurationSeconds, await CardsAsync(council), version.Hash,
            seats.Where(s => s.Online).Select(s => s.Seat).ToArray(), seats.Where(s => !s.Online).Select(s => s.Seat).ToArray());
        var answer = await grain.Execute(command);
        if (!answer.Accepted) return answer.ToAck(null);
        log.LogInformation("Self-test of sitting {SittingId} by {User}: {Answering} of {Seats} seats answer, software {Hash}, test vote {VoteId}",
            sittingId, by, command.SeatsAnswering.Count, seats.Length, version.Hash, voteId);
        return answer.ToAck(null) with { Id = voteId };
    }

    /// <summary>The council's cards; the rules keep those of the roster's deputies.</summary>
    private async Task<CardAssignment[]> CardsAsync(string council)
    {
        await using var ctx = await db.CreateDbContextAsync();
        return (await ctx.Cards.AsNoTracking().Where(c => c.CouncilId == council).ToListAsync())
            .Select(c => new CardAssignment(c.DeputyId, c.Uid)).ToArray();
    }
}
