using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Session.Core.Council;
using Session.Core.Journal;
using Session.HallServer.Auth;

namespace Session.HallServer.Storage;

/// <summary>A paired terminal of one hall: a tablet for one seat, a gateway for many (none listed = every seat), or the broadcast.</summary>
public sealed record Terminal(string Id, string Kind, int[] Seats, string Label, string CouncilId, string HallId)
{
    // A gateway for "every seat" serves the hall's seats, never a deputy's remote place (RemoteSeats).
    public bool Serves(int seat) => Kind == TerminalKinds.Gateway && Seats.Length == 0 && !RemoteSeats.IsRemote(seat) || Seats.Contains(seat);
}

public static class TerminalKinds
{
    public const string Tablet = "tablet";
    public const string Gateway = "gateway";
    public const string Broadcast = "broadcast";
    /// <summary>A deputy's enrolled device in a remote sitting: issued by a passkey and a PIN, for that deputy's remote place only.</summary>
    public const string Remote = "remote";
    /// <summary>The kinds staff may issue keys for; a remote key comes only from a passkey sign-in.</summary>
    public static bool Valid(string? kind) => kind is Tablet or Gateway or Broadcast;
}

/// <summary>A logged-in staff member: the council is null for the host's admin.</summary>

/// <summary>
/// The registry as the hubs and the grains need it: which sitting a hall runs, cards and PINs (always within one
/// council), terminals, accounts, and the roster a sitting opens with.
/// </summary>
public sealed class HallDirectory(IDbContextFactory<RegistryDb> db, Secrets secrets, TimeProvider clock)
{
    public async Task<SittingEntity?> CurrentSittingAsync(string hallId)
    {
        await using var ctx = await db.CreateDbContextAsync();
        return await ctx.Sittings.AsNoTracking().FirstOrDefaultAsync(s => s.HallId == hallId && s.IsCurrent);
    }

    /// <summary>The council's open sittings, newest first (a council with two halls may sit in both).</summary>
    public async Task<List<SittingEntity>> OpenSittingsAsync(string councilId)
    {
        await using var ctx = await db.CreateDbContextAsync();
        return await ctx.Sittings.AsNoTracking().Where(s => s.CouncilId == councilId && s.IsCurrent)
            .OrderByDescending(s => s.Date).ThenByDescending(s => s.Number).ToListAsync();
    }

    // The councils' ids are read on every public viewer's Watch (thousands at once): kept in memory, forgotten when a
    // council is created or imported (councils are never deleted, their ids never change) — on a regional host on
    // every node (Cluster.ClusterState).
    private volatile string[]? _councilIds;
    private readonly Lock _councilsGate = new();
    private long _councilsGeneration;
    private long _missRereadAt;

    /// <summary>An id not in the list re-reads the registry at most this often (all callers together).</summary>
    public static readonly TimeSpan MissReread = TimeSpan.FromSeconds(1);

    public async Task<List<CouncilEntity>> CouncilsAsync()
    {
        await using var ctx = await db.CreateDbContextAsync();
        return await ctx.Councils.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
    }

    public async Task<string[]> CouncilIdsAsync() => _councilIds ?? await ReadCouncilIdsAsync();

    private async Task<string[]> ReadCouncilIdsAsync()
    {
        // A read that straddles a forget (here, or another node's) must not cache what it read before the change.
        var generation = Interlocked.Read(ref _councilsGeneration);
        await using var ctx = await db.CreateDbContextAsync();
        var ids = (await ctx.Councils.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync()).ToArray();
        lock (_councilsGate) if (_councilsGeneration == generation) _councilIds = ids;
        return ids;
    }

    /// <summary>A council was created or imported: forgotten here, and every node is told (<see cref="CouncilsForgotten"/>).</summary>
    public void CouncilsChanged()
    {
        ForgetCouncilsHere();
        CouncilsForgotten?.Invoke();
    }

    /// <summary>Raised by <see cref="CouncilsChanged"/>; on a regional host the cluster bus tells the other nodes.</summary>
    public event Action? CouncilsForgotten;

    public void ForgetCouncilsHere()
    {
        lock (_councilsGate)
        {
            _councilsGeneration++;
            _councilIds = null;
        }
    }

