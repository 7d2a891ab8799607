using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Session.Core.Council;
using Session.HallServer.Hosting;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;
using static Session.HallServer.Registry.RegistryAccess;

namespace Session.HallServer.Registry;

/// <summary>Sessions, sittings, their prepared agendas and documents; opening and closing (docs/registry-api.md).</summary>
public static class SittingsApi
{
    public static RouteGroupBuilder MapSittingsApi(this RouteGroupBuilder c)
    {
        c.MapGet("/sessions", async (string council, IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            await CouncilsApi.Find(ctx, council);
            return TypedResults.Ok((await ctx.Sessions.AsNoTracking().Where(s => s.CouncilId == council).OrderBy(s => s.Convocation).ThenBy(s => s.Number).ToListAsync())
                .Select(s => new SessionDto(s.Id, s.Number, s.Title, s.Convocation)).ToArray());
        }).WithName("CouncilSessions");

        c.MapPost("/sessions", async Task<Created<SessionDto>> (string council, SessionDto r, RegistryWriter writer, HttpContext http) =>
        {
            var dto = await writer.WriteAsync(council, ActorOf(http), "session.create", r.Number.ToString(), async ctx =>
            {
                await CouncilsApi.Find(ctx, council);
                Check.Range(r.Number, 1, 999, "number", "Номер сесії", "Session number");
                Check.Range(r.Convocation, 1, 99, "convocation", "Скликання", "Convocation");
                var id = $"{council}-{r.Convocation}-{r.Number}";
                if (await ctx.Sessions.AnyAsync(s => s.Id == id || (s.CouncilId == council && s.Convocation == r.Convocation && s.Number == r.Number)))
                    throw Refuse.Conflict("session-exists", $"Сесія {r.Number} цього скликання вже є", $"Session {r.Number} of this convocation exists", "number");
                var row = new SessionEntity { Id = id, CouncilId = council, Number = r.Number, Convocation = r.Convocation, Title = Check.Text(r.Title, "title", "Назва", "Title") };
                ctx.Sessions.Add(row);
                return new SessionDto(id, row.Number, row.Title, row.Convocation);
            }, x => x);
            return TypedResults.Created($"/api/councils/{council}/sessions/{dto.Id}", dto);
        }).Require(Level.Staff).WithName("CreateSession");

        c.MapPut("/sessions/{id}", async (string council, string id, SessionDto r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "session.update", id, async ctx =>
            {
                var row = await ctx.Sessions.FirstOrDefaultAsync(s => s.Id == id && s.CouncilId == council) ?? throw Refuse.NotFound("сесія", id);
                row.Title = Check.Text(r.Title, "title", "Назва", "Title");
                return new SessionDto(id, row.Number, row.Title, row.Convocation);
            }, x => x))).Require(Level.Staff).WithName("UpdateSession");

        c.MapGet("/sittings", async (string council, string? status, IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            await CouncilsApi.Find(ctx, council);
            var sittings = await ctx.Sittings.AsNoTracking().Where(s => s.CouncilId == council && (status == null || s.Status == status))
                .OrderBy(s => s.Date).ThenBy(s => s.Number).ToListAsync();
            return TypedResults.Ok(await ToDtosAsync(ctx, council, sittings));
        }).WithName("CouncilSittings");

        c.MapGet("/sittings/{id}", async (string council, string id, IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            var s = await FindAsync(ctx, council, id);
            return TypedResults.Ok((await ToDtosAsync(ctx, council, [s]))[0]);
        }).WithName("CouncilSitting");

        c.MapPost("/sittings", async Task<Created<SittingDto>> (string council, SittingDto r, RegistryWriter writer, HttpContext http) =>
        {
            var dto = await writer.WriteAsync(council, ActorOf(http), "sitting.plan", r.Date.ToString("yyyy-MM-dd"), async ctx =>
            {
                await CouncilsApi.Find(ctx, council);
                var row = new SittingEntity { Id = "", CouncilId = council, BodyId = "", HallId = "", Place = "" };
                await ApplyAsync(ctx, council, row, r);
                row.Id = await NewIdAsync(ctx, council, row);
                ctx.Sittings.Add(row);
                return (await ToDtosAsync(ctx, council, [row]))[0];
            }, x => new { x.Id, x.BodyId, x.HallId, x.Date });
            return TypedResults.Created($"/api/councils/{council}/sittings/{dto.Id}", dto);
        }).Require(Level.Staff).WithName("PlanSitting");

