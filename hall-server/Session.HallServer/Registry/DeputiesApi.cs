using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Session.Core.Journal;
using Session.HallServer.Auth;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;
using static Session.HallServer.Registry.RegistryAccess;

namespace Session.HallServer.Registry;

/// <summary>Deputies and their mandates, the CSV import, PINs and cards (docs/registry-api.md).</summary>
public static class DeputiesApi
{
    public static RouteGroupBuilder MapDeputiesApi(this RouteGroupBuilder c)
    {
        c.MapGet("/deputies", async (string council, bool? current, HttpContext http, IDbContextFactory<RegistryDb> db, TimeProvider clock) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            await CouncilsApi.Find(ctx, council);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var rows = (await ctx.Deputies.AsNoTracking().Where(d => d.CouncilId == council).OrderBy(d => d.SortOrder).ThenBy(d => d.FullName).ToListAsync())
                .Where(d => current != true || d.HoldsMandateOn(today)).ToList();
            bool admin = Allows(http.User, council, Level.Admin);
            var cards = admin ? await ctx.Cards.AsNoTracking().Where(x => x.CouncilId == council).ToListAsync() : [];
            return TypedResults.Ok(rows.Select(d => ToDto(d, admin, cards)).ToArray());
        }).WithName("Deputies");

        c.MapPost("/deputies", async Task<Created<DeputyDto>> (string council, DeputyDto r, RegistryWriter writer, HttpContext http) =>
        {
            var dto = await writer.WriteAsync(council, ActorOf(http), "deputy.create", r.FullName ?? "", async ctx =>
            {
                await CouncilsApi.Find(ctx, council);
                var name = Check.Text(r.FullName, "fullName", "ПІБ", "Full name");
                if (await ctx.Deputies.AnyAsync(d => d.CouncilId == council && d.FullName == name && d.MandateEnd == null))
                    throw Refuse.Conflict("duplicate-deputy", $"Депутат «{name}» вже є в реєстрі", $"Deputy '{name}' is already in the registry", "fullName");
                var id = r.Id is null ? await NewIdAsync(ctx, council, name) : Check.Id(r.Id);
                if (await ctx.Deputies.AnyAsync(d => d.Id == id)) throw Refuse.Conflict("duplicate-deputy", $"Ідентифікатор «{id}» зайнятий", $"The id '{id}' is taken", "id");
                var row = new DeputyEntity { Id = id, CouncilId = council, FullName = name, SortOrder = await ctx.Deputies.CountAsync(d => d.CouncilId == council) + 1 };
                await ApplyAsync(ctx, council, row, r);
                ctx.Deputies.Add(row);
                return ToDto(row, false, []);
            }, x => x);
            return TypedResults.Created($"/api/councils/{council}/deputies/{dto.Id}", dto);
        }).Require(Level.Staff).WithName("CreateDeputy");

