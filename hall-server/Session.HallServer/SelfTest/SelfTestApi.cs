using Microsoft.EntityFrameworkCore;
using Session.Core.Wire;
using Session.HallServer.Registry;
using Session.HallServer.Storage;
using static Session.HallServer.Registry.RegistryAccess;

namespace Session.HallServer.SelfTest;

/// <summary>
/// <c>/api/councils/{council}/sittings/{id}/self-test</c>: start the pre-sitting self-test (POST) and read its report
/// (GET). The council's staff only; the same runner as the chair hub's <c>StartSelfTest</c> (docs/operations.md).
/// </summary>
public static class SelfTestApi
{
    public static RouteGroupBuilder MapSelfTestApi(this RouteGroupBuilder c)
    {
        c.MapPost("/sittings/{id}/self-test", async (string council, string id, SelfTestRequest? r, SelfTestRunner runner, IDbContextFactory<RegistryDb> db, HttpContext http) =>
        {
            await OpenSittingAsync(db, council, id);
            var ack = await runner.StartAsync(council, id, r ?? new SelfTestRequest(), http.User.Identity?.Name);
            if (!ack.Accepted) throw Refuse.Conflict(ack.Reason ?? "refused", ack.Message ?? "", ack.MessageEn ?? "");
            return TypedResults.Ok(await runner.ReportAsync(id));
        }).Require(Level.Staff).WithName("StartSelfTest");

        c.MapGet("/sittings/{id}/self-test", async (string council, string id, SelfTestRunner runner, IDbContextFactory<RegistryDb> db) =>
        {
            await OpenSittingAsync(db, council, id, mayBeClosed: true);
            return TypedResults.Ok(await runner.ReportAsync(id)
                ?? throw new RegistryError("no-self-test", "Самоперевірку цього засідання не проводили", "No self-test ran for this sitting", null, StatusCodes.Status404NotFound).Fail());
        }).Require(Level.Staff).WithName("SelfTestReport");
        return c;
    }

    private static async Task OpenSittingAsync(IDbContextFactory<RegistryDb> db, string council, string id, bool mayBeClosed = false)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var s = await ctx.Sittings.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.CouncilId == council) ?? throw Refuse.NotFound("засідання", id);
        if (s.Status == SittingStatus.Open || (mayBeClosed && s.Status == SittingStatus.Closed)) return;
        throw Refuse.Conflict("sitting-not-open", "Самоперевірку проводять на відкритому засіданні, до першого голосування", "The self-test runs on an open sitting, before its first vote");
    }
}
