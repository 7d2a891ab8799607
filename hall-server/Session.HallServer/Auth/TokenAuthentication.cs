using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Session.HallServer.Storage;

namespace Session.HallServer.Auth;

/// <summary>
/// Bearer tokens issued at login (stored hashed in the registry). SignalR's browser transports cannot set headers,
/// so the token may also come as <c>access_token</c> in the query of a hub request.
/// </summary>
public sealed class TokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<RegistryDb> db,
    Secrets secrets,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SessionToken";
    public const string SecretaryRole = "secretary";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = header["Bearer ".Length..].Trim();
        else if (Request.Path.StartsWithSegments("/hubs") && Request.Query.TryGetValue("access_token", out var q)) token = q.ToString();
        if (string.IsNullOrEmpty(token)) return AuthenticateResult.NoResult();

        var hash = secrets.Hmac("token", token);
        await using var ctx = await db.CreateDbContextAsync();
        var row = await ctx.Tokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash);
        if (row is null || row.ExpiresAt < clock.GetUtcNow()) return AuthenticateResult.Fail("unknown or expired token");
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, row.Login), new Claim(ClaimTypes.Role, row.Role)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
