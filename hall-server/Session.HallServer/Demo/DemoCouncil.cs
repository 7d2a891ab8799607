using Microsoft.EntityFrameworkCore;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Voting;
using Session.HallServer.Auth;
using Session.HallServer.Hosting;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;
using Microsoft.Extensions.Options;

namespace Session.HallServer.Demo;

/// <summary>
/// The demo (<c>--demo</c>): a fictional village council of 26 deputies and the head, three factions, and one
/// completed sitting of 10 votes played through the engine itself, plus a current sitting ready for registration.
/// Card UIDs and PINs follow docs/api.md so the seat simulator and the tests can use them.
/// </summary>
public sealed class DemoCouncil(
    IDbContextFactory<RegistryDb> db,
    Secrets secrets,
    HallDirectory directory,
    CurrentSitting current,
    Registry.RegistryWriter writer,
    Registry.SittingLifecycle lifecycle,
    SittingClock clock,
    IOptions<HallOptions> options,
    ILogger<DemoCouncil> log)
{
    public const string CouncilId = "vyshneva";
    public const string PastSittingId = "vyshneva-45-1";
    public const string CurrentSittingId = "vyshneva-45-2";

    private static readonly (string Name, string Faction)[] People =
    [
        ("Андрієнко Ігор Васильович", "f-hromada"), ("Бондар Оксана Петрівна", "f-hromada"), ("Гнатюк Юрій Миколайович", "f-kraj"),
        ("Ґудзь Марія Степанівна", "f-kraj"), ("Дем'яненко Віталій Іванович", "f-agro"), ("Єременко Наталія Олегівна", "f-hromada"),
        ("Жук Павло Андрійович", "f-agro"), ("Зінченко Ірина В'ячеславівна", "f-kraj"), ("Іваненко Богдан Ярославович", "f-hromada"),
        ("Їжакевич Олена Федорівна", "f-agro"), ("Ковальчук Сергій Ігорович", "f-kraj"), ("Левченко Тетяна Миколаївна", "f-hromada"),
        ("Мельник Андрій Вікторович", "f-agro"), ("Нечипорук Людмила Іванівна", "f-kraj"), ("Олійник Роман Степанович", "f-hromada"),
        ("Петренко Галина Юріївна", "f-agro"), ("Руденко Василь Олексійович", "f-kraj"), ("Савчук Ольга Петрівна", "f-hromada"),
        ("Ткаченко Дмитро Васильович", "f-agro"), ("Уманець Світлана Богданівна", "f-kraj"), ("Федоренко Микола Григорович", "f-hromada"),
        ("Харченко Лариса Анатоліївна", "f-agro"), ("Цибуленко Олег Євгенович", "f-kraj"), ("Чорновол Ганна Ігорівна", "f-hromada"),
        ("Шевчук Євген Романович", "f-agro"), ("Яковенко Софія Олександрівна", "f-kraj"),
    ];

    /// <summary>A demo deputy at a seat: the mandate, the card and the seat, as both demo councils make theirs.</summary>
    internal sealed record DemoSeat(string Council, string Hall, int Number, bool Head, string Name, string? Faction, string DeputyId,
        string Card, string Pin, DateOnly BirthDate, int X, int Y);

    internal static void AddSeated(RegistryDb ctx, Secrets secrets, DemoSeat seat)
    {
        ctx.Deputies.Add(new DeputyEntity
        {
            Id = seat.DeputyId, CouncilId = seat.Council, FullName = seat.Name, FactionId = seat.Faction, IsHead = seat.Head,
            PinHash = secrets.PinHash(seat.Pin), SortOrder = seat.Number,
            Gender = seat.Name.EndsWith("івна", StringComparison.Ordinal) || seat.Name.EndsWith("ївна", StringComparison.Ordinal) ? 2 : 1,
            BirthDate = seat.BirthDate,
            MandateStart = new DateOnly(2020, 12, 1),
        });
        ctx.Cards.Add(new CardEntity { Uid = seat.Card, CouncilId = seat.Council, DeputyId = seat.DeputyId });
        ctx.Seats.Add(new SeatEntity
        {
            HallId = seat.Hall, CouncilId = seat.Council, Number = seat.Number, Label = seat.Head ? "Голова" : seat.Number.ToString(),
            X = seat.X, Y = seat.Y,
        });
    }

    public static string CardOf(int seat) => "04A22B" + seat.ToString("X2");
    public static string PinOf(int seat) => "20" + seat.ToString("D2");
    private int Deputies => options.Value.DemoDeputies;
    private int HeadSeat => Deputies + 1;

    public string DeputyOf(int seat) => seat == HeadSeat ? "head" : $"dep-{seat:D2}";

    /// <summary>Names for a larger demo council (load tests): the list above, then made-up combinations.</summary>
    private static (string Name, string? Faction) Person(int seat)
    {
        if (seat <= People.Length) return People[seat - 1];
        string[] surnames = ["Бойко", "Кравець", "Лисенко", "Мороз", "Поліщук", "Сидоренко", "Гаврилюк", "Марченко", "Остапчук", "Юрченко"];
        string[] given = ["Анна Іванівна", "Петро Петрович", "Ірина Олегівна", "Юрій Андрійович", "Євгенія Степанівна", "Тарас Богданович"];
        string[] factions = ["f-hromada", "f-kraj", "f-agro"];
        return ($"{surnames[seat % surnames.Length]} {given[seat / surnames.Length % given.Length]} ({seat})", factions[seat % 3]);
    }

    private static readonly string[] PastItems =
    [
        "Про затвердження порядку денного сесії",
        "Про бюджет Вишневої сільської територіальної громади на 2027 рік",
        "Про внесення змін до програми «Питна вода» на 2025–2027 роки",
        "Про надання дозволу на розроблення проєкту землеустрою (вул. Ґрунтова, 3)",
        "Про затвердження Положення про старосту",
        "Про передачу в оренду нежитлового приміщення ліцею",
        "Про обрання секретаря сільської ради",
        "Про подолання вето сільського голови на рішення № 512",
        "Про звернення до Верховної Ради щодо підтримки ЗСУ",
        "Про перерву в роботі сесії",
    ];

    public const string HallId = CouncilId + "-hall";
    public const string BudgetCommitteeId = CouncilId + "-budget";
    private static readonly Registry.Actor Demo = new("demo", "", "");
    private static readonly TimeZoneInfo Kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");

    /// <summary>
    /// The demo is made through the registry and the sitting lifecycle a real council uses: council, convocation,
    /// deputies, factions, a hall, a committee, a session with planned sittings and prepared agendas; then the past
    /// sitting is opened and played on its own date and times, and the current one opened for registration.
    /// </summary>
    public async Task SeedAsync(CancellationToken ct)
    {
        await using (var ctx = await db.CreateDbContextAsync(ct))
            if (await ctx.Councils.AnyAsync(c => c.Id == CouncilId, ct)) { await WriteKeysAsync(); return; }
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Kyiv).DateTime);
        await writer.WriteAsync(CouncilId, Demo, "demo.seed", CouncilId, async ctx =>
        {
            ctx.Councils.Add(new CouncilEntity
            {
                Id = CouncilId, Name = "Вишнева сільська рада", Composition = Deputies,
                Edrpou = "04412345", Katottg = "UA32080110010012345", PublicBaseUrl = options.Value.PublicBaseUrl ?? "https://vyshneva-rada.example.gov.ua",
            });
            ctx.Convocations.Add(new ConvocationEntity { CouncilId = CouncilId, Number = 8, DateFrom = new DateOnly(2020, 12, 1), DateUntil = new DateOnly(2025, 12, 1) });
            ctx.Factions.AddRange(
                new FactionEntity { Id = "f-hromada", CouncilId = CouncilId, Name = "Громада і розвиток" },
                new FactionEntity { Id = "f-kraj", CouncilId = CouncilId, Name = "Рідний край" },
                new FactionEntity { Id = "f-agro", CouncilId = CouncilId, Name = "Аграрна громада" });
            ctx.Halls.Add(new HallEntity { Id = HallId, CouncilId = CouncilId, Name = "Сесійна зала", Place = "с. Вишневе, сесійна зала" });
            int perRow = 9;
            for (int seat = 1; seat <= HeadSeat; seat++)
            {
                var (name, faction) = seat == HeadSeat ? ("Ґалаґан Олена Юріївна", (string?)null) : Person(seat);
                AddSeated(ctx, secrets, new DemoSeat(CouncilId, HallId, seat, seat == HeadSeat, name, faction, DeputyOf(seat), CardOf(seat), PinOf(seat),
                    new DateOnly(1960 + seat % 35, seat % 12 + 1, seat % 28 + 1),
                    X: seat == HeadSeat ? 50 : 6 + (seat - 1) % perRow * 11, Y: seat == HeadSeat ? 8 : 30 + (seat - 1) / perRow * 12 % 70));
            }
            ctx.Bodies.Add(new BodyEntity { Id = CouncilId + "-plenary", CouncilId = CouncilId, Kind = BodyRules.Plenary, Name = "Вишнева сільська рада" });
            ctx.Bodies.Add(new BodyEntity { Id = BudgetCommitteeId, CouncilId = CouncilId, Kind = BodyRules.Committee, Name = "Постійна комісія з питань бюджету та фінансів" });
            foreach (var seat in new[] { 2, 9, 13, 16, 20 })
                ctx.BodyMembers.Add(new BodyMemberEntity { BodyId = BudgetCommitteeId, DeputyId = DeputyOf(seat), Role = seat == 2 ? "chair" : "member" });
            ctx.Sessions.Add(new SessionEntity { Id = "vyshneva-45", CouncilId = CouncilId, Number = 45, Convocation = 8, Title = "Сорок п'ята сесія VIII скликання" });
            Plan(ctx, PastSittingId, "vyshneva-45", CouncilId + "-plenary", 1, today.AddDays(-7), PastItems.Select((t, n) => ($"demo-item-{n + 1}", t, (string?)$"{500 + n}")));
            Plan(ctx, CurrentSittingId, "vyshneva-45", CouncilId + "-plenary", 2, today,
                CurrentItems.Select((t, n) => ($"item-45-2-{n + 1}", t, n == CurrentItems.Length - 1 ? null : $"{520 + n}")));
            Plan(ctx, "vyshneva-45-3", "vyshneva-45", CouncilId + "-plenary", 3, today.AddDays(14),
                [("item-45-3-1", "Про затвердження програми благоустрою на 2027 рік", "531"), ("item-45-3-2", "Про місцеві податки і збори", "532")]);
            Plan(ctx, BudgetCommitteeId + "-" + today.AddDays(7).ToString("yyyyMMdd"), null, BudgetCommitteeId, 1, today.AddDays(7),
                [("item-budget-1", "Про розгляд проєкту бюджету громади на 2027 рік", "530")]);
            return true;
        });
        directory.CouncilsChanged();
        await PlayPastSittingAsync(today.AddDays(-7));
        await lifecycle.OpenAsync(CouncilId, CurrentSittingId, Demo);
        await WriteKeysAsync();
        log.LogInformation("Demo council seeded: {Council}, past sitting {Past} (10 votes), current sitting {Current}", CouncilId, PastSittingId, CurrentSittingId);
    }

    private static void Plan(RegistryDb ctx, string id, string? session, string body, int number, DateOnly date, IEnumerable<(string Id, string Title, string? Number)> items)
    {
        ctx.Sittings.Add(new SittingEntity
        {
            Id = id, CouncilId = CouncilId, SessionId = session, BodyId = body, HallId = HallId, Number = number, Date = date,
            Time = new TimeOnly(10, 0), Place = "с. Вишневе, сесійна зала", Status = SittingStatus.Planned,
        });
        int order = 0;
        foreach (var (itemId, title, projectNumber) in items)
            ctx.AgendaDrafts.Add(new AgendaDraftEntity
            {
                Id = itemId, SittingId = id, Order = ++order, Title = title, ProjectNumber = projectNumber,
                Author = projectNumber is null ? null : "Сільський голова", Text = "Проєкт рішення: " + title + ".",
            });
    }

    private async Task WriteKeysAsync()
    {
        var dir = options.Value.DataDir;
        foreach (var (file, kind, label) in new[] { ("gateway.key", TerminalKinds.Gateway, "Demo seat gateway"), ("broadcast.key", TerminalKinds.Broadcast, "Demo broadcast") })
        {
            var path = Path.Combine(dir, file);
            if (File.Exists(path)) continue;
            var (_, key) = await directory.IssueTerminalAsync(CouncilId, HallId, kind, [], label);
            await File.WriteAllTextAsync(path, key + "\n");
            Secrets.MakePrivate(path);
        }
    }

    private static readonly string[] CurrentItems =
    [
        "Про затвердження звіту про виконання бюджету громади за 9 місяців 2026 року",
        "Про встановлення ставок єдиного податку на 2027 рік",
        "Про найменування вулиці Героїв-прикордонників у с. Вишневе",
        "Про затвердження програми підтримки внутрішньо переміщених осіб «Єдність»",
        "Різне",
    ];

    /// <summary>The past sitting, played through the engine on its own day: 10:00 Kyiv time, registration, then each item in turn.</summary>
    private async Task PlayPastSittingAsync(DateOnly date)
    {
        var start = new DateTimeOffset(date.ToDateTime(new TimeOnly(10, 0)), Kyiv.GetUtcOffset(date.ToDateTime(new TimeOnly(10, 0))));
        clock.Pretend(PastSittingId, start);
        try
        {
            await PlayAsync();
        }
        finally
        {
            clock.Release(PastSittingId);
        }

        async Task PlayAsync()
        {
            await lifecycle.OpenAsync(CouncilId, PastSittingId, Demo);
            var grain = current.Grain(PastSittingId);
            var random = new Random(2026);
            Step(TimeSpan.FromMinutes(2));
            await Must(grain.Execute(new OpenRegistration()));
            var present = Enumerable.Range(1, HeadSeat).Where(s => s is not (4 or 13 or 22)).ToArray();
            // The vote's timer runs on real time while this play runs on the pretended clock: a load-test council's
            // 446 presses, one commit each, can take longer than 60 real seconds on a busy disk, and the timer would
            // close the vote under them. The chair closes every vote here, so a big council's votes get ten minutes.
            var voteSeconds = present.Length > 60 ? 600 : 60;
            foreach (var seat in present)
            {
                Step(TimeSpan.FromSeconds(random.Next(3, 20)));
                await Must(grain.Execute(new Identify(seat, DeputyOf(seat), "card") { CommandId = $"demo-id-{seat}" }));
            }
            Step(TimeSpan.FromMinutes(1));
            await Must(grain.Execute(new CloseRegistration()));

            for (int n = 0; n < PastItems.Length; n++)
            {
                var itemId = $"demo-item-{n + 1}";
                Step(TimeSpan.FromMinutes(1));
                await Must(grain.Execute(new StartAgendaItem(itemId)));
                var (kind, rule, mode) = n switch
                {
                    0 => (VoteKind.Procedural, VoteRule.MajorityOfRegistered, VoteMode.Named),
                    6 => (VoteKind.Election, VoteRule.MajorityOfComposition, VoteMode.Secret),
                    7 => (VoteKind.VetoOverride, VoteRule.TwoThirdsOfComposition, VoteMode.Named),
                    _ => (VoteKind.AsAWhole, VoteRule.MajorityOfComposition, VoteMode.Named),
                };
                if (n == 3) await Must(grain.Execute(new DeclareConflict(DeputyOf(5), itemId, "Заявляю про конфлікт інтересів: ділянка належить моєму братові")));
                // The report and the debate before the vote.
                Step(TimeSpan.FromMinutes(n == 1 ? 25 : random.Next(4, 12)));
                var voteId = $"demo-vote-{n + 1}";
                await Must(grain.Execute(new OpenVote(voteId, PastItems[n], kind, rule.Code, mode, voteSeconds, itemId)));
                double support = n switch { 7 => 0.55, 9 => 0.3, _ => 0.8 };
                foreach (var seat in present)
                {
                    if (n == 3 && seat == 5) continue;
                    // Presses spread over about 40 s of the vote's 60, whatever the council's size (a load-test demo has 450 seats).
                    Step(TimeSpan.FromMilliseconds(random.Next(1, 2 * 40_000 / present.Length + 1)));
                    if (seat == 11 && n == 2)
                    {
                        await Must(grain.Execute(new EnterProxyVote(voteId, DeputyOf(seat), Choice.Yes, "Несправний пульт на місці 11")));
                        continue;
                    }
                    var roll = random.NextDouble();
                    if (roll > 0.95) continue; // did not press
                    var choice = roll < support ? Choice.Yes : roll < support + (1 - support) / 2 ? Choice.No : Choice.Abstain;
                    await Must(grain.Execute(new Cast(seat, voteId, choice) { CommandId = $"demo-{n + 1}-{seat}" }));
                }
                Step(TimeSpan.FromSeconds(5));
                await Must(grain.Execute(new CloseVote(voteId, "chair")));
            }
            Step(TimeSpan.FromMinutes(3));
            foreach (var seat in present)
                await Must(grain.Execute(new Leave(seat) { CommandId = $"demo-leave-{seat}" }));
            await Must(grain.Execute(new CloseSitting()));
            await directory.MarkClosedAsync(PastSittingId);
            current.Forget(HallId, CouncilId);
        }

        void Step(TimeSpan by) => clock.Advance(PastSittingId, by);
    }

    private static async Task Must(Task<GrainAnswer> answer)
    {
        var a = await answer;
        if (!a.Accepted) throw new InvalidOperationException($"demo command refused: {a.Code}: {a.En}");
    }
}
