using System.Globalization;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Signatures;
using Session.Core.Council;
using Session.Core.Journal;
using Session.Core.Voting;
using Session.Publishing.Model;
using Session.Publishing.Signing;

namespace Session.Publishing.Protocol;

/// <summary>
/// The sitting's protocol as a clerk files it: header, registration and quorum, agenda, the proceedings in order
/// (items, votes with roll calls grouped by faction, conflicts, proxy entries, cancellations and re-votes, recesses),
/// the journal's final hash, page numbers, and a PAdES signature over the whole file.
/// </summary>
public static class ProtocolDocument
{
    public static async Task<byte[]> RenderSignedAsync(SittingRecord r, ISigner signer, TimeZoneInfo zone, CancellationToken ct)
    {
        NotoFontResolver.Install();
        using var doc = new PdfDocument();
        doc.Info.Title = $"Протокол: {r.Roster.Body.Name}, засідання {r.SittingId}";
        doc.Info.Author = r.Roster.Body.Name;
        doc.Info.Creator = "Session";
        using var c = new PageComposer(doc);
        Write(c, r, zone, signer.Name);
        c.Space(6);
        var box = c.ReserveBox(48);
        c.NumberPages();

        DigitalSignatureHandler.ForDocument(doc, new PdfDigitalSigner(signer, ct), new DigitalSignatureOptions
        {
            Reason = "Протокол пленарного засідання",
            Location = r.Opening.Place,
            ContactInfo = r.Roster.Body.Name,
            AppName = "Session",
            Rectangle = box,
            PageIndex = c.PageIndex,
        });
        using var ms = new MemoryStream();
        await doc.SaveAsync(ms, false).ConfigureAwait(false);
        return ms.ToArray();
    }

