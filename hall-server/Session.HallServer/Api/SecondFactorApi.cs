using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Session.HallServer.Auth;
using Session.HallServer.Registry;
using Session.HallServer.Storage;

namespace Session.HallServer.Api;

/// <summary>A TOTP enrolment's confirmation: the first valid code.</summary>
public sealed record ConfirmTotpRequest(string? Code);

/// <summary>The confirmed enrolment: the recovery codes (shown this once) and a new full login.</summary>
public sealed record EnrolmentReply(string[] RecoveryCodes, string Token, string Role, string? Council, string? Next);

/// <summary>A passkey enrolment's answer: the challenge it answers and the browser's credential (<c>toJSON()</c>).</summary>
public sealed record PasskeyEnrolRequest(string? ChallengeId, System.Text.Json.JsonElement? Credential);

/// <summary>New recovery codes for an enrolled account: its password and a fresh code from its authenticator.</summary>
public sealed record NewRecoveryCodesRequest(string? Password, string? Code);

/// <summary>The new recovery codes, shown this once; the old ones no longer work.</summary>
public sealed record RecoveryCodesReply(string[] RecoveryCodes);

/// <summary>
/// Enrolling a TOTP second factor (docs/security.md "Second factor"): a staff account without one logs in to a limited
/// token and may do only this (or change its password). Start shows the seed as an otpauth:// URI, as a QR code and as
/// text; confirming with a first valid code makes it count, returns ten recovery codes once and a full token, and
/// revokes every other token of the account.
/// </summary>
public static class SecondFactorApi
{
    public static RouteGroupBuilder MapSecondFactorApi(this RouteGroupBuilder auth)
    {
        auth.MapPost("/second-factor/totp", async Task<Results<Ok<TotpEnrolment>, ProblemHttpResult>> (HttpContext http, SecondFactors factors) =>
        {
            var (login, council) = Caller(http);
            var enrolment = await factors.StartTotpAsync(login, council);
            if (enrolment is null)
                return Problems.Of(new RegistryError("second-factor-exists", "Другий фактор уже налаштовано; щоб замінити його, попросіть адміністратора ради скинути його",
                    "A second factor is already enrolled; to replace it, ask the council's admin to reset it", null, StatusCodes.Status409Conflict));
            return TypedResults.Ok(enrolment);
        }).RequireAuthorization(AuthApi.AnyToken).WithName("StartTotpEnrolment");

        auth.MapPost("/second-factor/totp/confirm", async Task<Results<Ok<EnrolmentReply>, ProblemHttpResult>> (
            ConfirmTotpRequest r, HttpContext http, SecondFactors factors, StaffSessions sessions, RegistryWriter writer, LoginThrottle throttle) =>
        {
            var (login, council) = Caller(http);
            if (await throttle.HeldAsync(login) is { } wait) return Hosting.RateLimits.TooMany(http, wait);
            var actor = AccountAudit.ActorOf(http, login);
            try
            {
                var (codes, result) = await writer.WriteAsync(council ?? AccountAudit.HostChain, actor, "second-factor.enrol", login, async ctx =>
                {
                    var account = await ctx.Accounts.FirstAsync(a => a.Login == login);
                    var recovery = await factors.ConfirmTotpAsync(ctx, login, r.Code)
                        ?? throw new RegistryError("wrong-code", "Код не підходить: перевірте час на телефоні й введіть свіжий код",
                            "The code does not match: check the phone's clock and enter a fresh code", "code").Fail();
                    await ctx.SaveChangesAsync();
                    StaffSessions.RevokeAll(ctx, login);
                    await ctx.SaveChangesAsync();
                    return (recovery, await sessions.IssueAsync(ctx, account, hasFactor: true));
                }, _ => new { kind = SecondFactors.TotpKind });
                sessions.AccountRevoked(login);
                return TypedResults.Ok(new EnrolmentReply(codes, result.Token, result.Role, result.Council, result.Next));
            }
            catch (RegistryException ex) when (ex.Error.Code == "wrong-code")
            {
                await throttle.FailedAsync(login);
                return Problems.Of(ex.Error);
            }
        }).RequireAuthorization(AuthApi.AnyToken).WithName("ConfirmTotpEnrolment");

        // A passkey as the second factor (or another one beside TOTP): a resident key that verifies its user, bound to
        // the hall's DNS name (Hall:Passkeys:RpId). The first factor of an account (the "enrol" step after its first
        // login) returns recovery codes and a full token, as TOTP does.
        auth.MapPost("/second-factor/passkey/options", async (HttpContext http, Passkeys passkeys, SecondFactors factors) =>
        {
            var (login, _) = Caller(http);
            var (challengeId, options) = await passkeys.BeginEnrolAsync(passkeys.HostOf(http.Request), StaffEnrolPurpose, login,
                SecondFactors.PasskeyUserId(login), login, login, await factors.PasskeyIdsAsync(login));
            return TypedResults.Ok(new PasskeyOptionsReply(challengeId, System.Text.Json.JsonDocument.Parse(options.ToJson()).RootElement.Clone()));
        }).RequireAuthorization(AuthApi.AnyToken).WithName("StartPasskeyEnrolment");

        auth.MapPost("/second-factor/passkey", async Task<Results<Ok<EnrolmentReply>, ProblemHttpResult>> (
            PasskeyEnrolRequest? r, HttpContext http, Passkeys passkeys, SecondFactors factors, StaffSessions sessions, RegistryWriter writer) =>
        {
            var (login, council) = Caller(http);
            var credential = await passkeys.FinishEnrolAsync(passkeys.HostOf(http.Request), r?.ChallengeId, StaffEnrolPurpose, login,
                Passkeys.Read<Fido2NetLib.AuthenticatorAttestationRawResponse>(r?.Credential), factors.PasskeyIsNewAsync);
            var first = false;
            var (codes, result) = await writer.WriteAsync(council ?? AccountAudit.HostChain, AccountAudit.ActorOf(http, login), "second-factor.enrol", login, async ctx =>
            {
                var account = await ctx.Accounts.FirstAsync(a => a.Login == login);
                first = !await SecondFactors.HasAsync(ctx, login);
                factors.AddPasskey(ctx, login, credential);
                var recovery = first ? factors.NewRecoveryCodes(ctx, login) : [];
                await ctx.SaveChangesAsync();
                if (first) StaffSessions.RevokeAll(ctx, login);
                await ctx.SaveChangesAsync();
                return (recovery, await sessions.IssueAsync(ctx, account, hasFactor: true));
            }, _ => new { kind = SecondFactors.PasskeyKind, first });
            if (first) sessions.AccountRevoked(login);
            return TypedResults.Ok(new EnrolmentReply(codes, result.Token, result.Role, result.Council, result.Next));
        }).RequireAuthorization(AuthApi.AnyToken).WithName("ConfirmPasskeyEnrolment");

        // Recovery codes run out, or a printout is lost: ten new ones replace all of the old, used or not. Only a TOTP
        // code proves the authenticator here (a recovery code is refused without being used up).
        auth.MapPost("/second-factor/recovery-codes", async Task<Results<Ok<RecoveryCodesReply>, ProblemHttpResult>> (
            NewRecoveryCodesRequest r, HttpContext http, SecondFactors factors, RegistryWriter writer, LoginThrottle throttle, IDbContextFactory<RegistryDb> db) =>
        {
            var (login, council) = Caller(http);
            if (await throttle.HeldAsync(login) is { } wait) return Hosting.RateLimits.TooMany(http, wait);
            await using (var ctx = await db.CreateDbContextAsync())
            {
                if (!await SecondFactors.HasAsync(ctx, login))
                    return Problems.Of(new RegistryError("no-second-factor", "Спершу налаштуйте другий фактор: коди відновлення видаються разом із ним",
                        "Enrol a second factor first: recovery codes come with it", null, StatusCodes.Status409Conflict));
                var account = await ctx.Accounts.AsNoTracking().FirstAsync(a => a.Login == login);
                if (Passwords.Verify(r.Password ?? "", account.PasswordHash) == PasswordCheck.Wrong)
                {
                    await throttle.FailedAsync(login);
                    return Problems.Of(new RegistryError("wrong-password", "Пароль неправильний", "The password is wrong", "password"));
                }
            }
            if (!Totp.LooksLikeCode(r.Code) || await factors.UseAsync(login, r.Code) != FactorCheck.Totp)
            {
                await throttle.FailedAsync(login);
                return Problems.Of(new RegistryError("wrong-code", "Потрібен свіжий код із застосунку-автентифікатора (не код відновлення)",
                    "A fresh code from the authenticator app is needed (not a recovery code)", "code"));
            }
            var codes = await writer.WriteAsync(council ?? AccountAudit.HostChain, AccountAudit.ActorOf(http, login), "second-factor.recovery-codes", login, async ctx =>
            {
                var fresh = factors.NewRecoveryCodes(ctx, login);
                await ctx.SaveChangesAsync();
                return fresh;
            }, c => new { count = c.Length });
            return TypedResults.Ok(new RecoveryCodesReply(codes));
        }).RequireAuthorization(AuthApi.AnyToken).WithName("NewRecoveryCodes");
        return auth;
    }

    public const string StaffEnrolPurpose = "staff-enrol";

    public static (string Login, string? Council) Caller(HttpContext http) =>
        (http.User.Identity?.Name ?? throw new InvalidOperationException("no login"), http.User.FindFirst(Roles.CouncilClaim)?.Value);
}
