using Microsoft.EntityFrameworkCore;
using Session.Core.Council;
using Session.Core.Journal;
using Session.HallServer.Auth;

namespace Session.HallServer.Storage;

/// <summary>A paired terminal: a tablet for one seat, a gateway for many (none listed = every seat), or the broadcast.</summary>
public sealed record Terminal(string Id, string Kind, int[] Seats, string Label)
{
    public bool Serves(int seat) => Kind == TerminalKinds.Gateway && Seats.Length == 0 || Seats.Contains(seat);
}

public static class TerminalKinds
{
    public const string Tablet = "tablet";
    public const string Gateway = "gateway";
    public const string Broadcast = "broadcast";
    public static bool Valid(string? kind) => kind is Tablet or Gateway or Broadcast;
}

/// <summary>The registry behind the hubs: councils, cards and PINs, terminals, accounts and which sitting is current.</summary>
public sealed class HallDirectory(IDbContextFactory<RegistryDb> db, Secrets secrets, TimeProvider clock)
{
    public async Task<SittingEntity?> CurrentSittingAsync()
    {
        await using var ctx = await db.CreateDbContextAsync();
        return await ctx.Sittings.AsNoTracking().FirstOrDefaultAsync(s => s.IsCurrent);
    }

    public async Task<string?> DeputyByCardAsync(string card)
    {
        var uid = NormalizeCard(card);
        await using var ctx = await db.CreateDbContextAsync();
        return (await ctx.Cards.AsNoTracking().FirstOrDefaultAsync(c => c.Uid == uid))?.DeputyId;
    }

    public async Task<string?> DeputyByPinAsync(string pin)
    {
        var hash = secrets.PinHash(pin);
        await using var ctx = await db.CreateDbContextAsync();
        return (await ctx.Deputies.AsNoTracking().FirstOrDefaultAsync(d => d.PinHash == hash))?.Id;
    }

    public static string NormalizeCard(string card) => card.Replace(":", "").Replace(" ", "").Replace("-", "").Trim().ToUpperInvariant();

    public async Task<Terminal?> TerminalByKeyAsync(string key)
    {
        var hash = secrets.KeyHash(key);
        await using var ctx = await db.CreateDbContextAsync();
        var t = await ctx.Terminals.AsNoTracking().FirstOrDefaultAsync(x => x.KeyHash == hash && x.RevokedAt == null);
        return t is null ? null : ToTerminal(t);
    }

    public async Task<bool> IsRevokedAsync(string terminalId)
    {
        await using var ctx = await db.CreateDbContextAsync();
        return await ctx.Terminals.AsNoTracking().AnyAsync(x => x.Id == terminalId && x.RevokedAt != null);
    }

    private static Terminal ToTerminal(TerminalEntity t) =>
        new(t.Id, t.Kind, t.Seats.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray(), t.Label);

    /// <summary>Issues a terminal key; the key is returned once and stored only as an HMAC.</summary>
    public async Task<(Terminal Terminal, string Key)> IssueTerminalAsync(string kind, int[] seats, string label, string? key = null)
    {
        key ??= Secrets.NewKey();
        var entity = new TerminalEntity
        {
            Id = "t-" + Guid.NewGuid().ToString("N")[..10],
            KeyHash = secrets.KeyHash(key),
            Kind = kind,
            Seats = string.Join(',', seats.Distinct().Order()),
            Label = label,
            CreatedAt = clock.GetUtcNow(),
        };
        await using var ctx = await db.CreateDbContextAsync();
        ctx.Terminals.Add(entity);
        await ctx.SaveChangesAsync();
        return (ToTerminal(entity), key);
    }

    public async Task<bool> RevokeTerminalAsync(string terminalId)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var t = await ctx.Terminals.FirstOrDefaultAsync(x => x.Id == terminalId);
        if (t is null || t.RevokedAt is not null) return false;
        t.RevokedAt = clock.GetUtcNow();
        await ctx.SaveChangesAsync();
        return true;
    }

    public async Task<List<Terminal>> TerminalsAsync()
    {
        await using var ctx = await db.CreateDbContextAsync();
        return (await ctx.Terminals.AsNoTracking().Where(t => t.RevokedAt == null).ToListAsync()).Select(ToTerminal).ToList();
    }

    public async Task<string?> LoginAsync(string login, string password, TimeSpan lifetime)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var account = await ctx.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Login == login);
        if (account is null || !Secrets.VerifyPassword(password, account.PasswordHash)) return null;
        var token = Secrets.NewKey() + Secrets.NewKey();
        ctx.Tokens.Add(new TokenEntity { TokenHash = secrets.Hmac("token", token), Login = login, Role = account.Role, ExpiresAt = clock.GetUtcNow() + lifetime });
        await ctx.SaveChangesAsync();
        return token;
    }

    public async Task SetAccountAsync(string login, string password, string role)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var account = await ctx.Accounts.FirstOrDefaultAsync(a => a.Login == login);
        if (account is null) ctx.Accounts.Add(new AccountEntity { Login = login, PasswordHash = Secrets.HashPassword(password), Role = role });
        else { account.PasswordHash = Secrets.HashPassword(password); account.Role = role; }
        await ctx.SaveChangesAsync();
    }

    /// <summary>The opening event of a sitting: the roster as it stands in the registry, published facts only.</summary>
    public async Task<SittingOpened> OpeningOfAsync(string sittingId, bool firstPressFinal = false)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var sitting = await ctx.Sittings.AsNoTracking().SingleAsync(s => s.Id == sittingId);
        var session = await ctx.Sessions.AsNoTracking().SingleAsync(s => s.Id == sitting.SessionId);
        var council = await ctx.Councils.AsNoTracking().SingleAsync(c => c.Id == session.CouncilId);
        var factions = await ctx.Factions.AsNoTracking().Where(f => f.CouncilId == council.Id).OrderBy(f => f.Id).ToListAsync();
        var deputies = await ctx.Deputies.AsNoTracking().Where(d => d.CouncilId == council.Id).OrderBy(d => d.SortOrder).ToListAsync();
        var seats = await ctx.Seats.AsNoTracking().Where(s => s.CouncilId == council.Id).OrderBy(s => s.Number).ToListAsync();
        var roster = new Roster(
            new BodyInfo(council.Id, council.Name, council.Kind, council.Composition, council.Edrpou, council.Katottg, council.Convocation),
            deputies.Select(d => new DeputyRef(d.Id, d.FullName, d.FactionId, d.IsHead)).ToArray(),
            factions.Select(f => new Faction(f.Id, f.Name)).ToArray(),
            seats.Select(s => new Seat(s.Number, s.Label)).ToArray());
        return new SittingOpened(sitting.Id, roster, session.Number, session.Title, sitting.Number, sitting.Place, sitting.Date, firstPressFinal);
    }

    public async Task<List<SittingEntity>> SittingsAsync()
    {
        await using var ctx = await db.CreateDbContextAsync();
        return await ctx.Sittings.AsNoTracking().OrderBy(s => s.Date).ThenBy(s => s.Number).ToListAsync();
    }

    public async Task<List<SessionEntity>> SessionsAsync()
    {
        await using var ctx = await db.CreateDbContextAsync();
        return await ctx.Sessions.AsNoTracking().OrderBy(s => s.Number).ToListAsync();
    }

    public async Task MarkClosedAsync(string sittingId)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var s = await ctx.Sittings.FirstOrDefaultAsync(x => x.Id == sittingId);
        if (s is null || s.Status == "closed") return;
        s.Status = "closed";
        await ctx.SaveChangesAsync();
    }
}