        c.MapPut("/sittings/{id}", async (string council, string id, SittingDto r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "sitting.update", id, async ctx =>
            {
                var row = await PlannedAsync(ctx, council, id);
                await ApplyAsync(ctx, council, row, r);
                return (await ToDtosAsync(ctx, council, [row]))[0];
            }, x => new { x.Id, x.BodyId, x.HallId, x.Date }))).Require(Level.Staff).WithName("UpdateSitting");

        c.MapDelete("/sittings/{id}", async (string council, string id, RegistryWriter writer, HttpContext http) =>
        {
            await writer.WriteAsync(council, ActorOf(http), "sitting.delete", id, async ctx =>
            {
                var row = await PlannedAsync(ctx, council, id);
                var items = await ctx.AgendaDrafts.Where(a => a.SittingId == id).ToListAsync();
                var itemIds = items.Select(i => i.Id).ToList();
                ctx.Documents.RemoveRange(ctx.Documents.Where(d => itemIds.Contains(d.ItemId)));
                ctx.AgendaDrafts.RemoveRange(items);
                ctx.Sittings.Remove(row);
                return true;
            });
            return TypedResults.NoContent();
        }).Require(Level.Staff).WithName("DeleteSitting");

        c.MapPost("/sittings/{id}/open", async (string council, string id, SittingLifecycle lifecycle, IDbContextFactory<RegistryDb> db, HttpContext http) =>
        {
            await lifecycle.OpenAsync(council, id, ActorOf(http));
            await using var ctx = await db.CreateDbContextAsync();
            return TypedResults.Ok((await ToDtosAsync(ctx, council, [await FindAsync(ctx, council, id)]))[0]);
        }).Require(Level.Staff).WithName("OpenSitting");

        c.MapPost("/sittings/{id}/close", async (string council, string id, CurrentSitting current, IDbContextFactory<RegistryDb> db, HttpContext http, RegistryWriter writer) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            var s = await FindAsync(ctx, council, id);
            if (s.Status != SittingStatus.Open) throw Refuse.Conflict("sitting-not-open", "Засідання не відкрите", "The sitting is not open");
            var answer = await current.Grain(id).Execute(new Session.Core.Sittings.CloseSitting());
            if (!answer.Accepted) throw Refuse.Conflict(answer.Code ?? "refused", answer.Uk ?? "", answer.En ?? "");
            await writer.WriteAsync(council, ActorOf(http), "sitting.close", id, _ => Task.FromResult(true));
            await Eventually(async () => (await FindAsync(ctx, council, id, fresh: true)).Status == SittingStatus.Closed);
            return TypedResults.Ok((await ToDtosAsync(ctx, council, [await FindAsync(ctx, council, id, fresh: true)]))[0]);
        }).Require(Level.Staff).WithName("CloseSitting");

        c.MapGet("/sittings/{id}/agenda", async (string council, string id, IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            var s = await FindAsync(ctx, council, id);
            return TypedResults.Ok((await ToDtosAsync(ctx, council, [s]))[0].Agenda!);
        }).WithName("Agenda");

        c.MapPost("/sittings/{id}/agenda", async (string council, string id, AgendaItemDto r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "agenda.add", id, async ctx =>
            {
                await PlannedAsync(ctx, council, id);
                var order = await ctx.AgendaDrafts.Where(a => a.SittingId == id).Select(a => (int?)a.Order).MaxAsync() ?? 0;
                var item = new AgendaDraftEntity { Id = "i-" + Guid.NewGuid().ToString("N")[..12], SittingId = id, Order = order + 1, Title = "" };
                Apply(item, r);
                ctx.AgendaDrafts.Add(item);
                return ToDto(item, []);
            }, x => new { x.Id, x.Title }))).Require(Level.Staff).WithName("AddAgendaDraft");

        c.MapPut("/sittings/{id}/agenda/{itemId}", async (string council, string id, string itemId, AgendaItemDto r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "agenda.update", itemId, async ctx =>
            {
                await PlannedAsync(ctx, council, id);
                var item = await ctx.AgendaDrafts.FirstOrDefaultAsync(a => a.Id == itemId && a.SittingId == id) ?? throw Refuse.NotFound("питання", itemId);
                Apply(item, r);
                return ToDto(item, []);
            }, x => new { x.Id, x.Title }))).Require(Level.Staff).WithName("UpdateAgendaDraft");

        c.MapDelete("/sittings/{id}/agenda/{itemId}", async (string council, string id, string itemId, RegistryWriter writer, HttpContext http) =>
        {
            await writer.WriteAsync(council, ActorOf(http), "agenda.delete", itemId, async ctx =>
            {
                await PlannedAsync(ctx, council, id);
                var item = await ctx.AgendaDrafts.FirstOrDefaultAsync(a => a.Id == itemId && a.SittingId == id) ?? throw Refuse.NotFound("питання", itemId);
                ctx.Documents.RemoveRange(ctx.Documents.Where(d => d.ItemId == itemId));
                ctx.AgendaDrafts.Remove(item);
                return true;
            });
            return TypedResults.NoContent();
        }).Require(Level.Staff).WithName("DeleteAgendaDraft");

        c.MapPut("/sittings/{id}/agenda/order", async (string council, string id, OrderRequest r, RegistryWriter writer, HttpContext http) =>
            TypedResults.Ok(await writer.WriteAsync(council, ActorOf(http), "agenda.order", id, async ctx =>
            {
                await PlannedAsync(ctx, council, id);
                var items = await ctx.AgendaDrafts.Where(a => a.SittingId == id).ToListAsync();
                if (r.Order is null || r.Order.Length != items.Count || !r.Order.Order().SequenceEqual(items.Select(i => i.Id).Order()))
                    throw Refuse.Bad("bad-order", "Порядок має містити кожне питання рівно раз", "The order must list every item exactly once", "order");
                for (int i = 0; i < r.Order.Length; i++) items.First(x => x.Id == r.Order[i]).Order = i + 1;
                return r.Order;
            }, x => new { order = x }))).Require(Level.Staff).WithName("OrderAgendaDrafts");

        c.MapPost("/sittings/{id}/agenda/{itemId}/documents", async (string council, string id, string itemId, string? name, HttpRequest request,
            RegistryWriter writer, IOptions<HallOptions> options, HttpContext http, TimeProvider clock) =>
        {
            var max = options.Value.MaxDocumentBytes;
            if (request.ContentLength > max) throw TooLarge(max);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = await request.Body.ReadAsync(chunk)) > 0)
            {
                buffer.Write(chunk, 0, n);
                if (buffer.Length > max) throw TooLarge(max);
            }
            var bytes = buffer.ToArray();
            if (bytes.Length < 5 || !bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
                throw Refuse.Bad("not-a-pdf", "Файл не є документом PDF", "The file is not a PDF document");
            var fileName = Check.Text(name ?? "document.pdf", "name", "Назва файлу", "File name", 120);
            if (!fileName.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)) fileName += ".pdf";
            var doc = await writer.WriteAsync(council, ActorOf(http), "document.add", itemId, async ctx =>
            {
                await PlannedAsync(ctx, council, id);
                if (!await ctx.AgendaDrafts.AnyAsync(a => a.Id == itemId && a.SittingId == id)) throw Refuse.NotFound("питання", itemId);
                var entity = new DocumentEntity
                {
                    Id = "d-" + Guid.NewGuid().ToString("N")[..16], CouncilId = council, ItemId = itemId, Name = fileName, Size = bytes.Length,
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), UploadedAt = clock.GetUtcNow(),
                };
                // The file first, then the row: a crash leaves an unreferenced file, never a row without its file.
                var path = DocumentPath(options.Value, entity.Id);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path + ".tmp", bytes);
                File.Move(path + ".tmp", path, overwrite: true);
                ctx.Documents.Add(entity);
                return ToDto(entity);
            }, x => new { x.Id, x.Name, x.Sha256 });
            return TypedResults.Ok(doc);
        }).Require(Level.Staff).Accepts<byte[]>("application/pdf").DisableAntiforgery().WithName("AddDocument");

        c.MapGet("/documents/{docId}", async Task<Results<PhysicalFileHttpResult, NotFound>> (string council, string docId, IDbContextFactory<RegistryDb> db, IOptions<HallOptions> options) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            var doc = await ctx.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == docId && d.CouncilId == council);
            if (doc is null || !File.Exists(DocumentPath(options.Value, doc.Id))) return TypedResults.NotFound();
            return TypedResults.PhysicalFile(DocumentPath(options.Value, doc.Id), "application/pdf", doc.Name, enableRangeProcessing: true);
        }).WithName("Document");

        c.MapDelete("/documents/{docId}", async (string council, string docId, RegistryWriter writer, HttpContext http) =>
        {
            await writer.WriteAsync(council, ActorOf(http), "document.delete", docId, async ctx =>
            {
                var doc = await ctx.Documents.FirstOrDefaultAsync(d => d.Id == docId && d.CouncilId == council) ?? throw Refuse.NotFound("документ", docId);
                var item = await ctx.AgendaDrafts.AsNoTracking().FirstAsync(a => a.Id == doc.ItemId);
                await PlannedAsync(ctx, council, item.SittingId);
                ctx.Documents.Remove(doc);
                return true;
            });
            return TypedResults.NoContent();
        }).Require(Level.Staff).WithName("DeleteDocument");
        return c;
    }

    private static RegistryException TooLarge(long max) =>
        Refuse.Bad("too-large", $"Файл більший за {max / 1024 / 1024} МБ", $"The file is larger than {max / 1024 / 1024} MB");

    public static string DocumentPath(HallOptions o, string docId) => Path.Combine(o.DataDir, "documents", docId + ".pdf");

    private static async Task Eventually(Func<Task<bool>> done)
    {
        for (int i = 0; i < 100 && !await done(); i++) await Task.Delay(50);
    }

    private static async Task<SittingEntity> FindAsync(RegistryDb ctx, string council, string id, bool fresh = false)
    {
        var q = fresh ? ctx.Sittings.AsNoTracking() : ctx.Sittings;
        return await q.FirstOrDefaultAsync(s => s.Id == id && s.CouncilId == council) ?? throw Refuse.NotFound("засідання", id);
    }

    private static async Task<SittingEntity> PlannedAsync(RegistryDb ctx, string council, string id)
    {
        var s = await FindAsync(ctx, council, id);
        if (s.Status != SittingStatus.Planned)
            throw Refuse.Conflict("sitting-not-planned",
                "Засідання вже відкрито: порядок денний змінюється лише рішеннями на засіданні (пульт секретаря)",
                "The sitting is open: its agenda now changes only by the sitting's decisions (the secretary's console)");
        return s;
    }

    private static async Task ApplyAsync(RegistryDb ctx, string council, SittingEntity row, SittingDto r)
    {
        var body = await ctx.Bodies.FirstOrDefaultAsync(b => b.Id == r.BodyId && b.CouncilId == council) ?? throw Refuse.Invalid("bodyId", "Такого органу немає", "No such body");
        var hall = await ctx.Halls.FirstOrDefaultAsync(h => h.Id == r.HallId && h.CouncilId == council) ?? throw Refuse.Invalid("hallId", "Такої зали немає", "No such hall");
        if (r.SessionId is not null && !await ctx.Sessions.AnyAsync(s => s.Id == r.SessionId && s.CouncilId == council))
            throw Refuse.Invalid("sessionId", "Такої сесії немає", "No such session");
        if (body.Kind == BodyRules.Plenary && r.SessionId is null)
            throw Refuse.Required("sessionId", "Сесія", "Session");
        if (r.Date == default) throw Refuse.Required("date", "Дата", "Date");
        TimeOnly? time = null;
        if (!string.IsNullOrWhiteSpace(r.Time))
            time = TimeOnly.TryParseExact(r.Time, "HH:mm", out var t) ? t : throw Refuse.Invalid("time", "Час: ГГ:ХХ", "Time: HH:mm");
        row.BodyId = body.Id;
        row.HallId = hall.Id;
        row.SessionId = body.Kind == BodyRules.Plenary ? r.SessionId : null;
        row.Number = Check.Range(r.Number, 1, 999, "number", "Номер засідання", "Sitting number");
        row.Date = r.Date;
        row.Time = time;
        row.Place = Check.Optional(r.Place, "place", "Місце", "Place") ?? (hall.Place.Length > 0 ? hall.Place : hall.Name);
        if (r.Mode is not null && !SittingModes.Valid(r.Mode))
            throw Refuse.Invalid("mode", "Форма засідання: hall (у залі), mixed (змішане) або remote (дистанційне)", "Mode: hall, mixed or remote");
        row.Mode = r.Mode ?? row.Mode;
    }

    /// <summary>Sitting ids are unique across councils and readable: council-convocation-session-number, or the committee and date.</summary>
    private static async Task<string> NewIdAsync(RegistryDb ctx, string council, SittingEntity s)
    {
        string baseId;
        if (s.SessionId is not null)
        {
            var session = await ctx.Sessions.AsNoTracking().FirstAsync(x => x.Id == s.SessionId);
            baseId = $"{council}-{session.Number}-{s.Number}";
        }
        else baseId = $"{s.BodyId}-{s.Date:yyyyMMdd}";
        var id = baseId;
        for (int n = 2; await ctx.Sittings.AnyAsync(x => x.Id == id); n++) id = $"{baseId}-{n}";
        return id;
    }

    private static void Apply(AgendaDraftEntity item, AgendaItemDto r)
    {
        item.Title = Check.Text(r.Title, "title", "Назва питання", "Title", 500);
        item.ProjectNumber = Check.Optional(r.ProjectNumber, "projectNumber", "Номер проєкту", "Draft number", 50);
        item.Author = Check.Optional(r.Author, "author", "Суб'єкт подання", "Author", 200);
        item.Text = Check.Optional(r.Text, "text", "Текст проєкту", "Text", 100_000);
    }

    private static async Task<SittingDto[]> ToDtosAsync(RegistryDb ctx, string council, List<SittingEntity> sittings)
    {
        var ids = sittings.Select(s => s.Id).ToList();
        var items = await ctx.AgendaDrafts.AsNoTracking().Where(a => ids.Contains(a.SittingId)).ToListAsync();
        items.AddRange(ctx.AgendaDrafts.Local.Where(a => ids.Contains(a.SittingId) && !items.Any(i => i.Id == a.Id)));
        var itemIds = items.Select(i => i.Id).ToList();
        var docs = await ctx.Documents.AsNoTracking().Where(d => itemIds.Contains(d.ItemId)).ToListAsync();
        return sittings.Select(s => new SittingDto(s.Id, s.SessionId, s.BodyId, s.HallId, s.Number, s.Date, s.Time?.ToString("HH:mm"), s.Place, s.Status,
            items.Where(i => i.SittingId == s.Id).OrderBy(i => i.Order).Select(i => ToDto(i, docs)).ToArray(), $"/opendata/{s.Id}/", s.Mode)).ToArray();
    }

    private static AgendaItemDto ToDto(AgendaDraftEntity i, List<DocumentEntity> docs) =>
        new(i.Id, i.Order, i.ProjectNumber, i.Title, i.Author, i.Text, docs.Where(d => d.ItemId == i.Id).OrderBy(d => d.UploadedAt.UtcTicks).Select(ToDto).ToArray());

    private static DocumentDto ToDto(DocumentEntity d) => new(d.Id, d.Name, d.Size, d.Sha256, $"/api/councils/{d.CouncilId}/documents/{d.Id}");
}
