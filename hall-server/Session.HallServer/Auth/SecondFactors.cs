using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Session.HallServer.Storage;

namespace Session.HallServer.Auth;

/// <summary>What a presented second factor turned out to be.</summary>
public enum FactorCheck { Wrong, Totp, RecoveryCode, Passkey }

/// <summary>A TOTP enrolment under way: shown to the account once, until it confirms with a first code.</summary>
public sealed record TotpEnrolment(string OtpauthUri, string Secret, string QrPng);

/// <summary>
/// Staff accounts' second factors (docs/security.md "Second factor"): TOTP seeds protected by ASP.NET Core Data
/// Protection (keys in DATA_DIR/protection-keys) and never returned after enrolment; each code accepted once (the
/// factor's last accepted step only moves forward, in one conditional update, so two requests cannot both use a
/// step); recovery codes as HMACs, each used once. Admin, secretary and chair must have a factor.
/// </summary>
public sealed class SecondFactors(IDbContextFactory<RegistryDb> db, IDataProtectionProvider protection, Secrets secrets, TimeProvider clock)
{
    public const string TotpKind = "totp";
    /// <summary>A WebAuthn passkey: <c>Secret</c> holds its public key (COSE, base64; not secret), <c>CredentialId</c> its id, <c>LastStep</c> its signature counter.</summary>
    public const string PasskeyKind = "passkey";
    public const string Issuer = "Session";
    private readonly IDataProtector _protector = protection.CreateProtector("Session.HallServer.SecondFactor.Totp");

    /// <summary>Roles that may not work without a second factor.</summary>
    public static bool Required(string role) => role is Roles.Admin or Roles.Secretary or Roles.Chair;

    public static Task<bool> HasAsync(RegistryDb ctx, string login) =>
        ctx.SecondFactors.AnyAsync(f => f.Login == login && f.ConfirmedAt != null);

    /// <summary>A new seed for the account, replacing an unconfirmed one; refused (null) when a factor is already confirmed.</summary>
    public async Task<TotpEnrolment?> StartTotpAsync(string login, string? council)
    {
        await using var ctx = await db.CreateDbContextAsync();
        if (await HasAsync(ctx, login)) return null;
        await ctx.SecondFactors.Where(f => f.Login == login && f.ConfirmedAt == null).ExecuteDeleteAsync();
        var seed = Totp.NewSeed();
        ctx.SecondFactors.Add(new SecondFactorEntity
        {
            Id = Guid.NewGuid().ToString("N"), Login = login, Kind = TotpKind, Secret = Protect(seed), CreatedAt = clock.GetUtcNow(),
        });
        await ctx.SaveChangesAsync();
        var uri = Totp.Uri(Issuer + (council is null ? "" : " " + council), login, seed);
        return new TotpEnrolment(uri, Totp.Base32(seed), Totp.QrPngDataUrl(uri));
    }

    /// <summary>
    /// Confirms the enrolment under way with a first valid code: the factor counts from now, and fresh recovery codes
    /// (returned this once) replace any earlier ones. Null when the code is wrong or nothing is being enrolled.
    /// </summary>
    public async Task<string[]?> ConfirmTotpAsync(RegistryDb ctx, string login, string? code)
    {
        // One at most: a new start removes the one before.
        var pending = await ctx.SecondFactors.FirstOrDefaultAsync(f => f.Login == login && f.Kind == TotpKind && f.ConfirmedAt == null);
        if (pending is null || TryUnprotect(pending.Secret) is not { } seed || Totp.MatchedStep(seed, code ?? "", clock.GetUtcNow()) is not { } step) return null;
        pending.ConfirmedAt = clock.GetUtcNow();
        pending.LastStep = step;
        return NewRecoveryCodes(ctx, login);
    }