    private static void Write(PageComposer c, SittingRecord r, TimeZoneInfo zone, string signerName)
    {
        var b = r.Roster.Body;
        var o = r.Opening;
        string T(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

        bool committee = b.Kind == "committee";
        c.Centered(b.AuthorityName.ToUpper(CultureInfo.GetCultureInfo("uk-UA")), c.Heading);
        c.Centered($"{b.Convocation} скликання", c.Body);
        c.Space(6);
        c.Centered("ПРОТОКОЛ", c.Title);
        if (committee)
        {
            c.Centered($"засідання № {o.SittingNumber}", c.BodyBold);
            c.Centered(b.Name, c.Body);
        }
        else
        {
            c.Centered($"пленарного засідання № {o.SittingNumber} {o.SessionNumber} сесії", c.BodyBold);
            if (!string.IsNullOrWhiteSpace(o.SessionTitle)) c.Centered(o.SessionTitle, c.Body);
        }
        c.Space(6);
        c.Text($"Дата: {o.Date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}    Місце: {o.Place}", c.Body);
        c.Text($"Засідання відкрито: {(r.OpenedAt is { } op ? T(op) : "—")}    закрито: {(r.ClosedAt is { } cl ? T(cl) : "триває")}    (час {zone.Id})", c.Body);
        c.Text($"Ідентифікатор засідання: {r.SittingId}; код ЄДРПОУ: {b.Edrpou ?? "—"}; КАТОТТГ: {b.Katottg ?? "—"}", c.Small);
        WriteSelfTest(c, r, T);
        c.Rule();

        c.Text("Реєстрація та правомочність", c.Heading);
        if (committee)
            c.Text($"Склад комісії: {b.Composition} членів ({string.Join(", ", r.Roster.Deputies.Select(d => d.FullName))}). " +
                   $"Засідання правомочне, якщо присутні щонайменше {b.QuorumOf(b.Composition)} членів (положення про комісію).", c.Body);
        else
            c.Text($"Загальний склад ради: {b.Composition} депутатів; голова ради входить до складу під час голосування, якщо бере участь у засіданні (ст. 59 ч. 2). " +
                   $"Засідання правомочне, якщо зареєстровано більше половини загального складу (ст. 46).", c.Body);
        foreach (var (at, e) in r.Timeline)
            if (e is RegistrationClosed rc)
                c.Text($"Реєстрацію завершено о {T(at)}: зареєстровано {rc.Registered}; для кворуму потрібно щонайменше {b.QuorumOf(b.Composition)} " +
                       $"({(rc.Registered >= b.QuorumOf(b.Composition) ? "кворум є" : "кворуму немає")}).", c.Body, 10);
        WriteRemoteParticipation(c, r);
        c.Rule();

        c.Text("Порядок денний", c.Heading);
        for (int i = 0; i < r.Agenda.Count; i++)
        {
            var item = r.Agenda[i];
            var extra = item.ProjectNumber is { } pn ? $" (проєкт рішення № {pn})" : "";
            var urgent = item.Urgent ? $" — невідкладне, підстава: {item.Reason}" : "";
            c.Text($"{i + 1}. {item.Title}{extra}{urgent}", c.Body, 10);
        }
        if (r.Agenda.Count == 0) c.Text("Питань не внесено.", c.Body, 10);
        c.Rule();

        c.Text("Хід засідання", c.Heading);
        var votesById = r.Votes.ToDictionary(v => v.VoteId);
        foreach (var (at, e) in r.Timeline)
        {
            switch (e)
            {
                case AgendaItemStarted s:
                    var idx = r.Agenda.ToList().FindIndex(i => i.Id == s.ItemId);
                    c.Space(4);
                    c.Text($"{T(at)}  Розгляд питання {idx + 1}: {(idx >= 0 ? r.Agenda[idx].Title : s.ItemId)}", c.BodyBold);
                    break;
                case ConflictDeclared d:
                    var who = r.Roster.Deputy(d.DeputyId)?.FullName ?? d.DeputyId;
                    c.Text($"{T(at)}  {who} заявив(ла) про конфлікт інтересів (ст. 59-1): «{d.Statement}»" +
                           (d.MayVote ? " — бере участь у голосуванні, бо інакше засідання втратило б кворум." : " — участі в голосуванні не бере."), c.Body, 10);
                    break;
                case VoteClosed vc when votesById.TryGetValue(vc.VoteId, out var closedVote):
                    WriteVote(c, r, closedVote, T);
                    break;
                case VoteCancelled vx when votesById.TryGetValue(vx.VoteId, out var cancelled):
                    if (cancelled.CancelledAfterClose)
                        c.Text($"{T(at)}  Результат голосування № {cancelled.Number} скасовано. Причина: {vx.Reason}", c.BodyBold, 10);
                    else
                        WriteVote(c, r, cancelled, T);
                    break;
                case RecessStarted rs:
                    c.Space(4);
                    c.Text($"{T(at)}  Оголошено перерву ({RecessKind(rs.Kind)}): {rs.Reason}", c.BodyBold);
                    break;
                case SittingResumed:
                    c.Text($"{T(at)}  Засідання відновлено.", c.BodyBold);
                    break;
            }
        }
        c.Rule();
        c.Text($"Журнал засідання: {r.LastSeq} подій; підсумковий хеш ланцюжка (SHA-256):", c.Body);
        c.Text(r.LastHash, c.BodyBold);
        c.Text("Журнал (journal.jsonl) оприлюднено разом із протоколом; будь-хто може перерахувати ланцюжок: " +
               "hash = SHA-256(попередній хеш ‖ канонічний JSON події), початковий = SHA-256(\"session:\" + ідентифікатор засідання).", c.Small);
        c.Text($"Протокол підписано електронним підписом: {signerName}", c.Body);
    }

    /// <summary>First page: the pre-sitting self-test (docs/operations.md), or that none ran.</summary>
    private static void WriteSelfTest(PageComposer c, SittingRecord r, Func<DateTimeOffset, string> T)
    {
        if (r.SelfTest is not { } t)
        {
            c.Text("Самоперевірку обладнання перед засіданням не проводили.", c.Small);
            return;
        }
        static string Seats(IReadOnlyList<int> seats) => seats.Count == 0 ? "немає" : string.Join(", ", seats);
        int total = t.SeatsAnswering.Count + t.SeatsSilent.Count;
        c.Text($"Самоперевірку обладнання проведено о {T(t.At)}: відповіли {t.SeatsAnswering.Count} з {total} місць залу " +
               $"(не відповіли: {Seats(t.SeatsSilent)}); у тестовому голосуванні натиснули на {t.SeatsPressed.Count} місцях. " +
               "Тестове голосування рішенням не є і до протоколу голосувань не входить.", c.Small);
        c.Text("Контрольна сума складу (SHA-256: депутати, місця, картки):", c.Small);
        c.Text(t.RosterChecksum, c.SmallBold);
        c.Text("Хеш версії програмного забезпечення (SHA-256):", c.Small);
        c.Text(t.SoftwareHash, c.SmallBold);
    }

    private static void WriteVote(PageComposer c, SittingRecord r, PublishedVote v, Func<DateTimeOffset, string> T)
    {
        c.Space(3);
        c.EnsureSpace(80);
        var mode = v.IsSecret ? "таємне" : "поіменне";
        c.Text($"Голосування № {v.Number} ({v.Kind.Ukrainian()}, {mode}), {T(v.Start)} – {T(v.End)}", c.BodyBold, 10);
        c.Text($"Предмет: {v.Motion}", c.Body, 20);
        if (v.Item is { } item)
            c.Text($"Питання порядку денного № {v.ItemNumber}: {item.Title}{(item.ProjectNumber is { } pn ? $", проєкт № {pn}" : "")}", c.Body, 20);
        if (v.RevoteOfUid is not null)
        {
            var of = r.Votes.FirstOrDefault(x => x.Uid == v.RevoteOfUid);
            c.Text($"Переголосування голосування № {of?.Number.ToString(CultureInfo.InvariantCulture) ?? v.RevoteOfUid}.", c.Body, 20);
        }
        var threshold = v.Threshold is { } t ? $"потрібно не менше {t} «за»" : "поріг визначається від поданих голосів";
        c.Text($"Правило: {v.Rule.TitleUk}; {threshold} (склад {v.Composition}, зареєстровано {v.Registered}).", c.Body, 20);
        var k = v.Counts;
        c.Text($"За — {k.For}; Проти — {k.Against}; Утрималися — {k.Abstain}; Не голосували — {k.NotVoting}" +
               (v.Conflicts > 0 ? $" (з них конфлікт інтересів — {v.Conflicts})" : "") + $"; Відсутні — {k.Absent}.", c.Body, 20);
        var result = v.Outcome switch
        {
            VoteOutcome.Passed => "РІШЕННЯ ПРИЙНЯТО",
            VoteOutcome.Failed => "РІШЕННЯ НЕ ПРИЙНЯТО",
            _ => $"ГОЛОСУВАННЯ СКАСОВАНО. Причина: {v.CancelReason}",
        };
        c.Text(result, c.BodyBold, 20);
        if (v.IsSecret)
        {
            c.Text($"Таємне голосування: оприлюднюються лише підсумки; взяли участь {k.Cast}.", c.Small, 20);
            return;
        }
        WriteRollCall(c, r, v);
    }

    /// <summary>
    /// A mixed or remote sitting (martial law allows them, DOMAIN.md): its form, and who took part from a remote place,
    /// identified there by a passkey on an enrolled device and a PIN.
    /// </summary>
    private static void WriteRemoteParticipation(PageComposer c, SittingRecord r)
    {
        if (!r.Opening.AllowsRemote) return;
        c.Text(r.Opening.Mode == SittingModes.Remote
            ? "Форма проведення: дистанційне засідання (в умовах воєнного стану)."
            : "Форма проведення: змішане засідання — у залі та дистанційно (в умовах воєнного стану).", c.Body, 10);
        var remote = r.Timeline.Select(t => t.Event).OfType<DeputyIdentified>().Where(i => RemoteSeats.IsRemote(i.Seat))
            .Select(i => i.DeputyId).Distinct().Select(id => r.Roster.Deputy(id)?.FullName ?? id).ToArray();
        c.Text(remote.Length == 0
            ? "Дистанційно ніхто не ідентифікувався."
            : $"Дистанційно брали участь ({remote.Length}; ключ доступу і PIN на зареєстрованому пристрої): {string.Join(", ", remote)}.", c.Body, 10);
    }

    private static void WriteRollCall(PageComposer c, SittingRecord r, PublishedVote v)
    {
        var lines = v.RollCall ?? [];
        var notes = new List<string>();
        var groups = lines.GroupBy(l => l.Deputy.FactionId)
            .OrderBy(g => g.Key is null ? int.MaxValue : r.Roster.Factions.ToList().FindIndex(f => f.Id == g.Key));
        foreach (var g in groups)
        {
            var first = g.First().Deputy;
            var yes = g.Count(l => l.Result == RollCallResult.Yes);
            c.EnsureSpace(24);
            c.Text($"{r.FactionName(first)} — за {yes} з {g.Count()}", c.SmallBold, 20);
            var cells = new List<string>(2);
            foreach (var l in g)
            {
                var mark = "";
                if (l.Note is { } note)
                {
                    notes.Add($"{l.Deputy.FullName}: {note}");
                    mark = " *" + notes.Count.ToString(CultureInfo.InvariantCulture);
                }
                var remote = l.Remote ? " (дист.)" : "";
                cells.Add($"{l.Deputy.FullName}{remote} — {(l.Result == RollCallResult.Conflict ? "Не голосував (конфлікт інтересів)" : l.Legal)}{mark}");
                if (cells.Count == 2) { c.Row(cells, c.Small, 28); cells.Clear(); }
            }
            if (cells.Count > 0) c.Row([cells[0], ""], c.Small, 28);
        }
        for (int i = 0; i < notes.Count; i++)
            c.Text($"*{i + 1} {notes[i]}", c.Small, 28);
        if (lines.Any(l => l.Remote))
            c.Text("(дист.) — голос подано з дистанційного місця депутата (ключ доступу і PIN на зареєстрованому пристрої).", c.Small, 28);
    }

    private static string RecessKind(string kind) => kind switch
    {
        "air-raid" or "air-raid-alert" => "повітряна тривога",
        "technical" => "технічна несправність",
        _ => kind,
    };
}
