using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Session.Core.Voting;
using Session.HallServer.Storage;
using static Session.HallServer.Registry.RegistryAccess;

namespace Session.HallServer.Registry;

/// <summary>Bodies (the plenary and standing committees with their members and rules), halls with seat plans, and hall terminal keys.</summary>
public static class BodiesAndHallsApi
{
    public static RouteGroupBuilder MapBodiesAndHallsApi(this RouteGroupBuilder c)
    {
        c.MapGet("/bodies", async (string council, IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            var row = await CouncilsApi.Find(ctx, council);
            var bodies = await ctx.Bodies.AsNoTracking().Where(b => b.CouncilId == council).OrderBy(b => b.Kind == BodyRules.Plenary ? 0 : 1).ThenBy(b => b.Name).ToListAsync();
            var ids = bodies.Select(b => b.Id).ToList();
            var members = await ctx.BodyMembers.AsNoTracking().Where(m => ids.Contains(m.BodyId)).ToListAsync();
            return TypedResults.Ok(bodies.Select(b => ToDto(b, row, members)).ToArray());
        }).WithName("Bodies");

        c.MapPost("/bodies", async Task<Created<BodyDto>> (string council, BodyDto r, RegistryWriter writer, HttpContext http) =>
        {
            var dto = await writer.WriteAsync(council, ActorOf(http), "body.create", r.Name ?? "", async ctx =>
            {
                var row = await CouncilsApi.Find(ctx, council);
                var name = Check.Text(r.Name, "name", "Назва", "Name");
                var id = r.Id is null ? council + "-" + Check.Slug(name, "committee") : Check.Id(r.Id);
                if (await ctx.Bodies.AnyAsync(b => b.Id == id)) throw Refuse.Conflict("body-exists", $"Орган «{id}» вже є", $"The body '{id}' exists", "id");
                var body = new BodyEntity { Id = id, CouncilId = council, Kind = BodyRules.Committee, Name = name };
                ApplyRules(body, r);
                ctx.Bodies.Add(body);
                await SetMembersAsync(ctx, council, body, r.Members ?? []);
                return ToDto(body, row, ctx.BodyMembers.Local.Where(m => m.BodyId == id).ToList());
            }, x => x);
            return TypedResults.Created($"/api/councils/{council}/bodies/{dto.Id}", dto);
        }).Require(Level.Staff).WithName("CreateBody");

        c.MapPut("/bodies/{id}", async (string council, string id, BodyDto r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "body.update", id, async ctx =>
            {
                var row = await CouncilsApi.Find(ctx, council);
                var body = await FindAsync(ctx, council, id);
                if (body.Kind == BodyRules.Committee) body.Name = Check.Text(r.Name, "name", "Назва", "Name");
                ApplyRules(body, r);
                if (r.Members is not null && body.Kind == BodyRules.Committee) await SetMembersAsync(ctx, council, body, r.Members);
                await ctx.SaveChangesAsync();
                return ToDto(body, row, await ctx.BodyMembers.Where(m => m.BodyId == id).ToListAsync());
            }, x => x))).Require(Level.Staff).WithName("UpdateBody");

