using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Session.HallServer.Hosting;
using Session.HallServer.Storage;

namespace Session.HallServer.Auth;

/// <summary>
/// A successful login: the bearer token (shown this once) and what it may do. <see cref="Next"/> is null for a full
/// login, or what a limited token must do first: <c>change-password</c> (after a reset) or <c>enrol</c> (a staff
/// account without a second factor).
/// </summary>
public sealed record LoginResult(string Token, string Role, string? Council, string? Next = null);

/// <summary>Why a login was refused. <see cref="Failed"/> is the one answer for an unknown login and a wrong password.</summary>
public enum LoginRefusal { Failed, Disabled, SecondFactorRequired, WrongSecondFactor }

/// <summary>What a login attempt came to, with what the audit records of it.</summary>
public sealed record LoginOutcome(LoginResult? Result, LoginRefusal? Refusal, string? Council, FactorCheck Factor = FactorCheck.Wrong);

/// <summary>A token that is still good: whose it is, and its hash (the key of its row and of its live connections).</summary>
public sealed record StaffSession(string TokenHash, string Login, string Role, string? Council, DateTimeOffset ExpiresAt, string Scope = TokenScopes.Full);

/// <summary>
/// Staff logins (docs/security.md "Sessions"): tokens stored as HMACs, ending at the absolute lifetime
/// (<c>Hall:TokenLifetime</c>) or after <c>Hall:TokenIdleTimeout</c> without use; revoked at logout and with the
/// account, and then the account's live hub connections are closed (<see cref="LiveConnections"/>).
/// </summary>
public sealed class StaffSessions(
    IDbContextFactory<RegistryDb> db,
    Secrets secrets,
    TimeProvider clock,
    IOptionsMonitor<HallOptions> options,
    LiveConnections live,
    SecondFactors factors)
{
    private HallOptions Hall => options.CurrentValue;

    /// <summary>Use is written back at most this often, so a busy console does not write on every request.</summary>
    private TimeSpan TouchEvery => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, Hall.TokenIdleTimeout.Ticks / 4));

    /// <summary>
    /// Password, then (when the account has one) the second factor: a TOTP code or a recovery code. An unknown login
    /// costs the same password hash as a known one and is refused with the same <see cref="LoginRefusal.Failed"/>.
    /// </summary>
    public async Task<LoginOutcome> LoginAsync(string login, string password, string? code = null, Func<string, Task<PasskeyAssertion?>>? passkey = null)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var account = await ctx.Accounts.FirstOrDefaultAsync(a => a.Login == login);
        // The same work whether or not the account exists, so timing does not tell which logins exist.
        var check = Passwords.Verify(password, account?.PasswordHash ?? Passwords.Dummy);
        if (check == PasswordCheck.Wrong || account is null) return new LoginOutcome(null, LoginRefusal.Failed, account?.CouncilId);
        if (check == PasswordCheck.RightButRehash)
        {
            account.PasswordHash = Passwords.Hash(password);
            await ctx.SaveChangesAsync();
        }
        if (account.Disabled) return new LoginOutcome(null, LoginRefusal.Disabled, account.CouncilId);
        var factor = FactorCheck.Wrong;
        var hasFactor = await SecondFactors.HasAsync(ctx, login);
        if (hasFactor)
        {
            if (passkey is not null)
                // The passkey must be this account's (its id and user handle), signed for this host's challenge.
                factor = await passkey(login) is { } assertion ? await factors.UsePasskeyAsync(login, assertion) : FactorCheck.Wrong;
            else if (string.IsNullOrWhiteSpace(code)) return new LoginOutcome(null, LoginRefusal.SecondFactorRequired, account.CouncilId);
            else factor = await factors.UseAsync(login, code);
            if (factor == FactorCheck.Wrong) return new LoginOutcome(null, LoginRefusal.WrongSecondFactor, account.CouncilId);
        }
        return new LoginOutcome(await IssueAsync(ctx, account, hasFactor), null, account.CouncilId, factor);
    }

    /// <summary>
    /// A new token for the account: full, or limited when it must first change its password (after a reset) or enrol
    /// a second factor (admin, secretary, chair without one).
    /// </summary>
    public async Task<LoginResult> IssueAsync(RegistryDb ctx, AccountEntity account, bool hasFactor)
    {
        var next = account.MustChangePassword ? "change-password" : !hasFactor && SecondFactors.Required(account.Role) ? "enrol" : null;
        var token = Secrets.NewKey() + Secrets.NewKey();
        var now = clock.GetUtcNow();
        ctx.Tokens.Add(new TokenEntity
        {
            TokenHash = HashOf(token), Login = account.Login, Role = account.Role, CouncilId = account.CouncilId,
            ExpiresAt = now + (next is null ? Hall.TokenLifetime : LimitedLifetime), LastUsedAt = now,
            Scope = next is null ? TokenScopes.Full : TokenScopes.Limited,
        });
        await ctx.SaveChangesAsync();
        return new LoginResult(token, account.Role, account.CouncilId, next);
    }

    /// <summary>A limited token (enrol, change the password) is for a few minutes' work.</summary>
    private TimeSpan LimitedLifetime => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(15).Ticks, Hall.TokenLifetime.Ticks));

    public Task<int> RecoveryCodesLeftAsync(string login) => factors.RecoveryCodesLeftAsync(login);

    public string HashOf(string token) => secrets.Hmac("token", token);

    /// <summary>The session of a presented token, or null when it is unknown, past its lifetime or idle too long.</summary>
    public async Task<StaffSession?> AuthenticateAsync(string token)
    {
        var hash = HashOf(token);
        await using var ctx = await db.CreateDbContextAsync();
        var row = await ctx.Tokens.FirstOrDefaultAsync(t => t.TokenHash == hash);
        if (row is null) return null;
        var now = clock.GetUtcNow();
        if (!Alive(row, now)) return null;
        if (now - row.LastUsedAt >= TouchEvery)
        {
            row.LastUsedAt = now;
            await ctx.SaveChangesAsync();
        }
        return new StaffSession(row.TokenHash, row.Login, row.Role, row.CouncilId, row.ExpiresAt, row.Scope);
    }

    private bool Alive(TokenEntity row, DateTimeOffset now) => now < row.ExpiresAt && now - row.LastUsedAt < Hall.TokenIdleTimeout;

    /// <summary>Logout: the token ends now, and so do the connections opened with it.</summary>
    public async Task LogoutAsync(string tokenHash)
    {
        await using var ctx = await db.CreateDbContextAsync();
        await ctx.Tokens.Where(t => t.TokenHash == tokenHash).ExecuteDeleteAsync();
        live.CloseToken(tokenHash);
    }

    /// <summary>
    /// Checks every live staff connection against its token: a connection whose token was revoked (here or on another
    /// node), has reached its lifetime, or belongs to a deleted account is closed. A live connection is use: it keeps
    /// its token from idling out. Expired rows are deleted.
    /// </summary>
    public async Task SweepAsync(CancellationToken cancel)
    {
        var now = clock.GetUtcNow();
        await using var ctx = await db.CreateDbContextAsync();
        var rows = await ctx.Tokens.ToListAsync(cancel);
        var connected = live.Tokens();
        var logins = (await ctx.Accounts.Select(a => a.Login).ToListAsync(cancel)).ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (connected.Contains(row.TokenHash) && now < row.ExpiresAt && now - row.LastUsedAt >= TouchEvery) row.LastUsedAt = now;
            if (!Alive(row, now) || !logins.Contains(row.Login)) ctx.Tokens.Remove(row);
        }
        await ctx.SaveChangesAsync(cancel);
        var good = rows.Where(r => ctx.Entry(r).State != EntityState.Detached).Select(r => r.TokenHash).ToHashSet(StringComparer.Ordinal);
        foreach (var hash in connected.Where(h => !good.Contains(h))) live.CloseToken(hash);
    }

    /// <summary>The account is gone (deleted, disabled): its tokens were removed in the same change; close its connections now.</summary>
    public void AccountRevoked(string login) => live.CloseLogin(login);

    /// <summary>Removes every token of the account in the caller's change (password change or reset, disable, role change).</summary>
    public static void RevokeAll(RegistryDb ctx, string login) => ctx.Tokens.RemoveRange(ctx.Tokens.Where(t => t.Login == login));
}
