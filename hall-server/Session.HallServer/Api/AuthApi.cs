using Microsoft.AspNetCore.Http.HttpResults;
using Session.Core.Wire;
using Session.HallServer.Auth;
using Session.HallServer.Hosting;
using Session.HallServer.Registry;

namespace Session.HallServer.Api;

/// <summary>
/// Staff login and logout (docs/security.md "Sessions", "Second factor"). Login is limited per client address (the
/// rate limiter's <see cref="RateLimits.LoginPolicy"/>) and per account (<see cref="LoginThrottle"/>); a refusal is 429
/// with Retry-After. An unknown login and a wrong password get the same answer after the same work, and every
/// attempt is recorded in the audit chain (<see cref="AccountAudit"/>).
/// </summary>
/// <summary>A passkey ceremony's options (the browser's JSON form) and the challenge id to answer with.</summary>
public sealed record PasskeyOptionsReply(string ChallengeId, System.Text.Json.JsonElement Options);

public static class AuthApi
{
    public static readonly RegistryError LoginFailed = new("login-failed", "Неправильний логін або пароль", "Wrong login or password", null, StatusCodes.Status401Unauthorized);
    public static readonly RegistryError AccountDisabled = new("account-disabled", "Обліковий запис вимкнено адміністратором ради", "The account is disabled by the council's admin", null, StatusCodes.Status401Unauthorized);
    public static readonly RegistryError SecondFactorRequired = new("second-factor-required",
        "Введіть шестизначний код із застосунку автентифікації або код відновлення", "Enter the six-digit code from your authenticator app, or a recovery code", "code", StatusCodes.Status401Unauthorized);
    public static readonly RegistryError WrongSecondFactor = new("wrong-second-factor",
        "Неправильний або вже використаний код", "Wrong or already used code", "code", StatusCodes.Status401Unauthorized);

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithRegistryErrors();

        auth.MapPost("/login", async Task<Results<Ok<LoginReply>, BadRequest<string>, ProblemHttpResult>> (
            LoginRequest? r, StaffSessions sessions, LoginThrottle throttle, AccountAudit audit, Passkeys passkeys, SecondFactors factors, StartupGate gate, HttpContext http, ILoggerFactory logs) =>
        {
            if (r is null || string.IsNullOrWhiteSpace(r.Login) || string.IsNullOrEmpty(r.Password) || r.Login.Length > 64 || r.Password.Length > 200 || r.Code is { Length: > 64 })
                return TypedResults.BadRequest("login and password are required");
            // Just after a restart of the demo its accounts' passwords may still be being checked (StartupGate.Accounts).
            await gate.Accounts.WaitAsync(http.RequestAborted);
            var log = logs.CreateLogger(typeof(AuthApi));
            var login = r.Login.Trim();
            var address = RateLimits.AddressOf(http);
            var actor = AccountAudit.ActorOf(http, login);
            if (await throttle.HeldAsync(login) is { } wait)
            {
                log.LogWarning("Login of {Login} from {Address} refused: too many wrong passwords", login, address);
                await audit.RecordAsync(null, actor, "login.failure", login, new { reason = "too-many-attempts" });
                return RateLimits.TooMany(http, wait);
            }
            Func<string, Task<PasskeyAssertion?>>? passkey = null;
            if (r.PasskeyChallengeId is not null || r.Passkey is not null)
            {
                // The host is checked before anything of the account: a page under another name is told so, whoever asks.
                var host = passkeys.HostOf(http.Request);
                var response = Passkeys.Read<Fido2NetLib.AuthenticatorAssertionRawResponse>(r.Passkey);
                passkey = async who =>
                {
                    try { return await passkeys.FinishSignInAsync(host, r.PasskeyChallengeId, StaffLoginPurpose, StaffLoginSubject, response, id => factors.StoredPasskeyAsync(who, id)); }
                    catch (RegistryException) { return null; } // expired, refused, not this account's: a wrong second factor
                };
            }
            var outcome = await sessions.LoginAsync(login, r.Password, r.Code, passkey);
            if (outcome.Result is not { } result)
            {
                var refusal = outcome.Refusal!.Value;
                if (refusal is LoginRefusal.Failed or LoginRefusal.WrongSecondFactor) await throttle.FailedAsync(login);
                log.LogWarning("Login of {Login} from {Address} refused: {Refusal}", login, address, refusal);
                var reason = refusal switch
                {
                    LoginRefusal.Failed => "password", LoginRefusal.Disabled => "disabled",
                    LoginRefusal.SecondFactorRequired => "second-factor-missing", _ => "second-factor-wrong",
                };
                // An unknown login and a wrong password: the same answer, and the same audit write (the host's chain or the council's).
                await audit.RecordAsync(outcome.Council, actor, "login.failure", login, new { reason });
                return Problems.Of(refusal switch
                {
                    LoginRefusal.Failed => LoginFailed, LoginRefusal.Disabled => AccountDisabled,
                    LoginRefusal.SecondFactorRequired => SecondFactorRequired, _ => WrongSecondFactor,
                });
            }
            log.LogInformation("Login of {Login} ({Role}) from {Address}{Next}", login, result.Role, address, result.Next is null ? "" : " to " + result.Next);
            await audit.RecordAsync(outcome.Council, actor, "login.success", login, new { factor = FactorName(outcome.Factor), next = result.Next });
            if (outcome.Factor == FactorCheck.RecoveryCode)
                await audit.RecordAsync(outcome.Council, actor, "second-factor.recovery-code-used", login, new { left = await sessions.RecoveryCodesLeftAsync(login) });
            return TypedResults.Ok(new LoginReply(result.Token, result.Role, result.Council, result.Next));
        }).RequireRateLimiting(RateLimits.LoginPolicy).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests).WithName("Login");

        // A passkey sign-in's challenge, before the password: discoverable (the device offers its own passkey), so the
        // answer is the same for every caller and says nothing about which accounts exist or have passkeys.
        auth.MapPost("/login/passkey-options", async (HttpContext http, Passkeys passkeys) =>
        {
            var (challengeId, options) = await passkeys.BeginSignInAsync(passkeys.HostOf(http.Request), StaffLoginPurpose, StaffLoginSubject);
            return TypedResults.Ok(new PasskeyOptionsReply(challengeId, System.Text.Json.JsonDocument.Parse(options.ToJson()).RootElement.Clone()));
        }).RequireRateLimiting(RateLimits.LoginPolicy).WithName("LoginPasskeyOptions");

        auth.MapPost("/logout", async Task<NoContent> (HttpContext http, StaffSessions sessions) =>
        {
            if (http.User.FindFirst(TokenAuthentication.TokenClaim)?.Value is { } hash) await sessions.LogoutAsync(hash);
            return TypedResults.NoContent();
        }).RequireAuthorization(AnyToken).WithName("Logout");

        auth.MapSecondFactorApi();
        auth.MapPasswordChangeApi();
        return app;
    }

    /// <summary>Any good token, full or limited (the limited one is refused by <see cref="TokenAuthentication"/> outside its paths).</summary>
    public static void AnyToken(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder p) =>
        p.AddAuthenticationSchemes(TokenAuthentication.SchemeName).RequireAuthenticatedUser();

    public static string? FactorName(FactorCheck f) => f switch
    {
        FactorCheck.Totp => "totp", FactorCheck.RecoveryCode => "recovery-code", FactorCheck.Passkey => "passkey", _ => null,
    };

    public const string StaffLoginPurpose = "staff-login";
    public const string StaffLoginSubject = "staff";
}
