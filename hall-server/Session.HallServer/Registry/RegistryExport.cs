using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Session.HallServer.Hosting;
using Session.HallServer.Storage;
using static Session.HallServer.Registry.RegistryAccess;

namespace Session.HallServer.Registry;

/// <summary>
/// A council's whole registry as one JSON document: how a council moves to a regional host or is restored onto an
/// empty server. Secrets stay behind: PINs (HMACs under the source hall's key) and accounts' passwords are not
/// exported; cards are (they are bound, not secret). Journals and published files move with the data dir's backup.
/// </summary>
public sealed record RegistryDocument(
    string Format,
    CouncilEntity Council,
    List<ConvocationEntity> Convocations,
    List<FactionEntity> Factions,
    List<DeputyEntity> Deputies,
    List<CardEntity> Cards,
    List<BodyEntity> Bodies,
    List<BodyMemberEntity> BodyMembers,
    List<HallEntity> Halls,
    List<SeatEntity> Seats,
    List<SessionEntity> Sessions,
    List<SittingEntity> Sittings,
    List<AgendaDraftEntity> Agenda,
    List<ExportedDocument> Documents)
{
    public const string CurrentFormat = "session-registry/1";
}

public sealed record ExportedDocument(DocumentEntity Document, string ContentBase64);

public static class RegistryExportApi
{
    public static RouteGroupBuilder MapRegistryExport(this RouteGroupBuilder api)
    {
        api.MapGet("/councils/{council}/export", async (string council, IDbContextFactory<RegistryDb> db, IOptions<HallOptions> o) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            var c = await CouncilsApi.Find(ctx, council);
            var bodies = await ctx.Bodies.AsNoTracking().Where(x => x.CouncilId == council).OrderBy(x => x.Id).ToListAsync();
            var bodyIds = bodies.Select(b => b.Id).ToList();
            var sittings = await ctx.Sittings.AsNoTracking().Where(x => x.CouncilId == council).OrderBy(x => x.Id).ToListAsync();
            var sittingIds = sittings.Select(s => s.Id).ToList();
            var docs = await ctx.Documents.AsNoTracking().Where(x => x.CouncilId == council).OrderBy(x => x.Id).ToListAsync();
            var exported = new List<ExportedDocument>();
            foreach (var d in docs)
            {
                var path = SittingsApi.DocumentPath(o.Value, d.Id);
                if (File.Exists(path)) exported.Add(new ExportedDocument(d, Convert.ToBase64String(await File.ReadAllBytesAsync(path))));
            }
            var deputies = await ctx.Deputies.AsNoTracking().Where(x => x.CouncilId == council).OrderBy(x => x.SortOrder).ThenBy(x => x.Id).ToListAsync();
            foreach (var d in deputies) d.PinHash = null;
            return TypedResults.Ok(new RegistryDocument(RegistryDocument.CurrentFormat, c,
                await ctx.Convocations.AsNoTracking().Where(x => x.CouncilId == council).OrderBy(x => x.Number).ToListAsync(),
                await ctx.Factions.AsNoTracking().Where(x => x.CouncilId == council).OrderBy(x => x.Id).ToListAsync(),
                deputies,
                await ctx.Cards.AsNoTracking().Where(x => x.CouncilId == council).OrderBy(x => x.Uid).ToListAsync(),
                bodies,
                await ctx.BodyMembers.AsNoTracking().Where(x => bodyIds.Contains(x.BodyId)).OrderBy(x => x.BodyId).ThenBy(x => x.DeputyId).ToListAsync(),
                await ctx.Halls.AsNoTracking().Where(x => x.CouncilId == council).OrderBy(x => x.Id).ToListAsync(),
                await ctx.Seats.AsNoTracking().Where(x => x.CouncilId == council).OrderBy(x => x.HallId).ThenBy(x => x.Number).ToListAsync(),
                await ctx.Sessions.AsNoTracking().Where(x => x.CouncilId == council).OrderBy(x => x.Id).ToListAsync(),
                sittings,
                await ctx.AgendaDrafts.AsNoTracking().Where(x => sittingIds.Contains(x.SittingId)).OrderBy(x => x.SittingId).ThenBy(x => x.Order).ToListAsync(),
                exported));
        }).Require(Level.Admin).WithName("ExportRegistry");

        api.MapPost("/councils/import", async Task<Created<CouncilDto>> (RegistryDocument doc, RegistryWriter writer, HallDirectory directory, IOptions<HallOptions> o, HttpContext http) =>
        {
            if (doc.Format != RegistryDocument.CurrentFormat)
                throw Refuse.Bad("bad-format", $"Невідомий формат «{doc.Format}»: очікується {RegistryDocument.CurrentFormat}", $"Unknown format '{doc.Format}': {RegistryDocument.CurrentFormat} expected", "format");
            var id = Check.CouncilId(doc.Council?.Id);
            await writer.WriteAsync(id, ActorOf(http), "council.import", id, async ctx =>
            {
                if (await ctx.Councils.AnyAsync(c => c.Id == id))
                    throw Refuse.Conflict("council-exists", $"Рада з ідентифікатором «{id}» вже є", $"A council with the id '{id}' exists", "id");
                if (doc.Deputies.Any(d => d.CouncilId != id) || doc.Halls.Any(h => h.CouncilId != id) || doc.Sittings.Any(s => s.CouncilId != id))
                    throw Refuse.Bad("bad-document", "Документ містить записи іншої ради", "The document holds another council's records");
                ctx.Councils.Add(doc.Council!);
                ctx.Convocations.AddRange(doc.Convocations);
                ctx.Factions.AddRange(doc.Factions);
                foreach (var d in doc.Deputies) d.PinHash = null; // PINs are issued anew on the new server
                ctx.Deputies.AddRange(doc.Deputies);
                ctx.Cards.AddRange(doc.Cards);
                ctx.Bodies.AddRange(doc.Bodies);
                ctx.BodyMembers.AddRange(doc.BodyMembers);
                ctx.Halls.AddRange(doc.Halls);
                ctx.Seats.AddRange(doc.Seats);
                ctx.Sessions.AddRange(doc.Sessions);
                // A sitting that was open on the old server is not open here: its journal did not come with the registry.
                foreach (var s in doc.Sittings) s.IsCurrent = false;
                ctx.Sittings.AddRange(doc.Sittings);
                ctx.AgendaDrafts.AddRange(doc.Agenda);
                foreach (var e in doc.Documents)
                {
                    var bytes = Convert.FromBase64String(e.ContentBase64);
                    if (Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) != e.Document.Sha256)
                        throw Refuse.Bad("bad-document", $"Документ {e.Document.Name}: хеш не збігається", $"Document {e.Document.Name}: the hash does not match");
                    var path = SittingsApi.DocumentPath(o.Value, e.Document.Id);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await File.WriteAllBytesAsync(path, bytes);
                    ctx.Documents.Add(e.Document);
                }
                try { await ctx.SaveChangesAsync(); }
                catch (DbUpdateException ex)
                {
                    throw Refuse.Conflict("import-conflict", "Записи документа конфліктують з наявними (ідентифікатори, картки)", "The document's records clash with existing ones (ids, cards): " + ex.InnerException?.Message);
                }
                return true;
            }, _ => new { deputies = doc.Deputies.Count, sittings = doc.Sittings.Count });
            directory.CouncilsChanged();
            return TypedResults.Created($"/api/councils/{id}", CouncilsApi.ToDto(doc.Council!));
        }).Require(Level.HostAdmin).WithName("ImportRegistry");
        return api;
    }
}
