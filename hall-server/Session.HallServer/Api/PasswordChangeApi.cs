using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Session.Core.Wire;
using Session.HallServer.Auth;
using Session.HallServer.Registry;

namespace Session.HallServer.Api;

/// <summary>A password change by the account itself: the current password, the new one and, when it has one, the second factor.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword, string? Code);

/// <summary>
/// The account changes its own password (docs/security.md "Passwords"): with the current password and its second
/// factor, or, after a reset by the admin, with the temporary password. Every token of the account is revoked and its
/// open consoles closed; the answer is a new login for the caller.
/// </summary>
public static class PasswordChangeApi
{
    public static RouteGroupBuilder MapPasswordChangeApi(this RouteGroupBuilder auth)
    {
        auth.MapPost("/password", async Task<Results<Ok<LoginReply>, ProblemHttpResult>> (
            ChangePasswordRequest r, HttpContext http, StaffSessions sessions, SecondFactors factors, RegistryWriter writer, LoginThrottle throttle,
            Microsoft.EntityFrameworkCore.IDbContextFactory<Storage.RegistryDb> db) =>
        {
            var (login, council) = SecondFactorApi.Caller(http);
            if (await throttle.HeldAsync(login) is { } wait) return Hosting.RateLimits.TooMany(http, wait);
            var fresh = Accounts.Password(r.NewPassword);
            await using (var ctx = await db.CreateDbContextAsync())
            {
                var account = await ctx.Accounts.AsNoTracking().FirstAsync(a => a.Login == login);
                if (Passwords.Verify(r.CurrentPassword ?? "", account.PasswordHash) == PasswordCheck.Wrong)
                {
                    await throttle.FailedAsync(login);
                    return Problems.Of(new RegistryError("wrong-password", "Поточний пароль неправильний", "The current password is wrong", "currentPassword"));
                }
                if (fresh == r.CurrentPassword)
                    return Problems.Of(new RegistryError("same-password", "Новий пароль має відрізнятися від поточного", "The new password must differ from the current one", "newPassword"));
                if (await SecondFactors.HasAsync(ctx, login) && await factors.UseAsync(login, r.Code) == FactorCheck.Wrong)
                {
                    await throttle.FailedAsync(login);
                    return Problems.Of(AuthApi.WrongSecondFactor with { Status = StatusCodes.Status400BadRequest });
                }
            }
            var actor = AccountAudit.ActorOf(http, login);
            var result = await writer.WriteAsync(council ?? AccountAudit.HostChain, actor, "password.change", login, async ctx =>
            {
                var account = await ctx.Accounts.FirstAsync(a => a.Login == login);
                account.PasswordHash = Passwords.Hash(fresh);
                account.MustChangePassword = false;
                StaffSessions.RevokeAll(ctx, login);
                await ctx.SaveChangesAsync();
                return await sessions.IssueAsync(ctx, account, await SecondFactors.HasAsync(ctx, login));
            }, _ => null);
            sessions.AccountRevoked(login);
            return TypedResults.Ok(new LoginReply(result.Token, result.Role, result.Council, result.Next));
        }).RequireAuthorization(AuthApi.AnyToken).WithName("ChangePassword");
        return auth;
    }
}
