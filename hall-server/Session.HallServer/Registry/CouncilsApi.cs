using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Session.HallServer.Auth;
using Session.HallServer.Storage;
using static Session.HallServer.Registry.RegistryAccess;

namespace Session.HallServer.Registry;

/// <summary>Councils, convocations, factions, accounts, the first start and the audit chain (docs/registry-api.md).</summary>
public static class CouncilsApi
{
    public static RouteGroupBuilder MapCouncilsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/setup", async (SetupToken setup) => TypedResults.Ok(new SetupStatus(await setup.NeededAsync()))).WithName("SetupStatus");
        api.MapPost("/setup", async Task<Ok<Session.Core.Wire.LoginReply>> (SetupRequest r, SetupToken setup, HallDirectory dir, StaffSessions sessions) =>
        {
            await setup.CompleteAsync(r, dir);
            // The new admin's first login: limited to enrolling the second factor (docs/security.md).
            var login = (await sessions.LoginAsync(r.Login.Trim(), r.Password)).Result ?? throw new InvalidOperationException("the new admin cannot log in");
            return TypedResults.Ok(new Session.Core.Wire.LoginReply(login.Token, login.Role, login.Council, login.Next));
        }).WithName("Setup");

        api.MapGet("/councils", async (IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            return TypedResults.Ok((await ctx.Councils.AsNoTracking().OrderBy(c => c.Id).ToListAsync()).Select(ToDto).ToArray());
        }).WithName("Councils");

        api.MapPost("/councils", async Task<Created<CouncilDto>> (CouncilDto r, RegistryWriter writer, HallDirectory directory, HttpContext http) =>
        {
            var id = Check.CouncilId(r.Id);
            var council = Validated(r, id);
            await writer.WriteAsync(id, ActorOf(http), "council.create", id, async ctx =>
            {
                if (await ctx.Councils.AnyAsync(c => c.Id == id))
                    throw Refuse.Conflict("council-exists", $"Рада з ідентифікатором «{id}» вже є", $"A council with the id '{id}' exists", "id");
                ctx.Councils.Add(council);
                ctx.Bodies.Add(new BodyEntity { Id = id + "-plenary", CouncilId = id, Kind = BodyRules.Plenary, Name = council.Name });
                return council;
            }, c => ToDto(c));
            directory.CouncilsChanged();
            return TypedResults.Created($"/api/councils/{id}", ToDto(council));
        }).Require(Level.HostAdmin).WithName("CreateCouncil");

        var c = api.MapGroup("/councils/{council}");
        c.MapGet("", async (string council, IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            return TypedResults.Ok(ToDto(await Find(ctx, council)));
        }).WithName("Council");

        c.MapPut("", async (string council, CouncilDto r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(ToDto(await writer.WriteAsync(council, ActorOf(http), "council.update", council, async ctx =>
            {
                var row = await Find(ctx, council);
                var v = Validated(r, council);
                (row.Name, row.Edrpou, row.Katottg, row.Composition, row.PublicBaseUrl) = (v.Name, v.Edrpou, v.Katottg, v.Composition, v.PublicBaseUrl);
                var plenary = await ctx.Bodies.FirstOrDefaultAsync(b => b.CouncilId == council && b.Kind == BodyRules.Plenary);
                if (plenary is not null) plenary.Name = v.Name;
                return row;
            }, x => ToDto(x))))).Require(Level.Admin).WithName("UpdateCouncil");

        c.MapGet("/convocations", async (string council, IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            await Find(ctx, council);
            return TypedResults.Ok((await ctx.Convocations.AsNoTracking().Where(x => x.CouncilId == council).OrderBy(x => x.Number).ToListAsync())
                .Select(x => new ConvocationDto(x.Number, x.DateFrom, x.DateUntil, x.ActualEnd)).ToArray());
        }).WithName("Convocations");

        c.MapPost("/convocations", async (string council, ConvocationDto r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "convocation.save", r.Number.ToString(), async ctx =>
            {
                await Find(ctx, council);
                Check.Range(r.Number, 1, 99, "number", "Номер скликання", "Convocation number");
                if (r.DateUntil <= r.DateFrom) throw Refuse.Bad("dates-reversed", "Дата закінчення має бути пізніше за дату початку", "The end date must be after the start date", "dateUntil");
                if (r.ActualEnd is { } end && end < r.DateFrom) throw Refuse.Bad("dates-reversed", "Фактичне закінчення раніше за початок", "The actual end is before the start", "actualEnd");
                var row = await ctx.Convocations.FirstOrDefaultAsync(x => x.CouncilId == council && x.Number == r.Number);
                if (row is null) ctx.Convocations.Add(row = new ConvocationEntity { CouncilId = council, Number = r.Number });
                (row.DateFrom, row.DateUntil, row.ActualEnd) = (r.DateFrom, r.DateUntil, r.ActualEnd);
                return r;
            }, x => x))).Require(Level.Admin).WithName("SaveConvocation");

