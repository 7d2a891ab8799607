using System.Security.Claims;
using Session.HallServer.Auth;

namespace Session.HallServer.Registry;

/// <summary>Who is asking, as the audit chain records it: the account, the address and the browser.</summary>
public sealed record Actor(string Login, string Address, string UserAgent);

/// <summary>
/// The registry's doors, checked server side on every write (docs/registry-api.md "Who may do what"). Reads of
/// published facts are open; writes need a token of the council's admin (or secretary/chair where the table says so),
/// or the host's admin, who may act for every council.
/// </summary>
public static class RegistryAccess
{
    public enum Level { Observer, Staff, Admin, HostAdmin }

    public static bool Allows(ClaimsPrincipal user, string? council, Level level)
    {
        if (user.Identity?.IsAuthenticated != true) return false;
        var own = user.FindFirst(Roles.CouncilClaim)?.Value;
        if (own is null && user.IsInRole(Roles.Admin)) return true; // the host's admin
        if (level == Level.HostAdmin || council is null || own != council) return false;
        return level switch
        {
            Level.Admin => user.IsInRole(Roles.Admin),
            Level.Observer => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Secretary) || user.IsInRole(Roles.Chair) || user.IsInRole(Roles.Observer),
            _ => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Secretary) || user.IsInRole(Roles.Chair),
        };
    }

    public static Actor ActorOf(HttpContext http) => new(
        http.User.Identity?.Name ?? "anonymous",
        http.Connection.RemoteIpAddress?.ToString() ?? "",
        http.Request.Headers.UserAgent.ToString() is { Length: > 200 } ua ? ua[..200] : http.Request.Headers.UserAgent.ToString());

    /// <summary>Requires the level for the council named by the route's <c>{council}</c>: 401 without a login, 403 without the role.</summary>
    public static TBuilder Require<TBuilder>(this TBuilder builder, Level level) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.User.Identity?.IsAuthenticated != true)
                return Problems.Of(new RegistryError("login-required", "Потрібно увійти", "Log in first", null, StatusCodes.Status401Unauthorized));
            var council = http.GetRouteValue("council") as string;
            if (!Allows(http.User, council, level))
                return Problems.Of(new RegistryError("forbidden", "Ця дія не дозволена вашій ролі", "Your role may not do this", null, StatusCodes.Status403Forbidden));
            return await next(context);
        });
}

/// <summary>Problem details with the code and both languages (docs/registry-api.md).</summary>
public static class Problems
{
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Of(RegistryError e) => TypedResults.Problem(
        detail: e.Uk, statusCode: e.Status, title: e.Code,
        extensions: new Dictionary<string, object?> { ["code"] = e.Code, ["detailEn"] = e.En, ["field"] = e.Field });

    /// <summary>Turns a refused change into its problem details; the change's transaction was never committed.</summary>
    public static TBuilder WithRegistryErrors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            try { return await next(context); }
            catch (RegistryException ex) { return Of(ex.Error); }
            catch (BadHttpRequestException ex) { return Of(new RegistryError("bad-request", "Неправильний запит: " + ex.Message, "Bad request: " + ex.Message, null, ex.StatusCode)); }
            catch (Exception ex) when (Storage.StorageFault.Is(ex)) { return Of(Storage.StorageFaultAnswers.For(context.HttpContext.Request)); }
        });

    /// <summary>The registry's database could not be written (disk full, read-only): the change's transaction was rolled back.</summary>
    public static readonly RegistryError StorageFailed = new(Storage.StorageFault.Code,
        "Не вдалося записати на диск (диск заповнений або недоступний для запису); зміну не збережено — повторіть, коли місце звільниться",
        "The data could not be written to disk (full or not writable); the change was not saved — try again when space is freed",
        null, StatusCodes.Status507InsufficientStorage);
}
