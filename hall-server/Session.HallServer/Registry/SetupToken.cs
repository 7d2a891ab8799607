using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Session.HallServer.Auth;
using Session.HallServer.Hosting;
using Session.HallServer.Storage;

namespace Session.HallServer.Registry;

/// <summary>
/// First start without <c>--demo</c>: while no account exists, a one-time token (printed in the log and kept in
/// DATA_DIR/setup-token.txt, readable by the hall's user only) lets one person create the host's admin account.
/// </summary>
public sealed class SetupToken(IOptions<HallOptions> options, IDbContextFactory<RegistryDb> db)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string FilePath => Path.Combine(options.Value.DataDir, "setup-token.txt");

    public async Task<bool> NeededAsync()
    {
        await using var ctx = await db.CreateDbContextAsync();
        return !await ctx.Accounts.AnyAsync();
    }

    /// <summary>Makes the token when the server has no account yet; returns it for the start-up message.</summary>
    public async Task<string?> EnsureAsync()
    {
        if (!await NeededAsync()) { File.Delete(FilePath); return null; }
        if (File.Exists(FilePath)) return (await File.ReadAllTextAsync(FilePath)).Trim();
        var token = Secrets.NewKey();
        await File.WriteAllTextAsync(FilePath, token + "\n");
        Secrets.MakePrivate(FilePath);
        return token;
    }

    /// <summary>Creates the host's admin with the token, once; the token file is deleted.</summary>
    public async Task CompleteAsync(SetupRequest r, HallDirectory directory)
    {
        await _gate.WaitAsync();
        try
        {
            if (!await NeededAsync() || !File.Exists(FilePath))
                throw Refuse.Conflict("setup-done", "Початкове налаштування вже виконано", "First-start setup is already done");
            var expected = Encoding.UTF8.GetBytes((await File.ReadAllTextAsync(FilePath)).Trim());
            var given = Encoding.UTF8.GetBytes(r.Token?.Trim() ?? "");
            if (!CryptographicOperations.FixedTimeEquals(expected, given))
                throw Refuse.Bad("bad-setup-token", "Неправильний токен налаштування (див. журнал сервера або setup-token.txt)", "Wrong setup token (see the server log or setup-token.txt)", "token");
            var login = Accounts.Login(r.Login);
            var password = Accounts.Password(r.Password);
            await directory.SetAccountAsync(login, password, Roles.Admin, null);
            File.Delete(FilePath);
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>Bounds of logins and passwords.</summary>
public static class Accounts
{
    public static string Login(string? login)
    {
        var l = login?.Trim() ?? "";
        if (l.Length is < 3 or > 64 || !l.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
            throw Refuse.Invalid("login", "Логін: 3–64 символи a-z, 0-9, «.», «-», «_», «@»", "Login: 3–64 characters a-z, 0-9, '.', '-', '_', '@'");
        return l;
    }

    public static string Password(string? password)
    {
        if (password is null || password.Length < 10)
            throw Refuse.Invalid("password", "Пароль має бути не коротшим за 10 символів", "The password must be at least 10 characters long");
        if (password.Length > 200) throw Refuse.Invalid("password", "Пароль задовгий", "The password is too long");
        if (Auth.CommonPasswords.Contains(password))
            throw Refuse.Bad("common-password", "Цей пароль надто поширений: його підбирають першим. Оберіть інший (наприклад, кілька не пов'язаних слів)",
                "This password is too common: it is among the first an attacker tries. Choose another (for example, a few unrelated words)", "password");
        return password;
    }
}
