using Microsoft.EntityFrameworkCore;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;

namespace Session.HallServer.Registry;

/// <summary>
/// Opening and closing a planned sitting (ARCHITECTURE.md "Sessions and sittings"). Opening: the checks of the law
/// and of the hall, then <c>SittingOpened</c> with the roster as of that moment and the prepared agenda, in order,
/// into the journal — and only then the registry marks the sitting open and its hall's current one. A crash in
/// between is healed at start-up (<see cref="ReconcileAsync"/>): the journal is the record.
/// </summary>
public sealed class SittingLifecycle(
    IDbContextFactory<RegistryDb> db,
    HallDirectory directory,
    CurrentSitting current,
    RegistryWriter writer,
    Hubs.TerminalConnections connections,
    ILogger<SittingLifecycle> log) : ICommitListener
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task OpenAsync(string council, string sittingId, Actor actor)
    {
        await _gate.WaitAsync();
        try
        {
            string hallId;
            List<AgendaDraftEntity> agenda;
            Dictionary<string, List<DocumentEntity>> documents;
            await using (var ctx = await db.CreateDbContextAsync())
            {
                var sitting = await ctx.Sittings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sittingId && s.CouncilId == council)
                    ?? throw Refuse.NotFound("засідання", sittingId);
                if (sitting.Status != SittingStatus.Planned)
                    throw Refuse.Conflict("sitting-not-planned", "Засідання вже відкрито або закрито", "The sitting is already open or closed");
                hallId = sitting.HallId;
                if (await ctx.Sittings.AsNoTracking().FirstOrDefaultAsync(s => s.HallId == hallId && s.IsCurrent) is { } busy)
                    throw Refuse.Conflict("hall-busy", $"У залі вже триває засідання {busy.Id}: спершу закрийте його", $"The hall already has an open sitting {busy.Id}: close it first");
                if (!await ctx.Seats.AnyAsync(s => s.HallId == hallId))
                    throw Refuse.Bad("no-seats", "У залі немає місць", "The hall has no seats");
                await CheckCompetenceAsync(ctx, sitting);
                agenda = await ctx.AgendaDrafts.AsNoTracking().Where(a => a.SittingId == sittingId).OrderBy(a => a.Order).ToListAsync();
                var itemIds = agenda.Select(a => a.Id).ToList();
                documents = (await ctx.Documents.AsNoTracking().Where(d => itemIds.Contains(d.ItemId)).ToListAsync())
                    .GroupBy(d => d.ItemId).ToDictionary(g => g.Key, g => g.ToList());
            }
            var opening = await directory.OpeningOfAsync(sittingId);
            var grain = current.Grain(sittingId);
            var started = await grain.Start(opening);
            if (!started.Accepted) throw Refuse.Bad(started.Code ?? "storage-failed", started.Uk ?? "", started.En ?? "");
            var baseUrl = $"/api/councils/{council}/documents/";
            foreach (var item in agenda)
            {
                var docs = documents.GetValueOrDefault(item.Id)?.Select(d => new AgendaDocument(d.Name, d.Sha256, baseUrl + d.Id)).ToArray();
                var answer = await grain.Execute(new AddAgendaItem(item.Id, item.Title, item.Text, item.ProjectNumber, false, null, item.Author, docs));
                // A repeated open after a crash finds the item already there: that is fine.
                if (!answer.Accepted && answer.Code != "unknown-item") throw Refuse.Bad(answer.Code ?? "refused", answer.Uk ?? "", answer.En ?? "");
            }
            await MarkOpenAsync(council, sittingId, actor);
            log.LogInformation("Sitting {SittingId} opened in hall {HallId} with {Items} prepared agenda items", sittingId, hallId, agenda.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>art. 45: a council is competent only while at least two thirds of its deputies are elected; a committee needs members.</summary>
    private static async Task CheckCompetenceAsync(RegistryDb ctx, SittingEntity sitting)
    {
        var body = await ctx.Bodies.AsNoTracking().FirstAsync(b => b.Id == sitting.BodyId);
        var council = await ctx.Councils.AsNoTracking().FirstAsync(c => c.Id == sitting.CouncilId);
        var deputies = (await ctx.Deputies.AsNoTracking().Where(d => d.CouncilId == council.Id && !d.IsHead).ToListAsync())
            .Where(d => d.HoldsMandateOn(sitting.Date)).ToList();
        if (body.Kind == BodyRules.Plenary)
        {
            int needed = (2 * council.Composition + 2) / 3;
            if (deputies.Count < needed)
                throw Refuse.Bad("body-not-competent",
                    $"Рада неповноважна: обрано {deputies.Count} з {council.Composition}, потрібно щонайменше {needed} (ст. 45)",
                    $"The council is not competent: {deputies.Count} of {council.Composition} elected, at least {needed} needed (art. 45)");
        }
        else
        {
            var members = await ctx.BodyMembers.AsNoTracking().Where(m => m.BodyId == body.Id).Select(m => m.DeputyId).ToListAsync();
            int holding = deputies.Count(d => members.Contains(d.Id));
            if (holding < 3)
                throw Refuse.Bad("body-not-competent",
                    $"У комісії «{body.Name}» {holding} членів із чинними повноваженнями; потрібно щонайменше 3",
                    $"The committee '{body.Name}' has {holding} members holding a mandate; at least 3 are needed");
        }
    }

    private async Task MarkOpenAsync(string council, string sittingId, Actor actor)
    {
        var hall = await writer.WriteAsync(council, actor, "sitting.open", sittingId, async ctx =>
        {
            var s = await ctx.Sittings.FirstAsync(x => x.Id == sittingId);
            s.Status = SittingStatus.Open;
            s.IsCurrent = true;
            return s.HallId;
        });
        current.Forget(hall, council);
    }

    /// <summary>A closed sitting frees its hall at once (the publisher seals its files afterwards).</summary>
    public void Committed(Sitting sitting, IReadOnlyList<JournalEntry> batch)
    {
        if (!batch.Any(e => e.Event is SittingClosed)) return;
        var council = sitting.Roster.Body.Council;
        _ = Task.Run(async () =>
        {
            try
            {
                if (await directory.MarkClosedAsync(sitting.SittingId) is { } hall) current.Forget(hall, council);
                // The remote places' keys end with their sitting.
                if (sitting.Opening?.AllowsRemote == true)
                    foreach (var id in await directory.RevokeRemoteTerminalsAsync(council, hallId: sitting.Opening.Hall)) connections.Close(id, "its sitting closed");
            }
            catch (Exception ex) { log.LogError(ex, "Marking sitting {SittingId} closed failed", sitting.SittingId); }
        });
    }

    /// <summary>At start-up: a sitting whose journal has begun but whose registry row still says planned was opened before a crash.</summary>
    public async Task ReconcileAsync(IJournalStore journal)
    {
        var ids = journal.SittingIds().ToHashSet();
        await using var ctx = await db.CreateDbContextAsync();
        foreach (var s in await ctx.Sittings.Where(s => s.Status == SittingStatus.Planned).ToListAsync())
        {
            if (!ids.Contains(s.Id)) continue;
            var closed = journal.Read(s.Id).Any(e => e.Event is SittingClosed);
            s.Status = closed ? SittingStatus.Closed : SittingStatus.Open;
            s.IsCurrent = !closed && !await ctx.Sittings.AnyAsync(x => x.HallId == s.HallId && x.IsCurrent && x.Id != s.Id);
            log.LogWarning("Sitting {SittingId} was opened before a restart; the registry now says {Status}", s.Id, s.Status);
        }
        await ctx.SaveChangesAsync();
    }
}