    /// <summary>Checks a code or a recovery code and uses it up; anything else is <see cref="FactorCheck.Wrong"/>.</summary>
    public async Task<FactorCheck> UseAsync(string login, string? code)
    {
        await using var ctx = await db.CreateDbContextAsync();
        if (Totp.LooksLikeCode(code))
        {
            var now = clock.GetUtcNow();
            foreach (var f in await ctx.SecondFactors.AsNoTracking().Where(f => f.Login == login && f.Kind == TotpKind && f.ConfirmedAt != null).ToListAsync())
            {
                if (TryUnprotect(f.Secret) is not { } seed || Totp.MatchedStep(seed, code!, now) is not { } step) continue;
                // Only a later step than the last one accepted: a replayed code, or an earlier one, is refused.
                var moved = await ctx.SecondFactors.Where(x => x.Id == f.Id && x.LastStep < step).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastStep, step));
                return moved == 1 ? FactorCheck.Totp : FactorCheck.Wrong;
            }
            return FactorCheck.Wrong;
        }
        if (RecoveryCodes.LooksLikeCode(code))
        {
            var hash = RecoveryCodes.Hash(secrets, login, code!);
            var used = await ctx.RecoveryCodes.Where(r => r.Login == login && r.CodeHash == hash && r.UsedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.UsedAt, clock.GetUtcNow()));
            return used == 1 ? FactorCheck.RecoveryCode : FactorCheck.Wrong;
        }
        return FactorCheck.Wrong;
    }

    /// <summary>The ids of the account's passkeys (a new enrolment excludes them: one passkey per authenticator).</summary>
    public async Task<List<byte[]>> PasskeyIdsAsync(string login)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var ids = await ctx.SecondFactors.AsNoTracking().Where(f => f.Login == login && f.Kind == PasskeyKind && f.CredentialId != null).Select(f => f.CredentialId!).ToListAsync();
        return ids.Select(FromBase64Url).ToList();
    }

    /// <summary>Whether no account has this passkey yet (a credential id names one account).</summary>
    public async Task<bool> PasskeyIsNewAsync(byte[] credentialId)
    {
        var id = Passkeys.Base64Url(credentialId);
        await using var ctx = await db.CreateDbContextAsync();
        return !await ctx.SecondFactors.AnyAsync(f => f.Kind == PasskeyKind && f.CredentialId == id);
    }

    /// <summary>Adds a verified passkey to the account, confirmed at once, in the caller's change.</summary>
    public void AddPasskey(RegistryDb ctx, string login, Fido2NetLib.Objects.RegisteredPublicKeyCredential credential)
    {
        var now = clock.GetUtcNow();
        ctx.SecondFactors.Add(new SecondFactorEntity
        {
            Id = Guid.NewGuid().ToString("N"), Login = login, Kind = PasskeyKind, Secret = Convert.ToBase64String(credential.PublicKey),
            CredentialId = Passkeys.Base64Url(credential.Id), LastStep = credential.SignCount, CreatedAt = now, ConfirmedAt = now,
        });
    }

    /// <summary>The stored key of the account's passkey with this id, for <see cref="Passkeys.FinishSignInAsync"/>; null when it is not this account's.</summary>
    public async Task<(byte[] PublicKey, uint SignCount, string UserId)?> StoredPasskeyAsync(string login, string credentialId)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var f = await ctx.SecondFactors.AsNoTracking().FirstOrDefaultAsync(f => f.Login == login && f.Kind == PasskeyKind && f.CredentialId == credentialId && f.ConfirmedAt != null);
        return f is null ? null : (Convert.FromBase64String(f.Secret), (uint)f.LastStep, PasskeyUserId(login));
    }

    /// <summary>
    /// Records a verified sign-in: the counter moves forward in one conditional update (a device that keeps no counter
    /// sends 0 each time and is not held to it), so a cloned authenticator replaying an old counter is refused.
    /// </summary>
    public async Task<FactorCheck> UsePasskeyAsync(string login, PasskeyAssertion assertion)
    {
        await using var ctx = await db.CreateDbContextAsync();
        long count = assertion.SignCount;
        var moved = await ctx.SecondFactors
            .Where(f => f.Login == login && f.Kind == PasskeyKind && f.CredentialId == assertion.CredentialId && (count == 0 || f.LastStep < count))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.LastStep, count));
        return moved == 1 ? FactorCheck.Passkey : FactorCheck.Wrong;
    }

    /// <summary>The user handle a staff passkey carries: the account, marked apart from deputies' device passkeys.</summary>
    public static string PasskeyUserId(string login) => "staff:" + login;

    private static byte[] FromBase64Url(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b + new string('=', (4 - b.Length % 4) % 4));
    }

    public async Task<int> RecoveryCodesLeftAsync(string login)
    {
        await using var ctx = await db.CreateDbContextAsync();
        return await ctx.RecoveryCodes.CountAsync(r => r.Login == login && r.UsedAt == null);
    }

    /// <summary>Removes every factor and recovery code of the account (a reset by the admin, a deleted account).</summary>
    public static void RemoveAll(RegistryDb ctx, string login)
    {
        ctx.SecondFactors.RemoveRange(ctx.SecondFactors.Where(f => f.Login == login));
        ctx.RecoveryCodes.RemoveRange(ctx.RecoveryCodes.Where(r => r.Login == login));
    }

    /// <summary>
    /// The demo's secretary: a TOTP factor from a known seed, confirmed at once (its seed is printed next to the demo
    /// password). An existing factor with the same seed is kept, with its last step, so a restart allows no replay.
    /// </summary>
    public async Task SetDemoTotpAsync(string login, byte[] seed)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var factors = await ctx.SecondFactors.Where(f => f.Login == login).ToListAsync();
        if (factors.Count == 1 && factors[0].ConfirmedAt is not null && TryUnprotect(factors[0].Secret) is { } old && old.SequenceEqual(seed)) return;
        ctx.SecondFactors.RemoveRange(factors);
        var now = clock.GetUtcNow();
        ctx.SecondFactors.Add(new SecondFactorEntity { Id = Guid.NewGuid().ToString("N"), Login = login, Kind = TotpKind, Secret = Protect(seed), CreatedAt = now, ConfirmedAt = now });
        await ctx.SaveChangesAsync();
    }

    /// <summary>Ten new recovery codes in the caller's change, replacing every old one; returned once, stored as HMACs.</summary>
    public string[] NewRecoveryCodes(RegistryDb ctx, string login)
    {
        ctx.RecoveryCodes.RemoveRange(ctx.RecoveryCodes.Where(r => r.Login == login));
        var codes = Enumerable.Range(0, RecoveryCodes.Count).Select(_ => RecoveryCodes.New()).Distinct().ToArray();
        foreach (var c in codes) ctx.RecoveryCodes.Add(new RecoveryCodeEntity { Login = login, CodeHash = RecoveryCodes.Hash(secrets, login, c) });
        return codes;
    }

    private string Protect(byte[] seed) => _protector.Protect(Convert.ToBase64String(seed));

    private byte[] Unprotect(string stored) => Convert.FromBase64String(_protector.Unprotect(stored));

    private byte[]? TryUnprotect(string stored)
    {
        try { return Unprotect(stored); }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
    }
}