    public async Task<bool> CouncilExistsAsync(string id)
    {
        if ((await CouncilIdsAsync()).Contains(id)) return true;
        // Not in the list: a council made on another node whose "councils changed" was lost while Redis restarted?
        // Read the registry again — at most once a second for all callers, so made-up ids cannot flood the database.
        var last = Interlocked.Read(ref _missRereadAt);
        var now = clock.GetTimestamp();
        if (last != 0 && clock.GetElapsedTime(last, now) < MissReread) return false;
        if (Interlocked.CompareExchange(ref _missRereadAt, now, last) != last) return false;
        return (await ReadCouncilIdsAsync()).Contains(id);
    }

    /// <summary>The council a server with exactly one answers today's unscoped paths for; null otherwise.</summary>
    public async Task<string?> SoleCouncilAsync() => await CouncilIdsAsync() is [var only] ? only : null;

    /// <summary>
    /// The council a staff hub connection works for: its account's council; for the host's own account, the council
    /// the page asked for (<c>?council=</c>) if it exists; else the server's only council. Null: none.
    /// </summary>
    public async Task<string?> CouncilOfConnectionAsync(Microsoft.AspNetCore.SignalR.HubCallerContext context)
    {
        if (context.User?.FindFirst(Roles.CouncilClaim)?.Value is { } own) return own;
        if (Microsoft.AspNetCore.SignalR.GetHttpContextExtensions.GetHttpContext(context)?.Request.Query["council"].ToString() is { Length: > 0 } asked
            && await CouncilExistsAsync(asked)) return asked;
        return await SoleCouncilAsync();
    }

    public async Task<List<string>> HallsAsync(string councilId)
    {
        await using var ctx = await db.CreateDbContextAsync();
        return await ctx.Halls.AsNoTracking().Where(h => h.CouncilId == councilId).OrderBy(h => h.Id).Select(h => h.Id).ToListAsync();
    }

    public async Task<int[]> SeatNumbersAsync(string hallId)
    {
        await using var ctx = await db.CreateDbContextAsync();
        return await ctx.Seats.AsNoTracking().Where(s => s.HallId == hallId).OrderBy(s => s.Number).Select(s => s.Number).ToArrayAsync();
    }

    public async Task<string?> DeputyByCardAsync(string councilId, string card)
    {
        var uid = NormalizeCard(card);
        await using var ctx = await db.CreateDbContextAsync();
        return (await ctx.Cards.AsNoTracking().FirstOrDefaultAsync(c => c.Uid == uid && c.CouncilId == councilId))?.DeputyId;
    }

    /// <summary>
    /// Checks a PIN against one deputy of the council, never against the others (issue 10): null when the council has
    /// no such deputy; otherwise the deputy's name and whether the PIN is theirs (compared in fixed time).
    /// </summary>
    public async Task<(string Name, bool Matches)?> CheckPinAsync(string councilId, string deputyId, string pin)
    {
        var hash = Encoding.ASCII.GetBytes(secrets.PinHash(pin));
        await using var ctx = await db.CreateDbContextAsync();
        var deputy = await ctx.Deputies.AsNoTracking().Where(d => d.Id == deputyId && d.CouncilId == councilId)
            .Select(d => new { d.FullName, d.PinHash }).FirstOrDefaultAsync();
        if (deputy is null) return null;
        var stored = Encoding.ASCII.GetBytes(deputy.PinHash ?? new string('-', hash.Length));
        return (deputy.FullName, CryptographicOperations.FixedTimeEquals(hash, stored) && deputy.PinHash is not null);
    }

    public static string NormalizeCard(string card) => card.Replace(":", "").Replace(" ", "").Replace("-", "").Trim().ToUpperInvariant();

    public async Task<Terminal?> TerminalByKeyAsync(string key)
    {
        var hash = secrets.KeyHash(key);
        await using var ctx = await db.CreateDbContextAsync();
        var t = await ctx.Terminals.AsNoTracking().FirstOrDefaultAsync(x => x.KeyHash == hash && x.RevokedAt == null);
        return t is null ? null : ToTerminal(t);
    }

    private static Terminal ToTerminal(TerminalEntity t) =>
        new(t.Id, t.Kind, t.Seats.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray(), t.Label, t.CouncilId, t.HallId);

