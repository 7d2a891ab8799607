using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Session.HallServer.Auth;
using Session.HallServer.Storage;
using static Session.HallServer.Registry.RegistryAccess;

namespace Session.HallServer.Registry;

/// <summary>A reset by the admin: a new temporary password, and the second factor removed too when asked.</summary>
public sealed record ResetAccountRequest(bool SecondFactor);

/// <summary>The temporary password, shown this once; the account must change it at its next login.</summary>
public sealed record ResetAccountReply(string TemporaryPassword, bool SecondFactorRemoved);

public sealed record RoleChange(string? Role);

/// <summary>
/// The council's admin over its accounts (docs/security.md "Accounts"): reset (temporary password, optionally the
/// second factor), disable and enable, change of role. Each revokes every token of the account and closes its open
/// consoles, and is recorded in the council's audit chain; the host's audit chain is at <c>/api/audit</c>.
/// </summary>
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder c)
    {
        c.MapPost("/accounts/{login}/reset", async (string council, string login, ResetAccountRequest? r, RegistryWriter writer, StaffSessions sessions, HttpContext http) =>
        {
            var temporary = Secrets.NewKey();
            var removeFactor = r?.SecondFactor ?? false;
            await writer.WriteAsync(council, ActorOf(http), removeFactor ? "account.reset-password-and-second-factor" : "account.reset-password", login, async ctx =>
            {
                var row = await FindAsync(ctx, council, login);
                row.PasswordHash = Passwords.Hash(temporary);
                row.MustChangePassword = true;
                if (removeFactor) SecondFactors.RemoveAll(ctx, login);
                StaffSessions.RevokeAll(ctx, login);
                return true;
            }, _ => new { secondFactorRemoved = removeFactor });
            sessions.AccountRevoked(login);
            return TypedResults.Ok(new ResetAccountReply(temporary, removeFactor));
        }).Require(Level.Admin).WithName("ResetAccount");

        c.MapPost("/accounts/{login}/disable", (string council, string login, RegistryWriter writer, StaffSessions sessions, HttpContext http) =>
            SetDisabledAsync(council, login, true, writer, sessions, http)).Require(Level.Admin).WithName("DisableAccount");

        c.MapPost("/accounts/{login}/enable", (string council, string login, RegistryWriter writer, StaffSessions sessions, HttpContext http) =>
            SetDisabledAsync(council, login, false, writer, sessions, http)).Require(Level.Admin).WithName("EnableAccount");

        c.MapPut("/accounts/{login}/role", async (string council, string login, RoleChange r, RegistryWriter writer, StaffSessions sessions, HttpContext http) =>
        {
            if (r.Role is null || !Roles.Assignable.Contains(r.Role)) throw Refuse.Invalid("role", "Роль: admin, secretary, chair, observer або captioner", "Role: admin, secretary, chair, observer or captioner");
            var dto = await writer.WriteAsync(council, ActorOf(http), "account.role", login, async ctx =>
            {
                var row = await FindAsync(ctx, council, login);
                var from = row.Role;
                row.Role = r.Role;
                // A token carries its role: the account logs in again with the new one.
                StaffSessions.RevokeAll(ctx, login);
                return (From: from, Dto: await DtoAsync(ctx, row));
            }, x => new { from = x.From, to = r.Role });
            sessions.AccountRevoked(login);
            return TypedResults.Ok(dto.Dto);
        }).Require(Level.Admin).WithName("ChangeAccountRole");
        return c;
    }

    /// <summary>The host's audit chain: the host admin's account events and logins that named no account.</summary>
    public static RouteGroupBuilder MapHostAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            return TypedResults.Ok((await ctx.Audit.AsNoTracking().Where(a => a.CouncilId == AccountAudit.HostChain).OrderBy(a => a.Seq).ToListAsync())
                .Select(ToDto).ToArray());
        }).Require(Level.HostAdmin).WithName("HostAudit");
        return api;
    }

    public static AuditDto ToDto(AuditEntity a) => new(a.Seq, a.At, a.Actor, a.Address, a.Action, a.Subject, a.Hash, a.UserAgent, a.Data);

    public static async Task<AccountDto> DtoAsync(RegistryDb ctx, AccountEntity a) =>
        new(a.Login, a.Role, a.CouncilId, a.Disabled, await SecondFactors.HasAsync(ctx, a.Login), a.MustChangePassword);

    private static async Task<Ok<AccountDto>> SetDisabledAsync(string council, string login, bool disabled, RegistryWriter writer, StaffSessions sessions, HttpContext http)
    {
        var dto = await writer.WriteAsync(council, ActorOf(http), disabled ? "account.disable" : "account.enable", login, async ctx =>
        {
            var row = await FindAsync(ctx, council, login);
            if (disabled && row.Login == http.User.Identity?.Name)
                throw Refuse.Conflict("own-account", "Не можна вимкнути власний обліковий запис", "You cannot disable your own account");
            row.Disabled = disabled;
            if (disabled) StaffSessions.RevokeAll(ctx, login);
            return await DtoAsync(ctx, row);
        }, _ => null);
        if (disabled) sessions.AccountRevoked(login); // its open consoles close now
        return TypedResults.Ok(dto);
    }

    private static async Task<AccountEntity> FindAsync(RegistryDb ctx, string council, string login) =>
        await ctx.Accounts.FirstOrDefaultAsync(a => a.Login == login && a.CouncilId == council) ?? throw Refuse.NotFound("обліковий запис", login);
}