        c.MapPut("/bodies/{id}/members", async (string council, string id, MembersRequest r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "body.members", id, async ctx =>
            {
                var row = await CouncilsApi.Find(ctx, council);
                var body = await FindAsync(ctx, council, id);
                if (body.Kind != BodyRules.Committee)
                    throw Refuse.Bad("plenary-members", "Склад пленарного засідання — усі депутати ради", "The plenary's members are all the council's deputies");
                await SetMembersAsync(ctx, council, body, r.Members ?? []);
                await ctx.SaveChangesAsync();
                return ToDto(body, row, await ctx.BodyMembers.Where(m => m.BodyId == id).ToListAsync());
            }, x => x))).Require(Level.Staff).WithName("SetMembers");

        c.MapDelete("/bodies/{id}", async (string council, string id, RegistryWriter writer, HttpContext http) =>
        {
            await writer.WriteAsync(council, ActorOf(http), "body.delete", id, async ctx =>
            {
                var body = await FindAsync(ctx, council, id);
                if (body.Kind == BodyRules.Plenary) throw Refuse.Bad("plenary-delete", "Пленарне засідання не видаляється", "The plenary cannot be deleted");
                if (await ctx.Sittings.AnyAsync(s => s.BodyId == id))
                    throw Refuse.Conflict("body-has-sittings", "Орган має засідання: видалити не можна", "The body has sittings and cannot be deleted");
                ctx.BodyMembers.RemoveRange(ctx.BodyMembers.Where(m => m.BodyId == id));
                ctx.Bodies.Remove(body);
                return true;
            });
            return TypedResults.NoContent();
        }).Require(Level.Staff).WithName("DeleteBody");

        c.MapGet("/halls", async (string council, IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            await CouncilsApi.Find(ctx, council);
            var halls = await ctx.Halls.AsNoTracking().Where(h => h.CouncilId == council).OrderBy(h => h.Name).ToListAsync();
            var seats = await ctx.Seats.AsNoTracking().Where(s => s.CouncilId == council).ToListAsync();
            return TypedResults.Ok(halls.Select(h => ToDto(h, seats)).ToArray());
        }).WithName("Halls");

        c.MapPost("/halls", async Task<Created<HallDto>> (string council, HallDto r, RegistryWriter writer, HttpContext http) =>
        {
            var dto = await writer.WriteAsync(council, ActorOf(http), "hall.create", r.Name ?? "", async ctx =>
            {
                await CouncilsApi.Find(ctx, council);
                var name = Check.Text(r.Name, "name", "Назва зали", "Hall name");
                var id = r.Id is null ? council + "-" + Check.Slug(name, "hall") : Check.Id(r.Id);
                if (await ctx.Halls.AnyAsync(h => h.Id == id)) id += "-" + Guid.NewGuid().ToString("N")[..4];
                var hall = new HallEntity { Id = id, CouncilId = council, Name = name, Place = Check.Optional(r.Place, "place", "Місце", "Place") ?? "" };
                ctx.Halls.Add(hall);
                var seats = SeatsOf(council, id, r.Seats);
                ctx.Seats.AddRange(seats);
                return ToDto(hall, seats);
            }, x => new { x.Id, x.Name, seats = x.Seats!.Length });
            return TypedResults.Created($"/api/councils/{council}/halls/{dto.Id}", dto);
        }).Require(Level.Staff).WithName("CreateHall");

        c.MapPut("/halls/{id}", async (string council, string id, HallDto r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "hall.update", id, async ctx =>
            {
                var hall = await ctx.Halls.FirstOrDefaultAsync(h => h.Id == id && h.CouncilId == council) ?? throw Refuse.NotFound("зала", id);
                hall.Name = Check.Text(r.Name, "name", "Назва зали", "Hall name");
                hall.Place = Check.Optional(r.Place, "place", "Місце", "Place") ?? "";
                var seats = SeatsOf(council, id, r.Seats);
                if (await ctx.Sittings.AnyAsync(s => s.HallId == id && s.IsCurrent))
                    throw Refuse.Conflict("hall-busy", "У залі триває засідання: план місць змінювати не можна", "A sitting is open in the hall: its seat plan cannot change");
                ctx.Seats.RemoveRange(ctx.Seats.Where(s => s.HallId == id));
                await ctx.SaveChangesAsync();
                ctx.Seats.AddRange(seats);
                return ToDto(hall, seats);
            }, x => new { x.Id, x.Name, seats = x.Seats!.Length }))).Require(Level.Staff).WithName("UpdateHall");

        c.MapDelete("/halls/{id}", async (string council, string id, RegistryWriter writer, HttpContext http) =>
        {
            await writer.WriteAsync(council, ActorOf(http), "hall.delete", id, async ctx =>
            {
                var hall = await ctx.Halls.FirstOrDefaultAsync(h => h.Id == id && h.CouncilId == council) ?? throw Refuse.NotFound("зала", id);
                if (await ctx.Sittings.AnyAsync(s => s.HallId == id))
                    throw Refuse.Conflict("hall-has-sittings", "У залі заплановано або проведено засідання: видалити не можна", "The hall has sittings and cannot be deleted");
                ctx.Seats.RemoveRange(ctx.Seats.Where(s => s.HallId == id));
                ctx.Halls.Remove(hall);
                return true;
            });
            return TypedResults.NoContent();
        }).Require(Level.Staff).WithName("DeleteHall");

        c.MapGet("/halls/{hallId}/terminals", async (string council, string hallId, HallDirectory dir) =>
            TypedResults.Ok((await dir.TerminalsAsync(council, hallId)).Select(t => new TerminalDto(t.Id, t.Kind, t.Seats, t.Label, t.HallId)).ToArray()))
            .Require(Level.Staff).WithName("HallTerminals");

        c.MapPost("/halls/{hallId}/terminals", async (string council, string hallId, HallTerminalRequest r, HallDirectory dir, RegistryWriter writer, HttpContext http) =>
        {
            if (!TerminalKinds.Valid(r.Kind)) throw Refuse.Invalid("kind", "Тип термінала: tablet, gateway або broadcast", "Terminal kind: tablet, gateway or broadcast");
            if (r.Kind == TerminalKinds.Tablet && (r.Seats is null || r.Seats.Length != 1))
                throw Refuse.Invalid("seats", "Планшет обслуговує рівно одне місце", "A tablet serves exactly one seat");
            if (!(await dir.HallsAsync(council)).Contains(hallId)) throw Refuse.NotFound("зала", hallId);
            var (t, key) = await dir.IssueTerminalAsync(council, hallId, r.Kind, r.Seats ?? [], Check.Optional(r.Label, "label", "Підпис", "Label", 100) ?? "");
            await writer.WriteAsync(council, ActorOf(http), "terminal.issue", t.Id, _ => Task.FromResult(true), _ => new { t.Kind, t.Seats, hallId });
            return TypedResults.Ok(new Session.Core.Wire.IssuedTerminal(t.Id, key, t.Kind, t.Seats));
        }).Require(Level.Staff).WithName("IssueHallTerminal");

        c.MapDelete("/terminals/{terminalId}", async Task<Results<NoContent, NotFound>> (string council, string terminalId, HallDirectory dir, RegistryWriter writer, HttpContext http) =>
        {
            if (!await dir.RevokeTerminalAsync(council, terminalId)) return TypedResults.NotFound();
            await writer.WriteAsync(council, ActorOf(http), "terminal.revoke", terminalId, _ => Task.FromResult(true));
            return TypedResults.NoContent();
        }).Require(Level.Staff).WithName("RevokeHallTerminal");
        return c;
    }

    private static async Task<BodyEntity> FindAsync(RegistryDb ctx, string council, string id) =>
        await ctx.Bodies.FirstOrDefaultAsync(b => b.Id == id && b.CouncilId == council) ?? throw Refuse.NotFound("орган", id);

    private static void ApplyRules(BodyEntity body, BodyDto r)
    {
        if (r.QuorumRule is not null)
            body.QuorumRule = r.QuorumRule is BodyRules.MoreThanHalf or BodyRules.AtLeastHalf ? r.QuorumRule
                : throw Refuse.Invalid("quorumRule", "Кворум: more-than-half або at-least-half", "Quorum: more-than-half or at-least-half");
        if (r.DefaultRule is not null)
            body.DefaultRule = VoteRule.ByCode(r.DefaultRule) is not null ? r.DefaultRule
                : throw Refuse.Invalid("defaultRule", "Невідоме правило голосування", "Unknown vote rule");
    }

    /// <summary>art. 47 and DOMAIN.md: a committee is elected from the council's deputies; the head is not a member.</summary>
    private static async Task SetMembersAsync(RegistryDb ctx, string council, BodyEntity body, MemberDto[] members)
    {
        if (members.Length > 200) throw Refuse.Invalid("members", "Забагато членів", "Too many members");
        if (members.Select(m => m.DeputyId).Distinct().Count() != members.Length)
            throw Refuse.Bad("duplicate-member", "Депутата вказано двічі", "A deputy is listed twice", "members");
        var ids = members.Select(m => m.DeputyId).ToList();
        var deputies = await ctx.Deputies.Where(d => d.CouncilId == council && ids.Contains(d.Id)).ToListAsync();
        if (deputies.Count != ids.Count) throw Refuse.Invalid("members", "Серед членів є невідомий депутат", "A member is not a deputy of the council");
        if (deputies.FirstOrDefault(d => d.IsHead) is { } head)
            throw Refuse.Bad("head-in-committee", $"Голова ради ({head.FullName}) не може бути членом постійної комісії", $"The head ({head.FullName}) cannot be a member of a standing committee", "members");
        if (members.Any(m => !BodyRules.MemberRoles.Contains(m.Role ?? "member")))
            throw Refuse.Invalid("members", "Роль члена: chair, deputy-chair, secretary або member", "Member role: chair, deputy-chair, secretary or member");
        if (members.Count(m => m.Role == "chair") > 1) throw Refuse.Bad("two-chairs", "Голова комісії може бути лише один", "A committee has one chair", "members");
        ctx.BodyMembers.RemoveRange(ctx.BodyMembers.Where(m => m.BodyId == body.Id));
        await ctx.SaveChangesAsync();
        ctx.BodyMembers.AddRange(members.Select(m => new BodyMemberEntity { BodyId = body.Id, DeputyId = m.DeputyId, Role = m.Role ?? "member" }));
    }

    private static List<SeatEntity> SeatsOf(string council, string hallId, SeatDto[]? seats)
    {
        if (seats is null || seats.Length == 0)
            throw Refuse.Bad("hall-without-seats", "У залі має бути хоча б одне місце", "A hall needs at least one seat", "seats");
        if (seats.Length > 999) throw Refuse.Invalid("seats", "Не більше 999 місць", "At most 999 seats");
        if (seats.Select(s => s.Number).Distinct().Count() != seats.Length)
            throw Refuse.Bad("duplicate-seat", "Номери місць повторюються", "Seat numbers repeat", "seats");
        return seats.Select(s => new SeatEntity
        {
            HallId = hallId, CouncilId = council,
            Number = Check.Range(s.Number, 1, 999, "seats", "Номер місця", "Seat number"),
            Label = Check.Optional(s.Label, "seats", "Підпис місця", "Seat label", 16) ?? s.Number.ToString(),
            X = s.X is >= 0 and <= 100 ? s.X : throw Refuse.Invalid("seats", "Положення місця: 0–100 %", "Seat position: 0–100 %"),
            Y = s.Y is >= 0 and <= 100 ? s.Y : throw Refuse.Invalid("seats", "Положення місця: 0–100 %", "Seat position: 0–100 %"),
        }).OrderBy(s => s.Number).ToList();
    }

    public static BodyDto ToDto(BodyEntity b, CouncilEntity council, List<BodyMemberEntity> members)
    {
        var own = members.Where(m => m.BodyId == b.Id).Select(m => new MemberDto(m.DeputyId, m.Role)).ToArray();
        return new BodyDto(b.Id, b.Kind, b.Name, b.Kind == BodyRules.Plenary ? council.Composition : own.Length, b.QuorumRule, b.DefaultRule, own);
    }

    public static HallDto ToDto(HallEntity h, List<SeatEntity> seats) => new(h.Id, h.Name, h.Place,
        seats.Where(s => s.HallId == h.Id).OrderBy(s => s.Number).Select(s => new SeatDto(s.Number, s.Label, s.X, s.Y)).ToArray());
}