    /// <summary>Issues a terminal key for a hall; the key is returned once and stored only as an HMAC.</summary>
    public async Task<(Terminal Terminal, string Key)> IssueTerminalAsync(string councilId, string hallId, string kind, int[] seats, string label, string? key = null)
    {
        key ??= Secrets.NewKey();
        var entity = new TerminalEntity
        {
            Id = "t-" + Guid.NewGuid().ToString("N")[..10],
            KeyHash = secrets.KeyHash(key),
            Kind = kind,
            CouncilId = councilId,
            HallId = hallId,
            Seats = string.Join(',', seats.Distinct().Order()),
            Label = label,
            CreatedAt = clock.GetUtcNow(),
        };
        await using var ctx = await db.CreateDbContextAsync();
        ctx.Terminals.Add(entity);
        await ctx.SaveChangesAsync();
        return (ToTerminal(entity), key);
    }

    public async Task<bool> RevokeTerminalAsync(string councilId, string terminalId)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var t = await ctx.Terminals.FirstOrDefaultAsync(x => x.Id == terminalId && x.CouncilId == councilId);
        if (t is null || t.RevokedAt is not null) return false;
        t.RevokedAt = clock.GetUtcNow();
        await ctx.SaveChangesAsync();
        return true;
    }

    /// <summary>Revokes a council's live remote keys with this label (one device's), or of a hall (its sitting closed); their ids.</summary>
    public async Task<List<string>> RevokeRemoteTerminalsAsync(string councilId, string? label = null, string? hallId = null)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var rows = await ctx.Terminals.Where(t => t.CouncilId == councilId && t.Kind == TerminalKinds.Remote && t.RevokedAt == null
            && (label == null || t.Label == label) && (hallId == null || t.HallId == hallId)).ToListAsync();
        foreach (var t in rows) t.RevokedAt = clock.GetUtcNow();
        await ctx.SaveChangesAsync();
        return rows.Select(t => t.Id).ToList();
    }

    public async Task<bool> IsRevokedAsync(string terminalId)
    {
        await using var ctx = await db.CreateDbContextAsync();
        return await ctx.Terminals.AsNoTracking().AnyAsync(x => x.Id == terminalId && x.RevokedAt != null);
    }

    public async Task<List<Terminal>> TerminalsAsync(string councilId, string? hallId = null)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var rows = await ctx.Terminals.AsNoTracking()
            .Where(t => t.RevokedAt == null && t.CouncilId == councilId && (hallId == null || t.HallId == hallId)).ToListAsync();
        return rows.Select(ToTerminal).ToList();
    }

    public async Task SetAccountAsync(string login, string password, string role, string? councilId)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var account = await ctx.Accounts.FirstOrDefaultAsync(a => a.Login == login);
        // The demo sets its secretary's password from the environment at every start: when the stored hash already
        // verifies it, the account is as asked, and a restart does not wait for a new hash and a write (issue 12).
        if (account is not null && account.Role == role && account.CouncilId == councilId
            && Passwords.Verify(password, account.PasswordHash) == PasswordCheck.Right) return;
        if (account is null) ctx.Accounts.Add(new AccountEntity { Login = login, PasswordHash = Passwords.Hash(password), Role = role, CouncilId = councilId });
        else { account.PasswordHash = Passwords.Hash(password); account.Role = role; account.CouncilId = councilId; }
        await ctx.SaveChangesAsync();
    }

    /// <summary>
    /// The opening event of a sitting: the roster as the registry holds it on the sitting's date — the mandates held
    /// that day (a committee: its members), the council's factions, the hall's seats. Published facts only.
    /// </summary>
    public async Task<SittingOpened> OpeningOfAsync(string sittingId, bool firstPressFinal = false)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var sitting = await ctx.Sittings.AsNoTracking().SingleAsync(s => s.Id == sittingId);
        var council = await ctx.Councils.AsNoTracking().SingleAsync(c => c.Id == sitting.CouncilId);
        var body = await ctx.Bodies.AsNoTracking().SingleAsync(b => b.Id == sitting.BodyId);
        var session = sitting.SessionId is null ? null : await ctx.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sitting.SessionId);
        var convocation = await ctx.Convocations.AsNoTracking().Where(c => c.CouncilId == council.Id && c.DateFrom <= sitting.Date)
            .OrderByDescending(c => c.Number).FirstOrDefaultAsync();
        var factions = await ctx.Factions.AsNoTracking().Where(f => f.CouncilId == council.Id).OrderBy(f => f.Id).ToListAsync();
        var deputies = (await ctx.Deputies.AsNoTracking().Where(d => d.CouncilId == council.Id).OrderBy(d => d.SortOrder).ThenBy(d => d.FullName).ToListAsync())
            .Where(d => d.HoldsMandateOn(sitting.Date)).ToList();
        int composition = council.Composition;
        BodyInfo info;
        if (body.Kind == BodyRules.Committee)
        {
            var members = await ctx.BodyMembers.AsNoTracking().Where(m => m.BodyId == body.Id).Select(m => m.DeputyId).ToListAsync();
            deputies = deputies.Where(d => members.Contains(d.Id)).ToList();
            composition = members.Count;
            info = new BodyInfo(body.Id, body.Name, BodyRules.Committee, composition, council.Edrpou, council.Katottg, convocation?.Number ?? 0,
                council.Id, council.Name, body.QuorumRule);
        }
        else
        {
            info = new BodyInfo(council.Id, council.Name, "council", composition, council.Edrpou, council.Katottg, convocation?.Number ?? 0,
                council.Id, council.Name, body.QuorumRule == BodyRules.MoreThanHalf ? null : body.QuorumRule);
        }
        var seats = await ctx.Seats.AsNoTracking().Where(s => s.HallId == sitting.HallId).OrderBy(s => s.Number).ToListAsync();
        var roster = new Roster(
            info,
            deputies.Select(d => new DeputyRef(d.Id, d.FullName, d.FactionId, d.IsHead && body.Kind != BodyRules.Committee)).ToArray(),
            factions.Select(f => new Faction(f.Id, f.Name)).ToArray(),
            seats.Select(s => new Seat(s.Number, s.Label)).ToArray());
        // A mixed or remote sitting gives every deputy of the roster a remote place too (RemoteSeats).
        if (SittingModes.AllowsRemote(sitting.Mode)) roster = roster with { Seats = [.. roster.Seats, .. RemoteSeats.For(roster.Deputies)] };
        return new SittingOpened(sitting.Id, roster, session?.Number ?? 0, session?.Title ?? body.Name, sitting.Number, sitting.Place, sitting.Date,
            firstPressFinal, sitting.HallId, SittingModes.AllowsRemote(sitting.Mode) ? sitting.Mode : null);
    }

    public async Task<List<SittingEntity>> SittingsAsync(string? councilId = null)
    {
        await using var ctx = await db.CreateDbContextAsync();
        return await ctx.Sittings.AsNoTracking().Where(s => councilId == null || s.CouncilId == councilId)
            .OrderBy(s => s.Date).ThenBy(s => s.Number).ToListAsync();
    }

    public async Task<List<SessionEntity>> SessionsAsync(string? councilId = null)
    {
        await using var ctx = await db.CreateDbContextAsync();
        return await ctx.Sessions.AsNoTracking().Where(s => councilId == null || s.CouncilId == councilId).OrderBy(s => s.Number).ToListAsync();
    }

    /// <summary>
    /// Marks a sitting closed and frees its hall for the next one; returns the hall when it changed anything. The close
    /// is seen at once by the lifecycle, the open-data publisher and (at start) the demo: one UPDATE each, decided by the
    /// database, rather than a read and a write in a transaction — on SQLite two such transactions racing end in
    /// "database is locked" for the one whose snapshot went stale while it waited.
    /// </summary>
    public async Task<string?> MarkClosedAsync(string sittingId)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var changed = await ctx.Sittings
            .Where(x => x.Id == sittingId && (x.Status != SittingStatus.Closed || x.IsCurrent))
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, SittingStatus.Closed).SetProperty(x => x.IsCurrent, false));
        if (changed == 0) return null;
        return await ctx.Sittings.Where(x => x.Id == sittingId).Select(x => x.HallId).SingleAsync();
    }
}
