using Microsoft.AspNetCore.Http.HttpResults;
using Session.Core.Wire;
using Session.HallServer.Auth;
using Session.HallServer.Hosting;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;
using Microsoft.Extensions.Options;

namespace Session.HallServer.Api;

/// <summary>REST, open to all for reading (ARCHITECTURE.md "Contracts"); terminal keys for the secretary (login: <see cref="AuthApi"/>).</summary>
public static class HallApi
{
    public sealed record SessionSummary(string Id, int Number, string Title, SittingSummary[] Sittings);
    public sealed record SittingSummary(string Id, int Number, string Date, string Place, string Status, bool IsCurrent, string OpenDataUrl);

    public static IEndpointRouteBuilder MapHallApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        // Today's unscoped paths: the caller's council, or the server's only one.
        var secretary = api.MapGroup("").RequireAuthorization(p => p.AddAuthenticationSchemes(TokenAuthentication.SchemeName).RequireRole(Roles.RunSitting.Split(',')));
        secretary.MapPost("/terminals", async Task<Results<Ok<IssuedTerminal>, BadRequest<string>>> (IssueTerminalRequest? r, HallDirectory dir, HttpContext http) =>
        {
            if (r is null || !TerminalKinds.Valid(r.Kind)) return TypedResults.BadRequest("kind must be tablet, gateway or broadcast");
            if (r.Kind == TerminalKinds.Tablet && (r.Seats is null || r.Seats.Length != 1)) return TypedResults.BadRequest("a tablet serves exactly one seat");
            if (await CouncilOfAsync(http, dir) is not { } council) return TypedResults.BadRequest("name the council: /api/councils/{council}/halls/{hall}/terminals");
            var halls = await dir.HallsAsync(council);
            var hall = r.HallId is { } asked ? halls.FirstOrDefault(h => h == asked) : (await dir.OpenSittingsAsync(council)).FirstOrDefault()?.HallId ?? halls.FirstOrDefault();
            if (hall is null) return TypedResults.BadRequest("the council has no such hall");
            var (t, key) = await dir.IssueTerminalAsync(council, hall, r.Kind, r.Seats ?? [], r.Label ?? "");
            return TypedResults.Ok(new IssuedTerminal(t.Id, key, t.Kind, t.Seats));
        }).WithName("IssueTerminal");
        secretary.MapGet("/terminals", async (HallDirectory dir, HttpContext http) =>
            TypedResults.Ok(await CouncilOfAsync(http, dir) is { } council ? await dir.TerminalsAsync(council) : [])).WithName("Terminals");

        api.MapGet("/sittings/current", async Task<Results<Ok<SittingView>, NotFound>> (CurrentSitting current, HallDirectory dir) =>
            await dir.SoleCouncilAsync() is { } council && await current.OfCouncilAsync(council) is { } id && await current.Grain(id).View() is { } v
                ? TypedResults.Ok(v) : TypedResults.NotFound()).WithName("CurrentSitting");

        api.MapGet("/sittings/{id}", async Task<Results<Ok<SittingView>, NotFound>> (string id, HallDirectory dir, CurrentSitting current) =>
            (await dir.SittingsAsync()).Any(s => s.Id == id) && await current.Grain(id).View() is { } v ? TypedResults.Ok(v) : TypedResults.NotFound()).WithName("Sitting");

        api.MapGet("/sessions", async (HallDirectory dir) => TypedResults.Ok(await Summaries(dir))).WithName("Sessions");

        api.MapGet("/sessions/{id}", async Task<Results<Ok<SessionSummary>, NotFound>> (string id, HallDirectory dir) =>
            (await Summaries(dir)).FirstOrDefault(s => s.Id == id) is { } s ? TypedResults.Ok(s) : TypedResults.NotFound()).WithName("Session");

        api.MapGet("/votes/{id}", async Task<Results<Ok<VoteView>, NotFound>> (string id, HallDirectory dir, CurrentSitting current) =>
        {
            if (HubErrorsBadId(id)) return TypedResults.NotFound();
            foreach (var s in (await dir.SittingsAsync()).OrderByDescending(s => s.IsCurrent))
                if (await current.Grain(s.Id).Vote(id) is { } v) return TypedResults.Ok(v);
            return TypedResults.NotFound();
        }).WithName("Vote");

        api.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).WithName("Health");
        return app;
    }

    private static async Task<string?> CouncilOfAsync(HttpContext http, HallDirectory dir) =>
        http.User.FindFirst(Roles.CouncilClaim)?.Value ?? await dir.SoleCouncilAsync();

    private static bool HubErrorsBadId(string id) => Hubs.HubErrors.BadId(id);

    private static async Task<SessionSummary[]> Summaries(HallDirectory dir)
    {
        var sittings = await dir.SittingsAsync();
        return (await dir.SessionsAsync()).Select(s => new SessionSummary(s.Id, s.Number, s.Title,
            sittings.Where(x => x.SessionId == s.Id).Select(x => new SittingSummary(x.Id, x.Number, x.Date.ToString("yyyy-MM-dd"), x.Place, x.Status, x.IsCurrent, $"/opendata/{x.Id}/")).ToArray())).ToArray();
    }
}
