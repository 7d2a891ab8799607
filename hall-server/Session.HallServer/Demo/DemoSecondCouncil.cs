using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Session.HallServer.Auth;
using Session.HallServer.Hosting;
using Session.HallServer.Storage;

namespace Session.HallServer.Demo;

/// <summary>
/// The regional host's second demo council (<c>--demo --demo-councils 2</c>; <c>scripts/cluster.sh</c> asks for it): a
/// smaller fictional village council of 14 deputies and the head, two factions, its own hall, and a sitting open for
/// registration — so one cluster visibly serves two hromadas. PINs follow the first council's rule (<c>20</c> + seat);
/// card UIDs have their own prefix (a card belongs to one council).
/// </summary>
public sealed class DemoSecondCouncil(
    IDbContextFactory<RegistryDb> db,
    Secrets secrets,
    HallDirectory directory,
    Registry.RegistryWriter writer,
    Registry.SittingLifecycle lifecycle,
    IOptions<HallOptions> options,
    ILogger<DemoSecondCouncil> log)
{
    public const string CouncilId = "kalynivka";
    public const string HallId = CouncilId + "-hall";
    public const string CurrentSittingId = "kalynivka-12-1";
    public const string SecretaryLogin = "secretar-" + CouncilId;
    /// <summary>The seat gateway key of this council's hall, next to the first council's <c>gateway.key</c>.</summary>
    public const string GatewayKeyFile = "gateway-" + CouncilId + ".key";
    private const string Place = "с. Калинівка, зала засідань ради";
    private static readonly Registry.Actor Demo = new("demo", "", "");
    private static readonly TimeZoneInfo Kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");

    private static readonly (string Name, string Faction)[] People =
    [
        ("Антоненко Василь Петрович", "kal-f-nadiya"), ("Бабенко Людмила Сергіївна", "kal-f-sad"), ("Вакуленко Степан Іванович", "kal-f-nadiya"),
        ("Гордієнко Оксана Миколаївна", "kal-f-sad"), ("Даниленко Іван Олексійович", "kal-f-nadiya"), ("Євтушенко Марина Вікторівна", "kal-f-sad"),
        ("Захарченко Петро Андрійович", "kal-f-nadiya"), ("Ігнатенко Віра Степанівна", "kal-f-sad"), ("Кириленко Олександр Юрійович", "kal-f-nadiya"),
        ("Литвиненко Надія Григорівна", "kal-f-sad"), ("Мартинюк Тарас Васильович", "kal-f-nadiya"), ("Нестеренко Алла Іванівна", "kal-f-sad"),
        ("Остапенко Григорій Миколайович", "kal-f-nadiya"), ("Прокопенко Юлія Олегівна", "kal-f-sad"),
    ];
    private const int HeadSeat = 15;

    private static readonly string[] CurrentItems =
    [
        "Про затвердження порядку денного сесії",
        "Про ремонт даху Калинівського ліцею",
        "Про встановлення тарифів на вивезення побутових відходів на 2027 рік",
        "Різне",
    ];

    public static string CardOf(int seat) => "04C33D" + seat.ToString("X2");
    public static string PinOf(int seat) => DemoCouncil.PinOf(seat);
    public static string DeputyOf(int seat) => seat == HeadSeat ? "kal-head" : $"kal-{seat:D2}";

    /// <summary>Made once, through the registry and the sitting lifecycle, like the first demo council.</summary>
    public async Task SeedAsync(CancellationToken ct)
    {
        await using (var ctx = await db.CreateDbContextAsync(ct))
            if (await ctx.Councils.AnyAsync(c => c.Id == CouncilId, ct)) { await WriteKeyAsync(); return; }
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Kyiv).DateTime);
        await writer.WriteAsync(CouncilId, Demo, "demo.seed", CouncilId, ctx =>
        {
            ctx.Councils.Add(new CouncilEntity
            {
                Id = CouncilId, Name = "Калинівська сільська рада", Composition = People.Length,
                Edrpou = "04467890", Katottg = "UA18040150010067890", PublicBaseUrl = "https://kalynivka-rada.example.gov.ua",
            });
            ctx.Convocations.Add(new ConvocationEntity { CouncilId = CouncilId, Number = 8, DateFrom = new DateOnly(2020, 12, 1), DateUntil = new DateOnly(2025, 12, 1) });
            ctx.Factions.AddRange(
                new FactionEntity { Id = "kal-f-nadiya", CouncilId = CouncilId, Name = "Надія громади" },
                new FactionEntity { Id = "kal-f-sad", CouncilId = CouncilId, Name = "Калиновий сад" });
            ctx.Halls.Add(new HallEntity { Id = HallId, CouncilId = CouncilId, Name = "Зала засідань", Place = Place });
            for (int seat = 1; seat <= HeadSeat; seat++)
            {
                var (name, faction) = seat == HeadSeat ? ("Шаповал Ярослава Іванівна", (string?)null) : People[seat - 1];
                DemoCouncil.AddSeated(ctx, secrets, new DemoCouncil.DemoSeat(CouncilId, HallId, seat, seat == HeadSeat, name, faction, DeputyOf(seat), CardOf(seat), PinOf(seat),
                    new DateOnly(1965 + seat % 30, seat % 12 + 1, seat % 28 + 1),
                    X: seat == HeadSeat ? 50 : 10 + (seat - 1) % 7 * 13, Y: seat == HeadSeat ? 8 : 35 + (seat - 1) / 7 * 20));
            }
            ctx.Bodies.Add(new BodyEntity { Id = CouncilId + "-plenary", CouncilId = CouncilId, Kind = BodyRules.Plenary, Name = "Калинівська сільська рада" });
            ctx.Sessions.Add(new SessionEntity { Id = "kalynivka-12", CouncilId = CouncilId, Number = 12, Convocation = 8, Title = "Дванадцята сесія VIII скликання" });
            ctx.Sittings.Add(new SittingEntity
            {
                Id = CurrentSittingId, CouncilId = CouncilId, SessionId = "kalynivka-12", BodyId = CouncilId + "-plenary", HallId = HallId,
                Number = 1, Date = today, Time = new TimeOnly(14, 0), Place = Place, Status = SittingStatus.Planned,
            });
            int order = 0;
            foreach (var title in CurrentItems)
            {
                order++;
                var project = title == "Різне" ? null : $"{100 + order}";
                ctx.AgendaDrafts.Add(new AgendaDraftEntity
                {
                    Id = $"item-kal-12-1-{order}", SittingId = CurrentSittingId, Order = order, Title = title, ProjectNumber = project,
                    Author = project is null ? null : "Сільська голова", Text = "Проєкт рішення: " + title + ".",
                });
            }
            return Task.FromResult(true);
        });
        directory.CouncilsChanged();
        await lifecycle.OpenAsync(CouncilId, CurrentSittingId, Demo);
        await WriteKeyAsync();
        log.LogInformation("Second demo council seeded: {Council}, current sitting {Current}", CouncilId, CurrentSittingId);
    }

    private async Task WriteKeyAsync()
    {
        var path = Path.Combine(options.Value.DataDir, GatewayKeyFile);
        if (File.Exists(path)) return;
        var (_, key) = await directory.IssueTerminalAsync(CouncilId, HallId, TerminalKinds.Gateway, [], "Demo seat gateway (" + CouncilId + ")");
        await File.WriteAllTextAsync(path, key + "\n");
        Secrets.MakePrivate(path);
    }
}
