using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Session.HallServer.Storage;

namespace Session.HallServer.Auth;

/// <summary>
/// Bearer tokens issued at login (<see cref="StaffSessions"/>). SignalR's browser transports cannot set headers,
/// so the token may also come as <c>access_token</c> in the query of a hub request.
/// </summary>
public sealed class TokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    StaffSessions sessions) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SessionToken";
    public const string SecretaryRole = "secretary";

    /// <summary>The claim carrying the token's HMAC (never the token): logout and the live-connection list key on it.</summary>
    public const string TokenClaim = "session:token";

    /// <summary>The claim carrying the token's scope (<see cref="TokenScopes"/>).</summary>
    public const string ScopeClaim = "session:scope";

    /// <summary>The only paths a limited token is accepted on.</summary>
    public static readonly string[] LimitedPaths = ["/api/auth/second-factor", "/api/auth/password", "/api/auth/logout"];

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = header["Bearer ".Length..].Trim();
        else if (Request.Path.StartsWithSegments("/hubs") && Request.Query.TryGetValue("access_token", out var q)) token = q.ToString();
        if (string.IsNullOrEmpty(token)) return AuthenticateResult.NoResult();
        if (token.Length > 200) return AuthenticateResult.Fail("malformed token");

        if (await sessions.AuthenticateAsync(token) is not { } session) return AuthenticateResult.Fail("unknown, revoked or expired token");
        // A limited token (no second factor yet, or a password to change) opens only those doors.
        if (session.Scope != TokenScopes.Full && !LimitedPaths.Any(p => Request.Path.StartsWithSegments(p)))
            return AuthenticateResult.Fail("a limited token: enrol the second factor or change the password first");
        List<Claim> claims = [new(ClaimTypes.Name, session.Login), new(ClaimTypes.Role, session.Role), new(TokenClaim, session.TokenHash), new(ScopeClaim, session.Scope)];
        if (session.Council is not null) claims.Add(new Claim(Roles.CouncilClaim, session.Council));
        var identity = new ClaimsIdentity(claims, SchemeName);
        var properties = new AuthenticationProperties { ExpiresUtc = session.ExpiresAt };
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), properties, SchemeName));
    }
}
