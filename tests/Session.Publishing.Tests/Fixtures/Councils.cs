using Session.Core.Council;
using Session.Core.Voting;

namespace Session.Publishing.Tests.Fixtures;

/// <summary>Rosters with Ukrainian names that use і, ї, є, ґ and the apostrophe.</summary>
internal static class Councils
{
    private static readonly string[] Family = ["Ґудзь", "Їжакевич", "Єременко", "Кобзарʼ", "Пʼятничук", "Іваненко", "Коваль", "Шевчук", "Бондаренко", "Мельник", "Ткаченко", "Олійник"];
    private static readonly string[] Given = ["Ігор", "Їлона", "Євген", "Ґалина", "Оксана", "Марʼяна", "Петро", "Андрій"];
    private static readonly string[] Patronymic = ["Іванович", "Євгенівна", "Юрійович", "Ігорівна", "Олексійович", "Андріївна"];

    public static Roster Make(int deputies, int composition, string id = "rada-test")
    {
        var factions = new List<Faction>
        {
            new("f-solid", "Фракція «Єдність громади»"),
            new("f-green", "Фракція «Зелена Ґрунтовність»"),
            new("f-new", "Фракція «Нові обʼєднання»"),
        };
        var list = new List<DeputyRef>();
        for (int i = 0; i < deputies; i++)
        {
            var name = $"{Family[i % Family.Length]}{(i >= Family.Length ? "-" + (i / Family.Length) : "")} {Given[i % Given.Length]} {Patronymic[i % Patronymic.Length]}";
            string? faction = i % 7 == 6 ? null : factions[i % 3].Id;
            list.Add(new DeputyRef($"dep-{i + 1:00}", name, faction, IsHead: i == deputies - 1));
        }
        var seats = Enumerable.Range(1, deputies).Select(n => new Seat(n, $"Місце {n}")).ToArray();
        var body = new BodyInfo(id, "Їжівська сільська рада", "council", composition, "04412345", "UA32140050010021659", 8);
        return new Roster(body, list, factions, seats);
    }

    public static Choice? Pattern(int seat, int vote) => ((seat * 7 + vote * 3) % 10) switch
    {
        < 6 => Choice.Yes,
        6 => Choice.No,
        7 => Choice.Abstain,
        8 => null,
        _ => Choice.Yes,
    };
}