        c.MapGet("/factions", async (string council, IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            await Find(ctx, council);
            return TypedResults.Ok((await ctx.Factions.AsNoTracking().Where(f => f.CouncilId == council).OrderBy(f => f.Name).ToListAsync())
                .Select(f => new FactionDto(f.Id, f.Name)).ToArray());
        }).WithName("Factions");

        c.MapPost("/factions", async (string council, FactionDto r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "faction.create", r.Name ?? "", async ctx =>
            {
                await Find(ctx, council);
                return await AddFactionAsync(ctx, council, r.Name, r.Id);
            }, x => x))).Require(Level.Staff).WithName("CreateFaction");

        c.MapPut("/factions/{id}", async (string council, string id, FactionDto r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "faction.rename", id, async ctx =>
            {
                var row = await ctx.Factions.FirstOrDefaultAsync(f => f.Id == id && f.CouncilId == council) ?? throw Refuse.NotFound("фракція", id);
                row.Name = Check.Text(r.Name, "name", "Назва", "Name");
                return new FactionDto(row.Id, row.Name);
            }, x => x))).Require(Level.Staff).WithName("RenameFaction");

        c.MapDelete("/factions/{id}", async (string council, string id, RegistryWriter writer, HttpContext http) =>
        {
            await writer.WriteAsync(council, ActorOf(http), "faction.delete", id, async ctx =>
            {
                var row = await ctx.Factions.FirstOrDefaultAsync(f => f.Id == id && f.CouncilId == council) ?? throw Refuse.NotFound("фракція", id);
                if (await ctx.Deputies.AnyAsync(d => d.FactionId == id))
                    throw Refuse.Conflict("faction-not-empty", "У фракції є депутати: спершу змініть їхню фракцію", "The faction has deputies: change their faction first");
                ctx.Factions.Remove(row);
                return true;
            });
            return TypedResults.NoContent();
        }).Require(Level.Staff).WithName("DeleteFaction");

        c.MapGet("/accounts", async (string council, IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            var withFactor = (await ctx.SecondFactors.Where(f => f.ConfirmedAt != null).Select(f => f.Login).ToListAsync()).ToHashSet(StringComparer.Ordinal);
            return TypedResults.Ok((await ctx.Accounts.AsNoTracking().Where(a => a.CouncilId == council).OrderBy(a => a.Login).ToListAsync())
                .Select(a => new AccountDto(a.Login, a.Role, a.CouncilId, a.Disabled, withFactor.Contains(a.Login), a.MustChangePassword)).ToArray());
        }).Require(Level.Admin).WithName("Accounts");

        c.MapPost("/accounts", async (string council, NewAccount r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "account.create", r.Login ?? "", async ctx =>
            {
                await Find(ctx, council);
                var login = Accounts.Login(r.Login);
                var password = Accounts.Password(r.Password);
                if (!Roles.Assignable.Contains(r.Role)) throw Refuse.Invalid("role", "Роль: admin, secretary, chair, observer або captioner", "Role: admin, secretary, chair, observer or captioner");
                if (await ctx.Accounts.AnyAsync(a => a.Login == login)) throw Refuse.Conflict("login-taken", "Такий логін уже є", "The login is taken", "login");
                ctx.Accounts.Add(new AccountEntity { Login = login, PasswordHash = Passwords.Hash(password), Role = r.Role, CouncilId = council });
                return new AccountDto(login, r.Role, council);
            }, x => new { x.Login, x.Role }))).Require(Level.Admin).WithName("CreateAccount");

        c.MapDelete("/accounts/{login}", async (string council, string login, RegistryWriter writer, StaffSessions sessions, HttpContext http) =>
        {
            await writer.WriteAsync(council, ActorOf(http), "account.delete", login, async ctx =>
            {
                var row = await ctx.Accounts.FirstOrDefaultAsync(a => a.Login == login && a.CouncilId == council) ?? throw Refuse.NotFound("обліковий запис", login);
                ctx.Accounts.Remove(row);
                // Its sessions end with it.
                ctx.Tokens.RemoveRange(ctx.Tokens.Where(t => t.Login == login));
                SecondFactors.RemoveAll(ctx, login);
                return true;
            });
            sessions.AccountRevoked(login); // and its open consoles close now
            return TypedResults.NoContent();
        }).Require(Level.Admin).WithName("DeleteAccount");

        c.MapGet("/audit", async (string council, IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            return TypedResults.Ok((await ctx.Audit.AsNoTracking().Where(a => a.CouncilId == council).OrderBy(a => a.Seq).ToListAsync())
                .Select(AccountsApi.ToDto).ToArray());
        }).Require(Level.Observer).WithName("Audit");

        // Recomputes the council's chain from its first record: whether it holds, and where it breaks if not.
        c.MapGet("/audit/verify", async (string council, RegistryWriter writer, IDbContextFactory<RegistryDb> db) =>
        {
            var broken = await writer.VerifyAsync(council);
            await using var ctx = await db.CreateDbContextAsync();
            var last = await ctx.Audit.AsNoTracking().Where(a => a.CouncilId == council).OrderByDescending(a => a.Seq).FirstOrDefaultAsync();
            return TypedResults.Ok(new AuditVerifyDto(broken is null, last?.Seq ?? 0, last?.Hash ?? RegistryWriter.Genesis(council), broken));
        }).Require(Level.Observer).WithName("AuditVerify");
        return api;
    }

    public static async Task<FactionDto> AddFactionAsync(RegistryDb ctx, string council, string? name, string? id = null)
    {
        var n = Check.Text(name, "name", "Назва фракції", "Faction name");
        if (await ctx.Factions.AnyAsync(f => f.CouncilId == council && f.Name == n))
            throw Refuse.Conflict("faction-exists", $"Фракція «{n}» вже є", $"The faction '{n}' exists", "name");
        var fid = id is null ? council + "-" + Check.Slug(n, "f") : Check.Id(id);
        // Another name may make the same slug, also among factions added in this unit of work and not saved yet (an import).
        while (ctx.Factions.Local.Any(f => f.Id == fid) || await ctx.Factions.AnyAsync(f => f.Id == fid))
            fid = (id is null ? council + "-" + Check.Slug(n, "f") : Check.Id(id)) + "-" + Guid.NewGuid().ToString("N")[..4];
        ctx.Factions.Add(new FactionEntity { Id = fid, CouncilId = council, Name = n });
        return new FactionDto(fid, n);
    }

    public static async Task<CouncilEntity> Find(RegistryDb ctx, string council) =>
        await ctx.Councils.FirstOrDefaultAsync(c => c.Id == council) ?? throw Refuse.NotFound("рада", council);

    public static CouncilDto ToDto(CouncilEntity c) => new(c.Id, c.Name, c.Edrpou, c.Katottg, c.Composition, c.PublicBaseUrl);

    private static CouncilEntity Validated(CouncilDto r, string id) => new()
    {
        Id = id,
        Name = Check.Text(r.Name, "name", "Назва ради", "Council name"),
        Edrpou = Check.Edrpou(r.Edrpou),
        Katottg = Check.Katottg(r.Katottg),
        Composition = Check.Range(r.Composition, 5, 200, "composition", "Загальний склад", "Composition"),
        PublicBaseUrl = Check.BaseUrl(r.PublicBaseUrl),
    };
}