        c.MapPut("/deputies/{id}", async (string council, string id, DeputyDto r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "deputy.update", id, async ctx =>
            {
                var row = await FindAsync(ctx, council, id);
                var name = Check.Text(r.FullName, "fullName", "ПІБ", "Full name");
                if (await ctx.Deputies.AnyAsync(d => d.CouncilId == council && d.Id != id && d.FullName == name && d.MandateEnd == null))
                    throw Refuse.Conflict("duplicate-deputy", $"Депутат «{name}» вже є в реєстрі", $"Deputy '{name}' is already in the registry", "fullName");
                row.FullName = name;
                await ApplyAsync(ctx, council, row, r);
                return ToDto(row, false, []);
            }, x => x))).Require(Level.Staff).WithName("UpdateDeputy");

        c.MapPost("/deputies/{id}/end-mandate", async (string council, string id, EndMandateRequest r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "deputy.end-mandate", id, async ctx =>
            {
                var row = await FindAsync(ctx, council, id);
                if (r.Date < row.MandateStart)
                    throw Refuse.Bad("mandate-ends-before-start", "Повноваження не можуть закінчитися раніше, ніж почалися", "A mandate cannot end before it starts", "date");
                row.MandateEnd = r.Date;
                row.MandateEndReason = Check.Text(r.Reason, "reason", "Підстава", "Reason");
                return ToDto(row, false, []);
            }, x => x))).Require(Level.Staff).WithName("EndMandate");

        c.MapDelete("/deputies/{id}", async (string council, string id, RegistryWriter writer, IJournalStore journal, HttpContext http) =>
        {
            await writer.WriteAsync(council, ActorOf(http), "deputy.delete", id, async ctx =>
            {
                var row = await FindAsync(ctx, council, id);
                var sittings = await ctx.Sittings.AsNoTracking().Where(s => s.CouncilId == council && s.Status != SittingStatus.Planned).Select(s => s.Id).ToListAsync();
                if (sittings.Any(s => journal.Read(s).FirstOrDefault()?.Event is SittingOpened o && o.Roster.Deputy(id) is not null))
                    throw Refuse.Conflict("deputy-in-roll-call",
                        "Депутат є в поіменних результатах засідань: видалити не можна, припиніть повноваження",
                        "The deputy is in published roll calls: end the mandate instead of deleting");
                ctx.Cards.RemoveRange(ctx.Cards.Where(x => x.DeputyId == id));
                ctx.BodyMembers.RemoveRange(ctx.BodyMembers.Where(x => x.DeputyId == id));
                ctx.Deputies.Remove(row);
                return true;
            });
            return TypedResults.NoContent();
        }).Require(Level.Staff).WithName("DeleteDeputy");

        c.MapPost("/deputies/{id}/pin", async (string council, string id, PinRequest? r, RegistryWriter writer, Secrets secrets, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "deputy.pin", id, async ctx =>
            {
                var row = await FindAsync(ctx, council, id);
                string pin;
                if (!string.IsNullOrEmpty(r?.Pin))
                {
                    pin = r.Pin.Trim();
                    if (pin.Length is < 4 or > 8 || !pin.All(char.IsAsciiDigit)) throw Refuse.Invalid("pin", "PIN: від 4 до 8 цифр", "PIN: 4 to 8 digits");
                    var hash = secrets.PinHash(pin);
                    if (await ctx.Deputies.AnyAsync(d => d.CouncilId == council && d.Id != id && d.PinHash == hash))
                        throw Refuse.Conflict("pin-in-use", "Цей PIN уже має інший депутат ради", "Another deputy of the council has this PIN", "pin");
                }
                else
                {
                    do pin = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
                    while (await ctx.Deputies.AnyAsync(d => d.CouncilId == council && d.PinHash == secrets.PinHash(pin)));
                }
                row.PinHash = secrets.PinHash(pin);
                return new PinIssued(pin);
            }))).Require(Level.Admin).WithName("IssuePin"); // the audit records that a PIN was issued, never the PIN

        c.MapPut("/deputies", async Task<Results<Ok<ImportReport>, BadRequest<ImportReport>>> (string council, bool? dryRun, HttpRequest request, RegistryWriter writer, TimeProvider clock, HttpContext http, Microsoft.Extensions.Options.IOptions<Hosting.HallOptions> o) =>
        {
            if (request.ContentLength > o.Value.MaxDocumentBytes)
                throw Refuse.Bad("too-large", "Файл завеликий", "The file is too large");
            using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
            var text = await ReadBoundedAsync(reader, o.Value.MaxDocumentBytes);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            ImportReport? refused = null;
            try
            {
                var report = await writer.WriteAsync(council, ActorOf(http), "deputy.import", "deputies.csv", async ctx =>
                {
                    await CouncilsApi.Find(ctx, council);
                    var report = await DeputyImport.RunAsync(ctx, council, text, dryRun == true, today);
                    // A dry run is a check that succeeded, whatever it found; a commit with any bad row is refused whole.
                    if (dryRun == true) { refused = report; throw new DryRunDone(); }
                    if (report.Errors > 0) { refused = report; throw Refuse.Bad("import-refused", "У файлі є помилки", "The file has errors"); }
                    return report;
                }, x => new { x.Format, x.Created, x.Updated });
                return TypedResults.Ok(report);
            }
            catch (DryRunDone) { return TypedResults.Ok(refused!); }
            catch (RegistryException) when (refused is not null) { return TypedResults.BadRequest(refused); }
        }).Require(Level.Staff).Accepts<string>("text/csv").WithName("ImportDeputies");

        c.MapGet("/cards", async (string council, IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            return TypedResults.Ok((await ctx.Cards.AsNoTracking().Where(x => x.CouncilId == council).OrderBy(x => x.DeputyId).ToListAsync())
                .Select(x => new CardDto(x.Uid, x.DeputyId)).ToArray());
        }).Require(Level.Admin).WithName("Cards");

        c.MapGet("/cards/seen", (string council, CardSightings seen) => TypedResults.Ok(seen.Recent(council))).Require(Level.Admin).WithName("CardsSeen");

        c.MapPost("/cards", async (string council, CardDto r, RegistryWriter writer, CardSightings seen, HttpContext http) =>
        {
            var uid = HallDirectory.NormalizeCard(r.Uid ?? "");
            if (uid.Length is < 4 or > 32 || !uid.All(char.IsAsciiHexDigit)) throw Refuse.Invalid("uid", "UID картки: 4–32 шістнадцяткові цифри", "Card UID: 4–32 hex digits");
            var dto = await writer.WriteAsync(council, ActorOf(http), "card.bind", uid, async ctx =>
            {
                var deputy = await FindAsync(ctx, council, r.DeputyId);
                if (await ctx.Cards.FirstOrDefaultAsync(x => x.Uid == uid) is { } other)
                    throw Refuse.Conflict("card-in-use", "Цю картку вже видано іншому депутатові: спершу відкличте її", "This card is bound to another deputy: revoke it first", "uid");
                ctx.Cards.Add(new CardEntity { Uid = uid, CouncilId = council, DeputyId = deputy.Id });
                return new CardDto(uid, deputy.Id);
            }, x => x);
            seen.Bound(council, uid);
            return TypedResults.Ok(dto);
        }).Require(Level.Admin).WithName("BindCard");

        c.MapDelete("/cards/{uid}", async (string council, string uid, RegistryWriter writer, HttpContext http) =>
        {
            var u = HallDirectory.NormalizeCard(uid);
            await writer.WriteAsync(council, ActorOf(http), "card.revoke", u, async ctx =>
            {
                var row = await ctx.Cards.FirstOrDefaultAsync(x => x.Uid == u && x.CouncilId == council) ?? throw Refuse.NotFound("картка", u);
                ctx.Cards.Remove(row);
                return true;
            });
            return TypedResults.NoContent();
        }).Require(Level.Admin).WithName("RevokeCard");
        return c;
    }

    private sealed class DryRunDone : Exception;

    private static async Task<string> ReadBoundedAsync(StreamReader reader, long max)
    {
        var buffer = new char[8192];
        var sb = new System.Text.StringBuilder();
        int n;
        while ((n = await reader.ReadAsync(buffer)) > 0)
        {
            sb.Append(buffer, 0, n);
            if (sb.Length > max) throw Refuse.Bad("too-large", "Файл завеликий", "The file is too large");
        }
        return sb.ToString();
    }

    public static async Task<string> NewIdAsync(RegistryDb ctx, string council, string name)
    {
        var baseId = council + "-" + Check.Slug(name, "dep");
        var id = baseId;
        for (int n = 2; await ctx.Deputies.AnyAsync(d => d.Id == id) || ctx.Deputies.Local.Any(d => d.Id == id); n++) id = baseId + "-" + n;
        return id;
    }

    private static async Task<DeputyEntity> FindAsync(RegistryDb ctx, string council, string? id) =>
        await ctx.Deputies.FirstOrDefaultAsync(d => d.Id == id && d.CouncilId == council) ?? throw Refuse.NotFound("депутат", id ?? "");

    private static async Task ApplyAsync(RegistryDb ctx, string council, DeputyEntity row, DeputyDto r)
    {
        if (r.MandateEnd is { } end && end < r.MandateStart)
            throw Refuse.Bad("mandate-ends-before-start", "Повноваження закінчуються раніше, ніж починаються", "The mandate ends before it starts", "mandateEnd");
        if (r.MandateStart == default) throw Refuse.Required("mandateStart", "Початок повноважень", "Mandate start");
        if (r.FactionId is not null && !await ctx.Factions.AnyAsync(f => f.Id == r.FactionId && f.CouncilId == council))
            throw Refuse.Invalid("factionId", "Такої фракції немає", "No such faction");
        if (r.IsHead && await ctx.Deputies.AnyAsync(d => d.CouncilId == council && d.Id != row.Id && d.IsHead && d.MandateEnd == null))
            throw Refuse.Conflict("two-heads", "У реєстрі вже є голова ради", "The registry already has a head", "isHead");
        row.FactionId = r.FactionId;
        row.IsHead = r.IsHead;
        row.Gender = Check.Range(r.Gender, 0, 2, "gender", "Стать", "Gender");
        row.BirthDate = r.BirthDate;
        row.MandateStart = r.MandateStart;
        row.MandateEnd = r.MandateEnd;
        row.MandateEndReason = Check.Optional(r.MandateEndReason, "mandateEndReason", "Підстава", "Reason");
    }

    public static DeputyDto ToDto(DeputyEntity d, bool admin, List<CardEntity> cards) => new(
        d.Id, d.FullName, d.FactionId, d.IsHead, d.Gender, d.BirthDate, d.MandateStart, d.MandateEnd, d.MandateEndReason,
        admin && d.PinHash is not null, admin ? cards.Where(c => c.DeputyId == d.Id).Select(c => c.Uid).ToArray() : []);
}
