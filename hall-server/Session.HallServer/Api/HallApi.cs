using Microsoft.AspNetCore.Http.HttpResults;
using Session.Core.Wire;
using Session.HallServer.Auth;
using Session.HallServer.Hosting;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;
using Microsoft.Extensions.Options;

namespace Session.HallServer.Api;

/// <summary>REST, open to all for reading (ARCHITECTURE.md "Contracts"); login and terminal keys for the secretary.</summary>
public static class HallApi
{
    public sealed record SessionSummary(string Id, int Number, string Title, SittingSummary[] Sittings);
    public sealed record SittingSummary(string Id, int Number, string Date, string Place, string Status, bool IsCurrent, string OpenDataUrl);

    public static IEndpointRouteBuilder MapHallApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapPost("/auth/login", async Task<Results<Ok<LoginReply>, UnauthorizedHttpResult, BadRequest<string>>> (LoginRequest? r, HallDirectory dir, IOptions<HallOptions> o) =>
        {
            if (r is null || string.IsNullOrWhiteSpace(r.Login) || string.IsNullOrEmpty(r.Password)) return TypedResults.BadRequest("login and password are required");
            var token = await dir.LoginAsync(r.Login, r.Password, o.Value.TokenLifetime);
            return token is null ? TypedResults.Unauthorized() : TypedResults.Ok(new LoginReply(token, TokenAuthentication.SecretaryRole));
        }).WithName("Login");

        var secretary = api.MapGroup("").RequireAuthorization(p => p.AddAuthenticationSchemes(TokenAuthentication.SchemeName).RequireRole(TokenAuthentication.SecretaryRole));
        secretary.MapPost("/terminals", async Task<Results<Ok<IssuedTerminal>, BadRequest<string>>> (IssueTerminalRequest? r, HallDirectory dir) =>
        {
            if (r is null || !TerminalKinds.Valid(r.Kind)) return TypedResults.BadRequest("kind must be tablet, gateway or broadcast");
            if (r.Kind == TerminalKinds.Tablet && (r.Seats is null || r.Seats.Length != 1)) return TypedResults.BadRequest("a tablet serves exactly one seat");
            var (t, key) = await dir.IssueTerminalAsync(r.Kind, r.Seats ?? [], r.Label ?? "");
            return TypedResults.Ok(new IssuedTerminal(t.Id, key, t.Kind, t.Seats));
        }).WithName("IssueTerminal");
        secretary.MapGet("/terminals", async (HallDirectory dir) => TypedResults.Ok(await dir.TerminalsAsync())).WithName("Terminals");

        api.MapGet("/sittings/current", async Task<Results<Ok<SittingView>, NotFound>> (CurrentSitting current) =>
            await current.GrainAsync() is { } g && await g.View() is { } v ? TypedResults.Ok(v) : TypedResults.NotFound()).WithName("CurrentSitting");

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

    private static bool HubErrorsBadId(string id) => Hubs.HubErrors.BadId(id);

    private static async Task<SessionSummary[]> Summaries(HallDirectory dir)
    {
        var sittings = await dir.SittingsAsync();
        return (await dir.SessionsAsync()).Select(s => new SessionSummary(s.Id, s.Number, s.Title,
            sittings.Where(x => x.SessionId == s.Id).Select(x => new SittingSummary(x.Id, x.Number, x.Date.ToString("yyyy-MM-dd"), x.Place, x.Status, x.IsCurrent, $"/opendata/{x.Id}/")).ToArray())).ToArray();
    }
}
