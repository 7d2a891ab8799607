using Session.Core.Sittings;
using Session.Core.Voting;

namespace Session.Publishing.Tests.Fixtures;

/// <summary>Sittings that exercise what the protocol and open data must show.</summary>
internal static class SampleSittings
{
    public static readonly DateTimeOffset Start = new(2025, 3, 14, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Item i1's draft decision: two paragraphs, and characters HTML must escape.</summary>
    public const string Draft1 = "Затвердити бюджет Їжівської територіальної громади на 2025 рік: доходи 12 345 678 грн & видатки <= доходів.\n\nКонтроль покласти на постійну комісію з питань бюджету.";

    /// <summary>
    /// 26 deputies + head (27 seats); 25 register. Votes: v1 passes with a proxy entry; v2 with a declared conflict fails;
    /// v3 cancelled while open, v3r its re-vote; recess (air-raid alert) and resume; v4 secret election; v5 closed and then
    /// cancelled; then the sitting closes (when <paramref name="close"/>).
    /// </summary>
    public static SittingScript Rich(string id = "s-2025-03-14", bool close = true, int stopAfterVotes = int.MaxValue)
    {
        var roster = Councils.Make(27, 26);
        var s = new SittingScript(id, roster, Start);
        s.Register(roster, 25);
        s.Do(new AddAgendaItem("i1", "Про бюджет Їжівської громади на 2025 рік", Draft1, "757/2", false, null));
        s.Do(new AddAgendaItem("i2", "Про ремонт ґанку та передачу в оренду земельної ділянки «Ґрунт-Є»", "1. Передати в оренду земельну ділянку.\n2. Відремонтувати ґанок.", "758", false, null));
        s.Do(new AddAgendaItem("i3", "Про обрання секретаря ради", null, null, true, "Відставка попереднього секретаря"));
        int votes = 0;
        bool Stop() => ++votes >= stopAfterVotes;

        s.Do(new StartAgendaItem("i1"));
        s.Do(new OpenVote("v1", "Про бюджет Їжівської громади на 2025 рік — в цілому", VoteKind.AsAWhole, "majority-of-composition", VoteMode.Named, 60));
        for (int seat = 1; seat <= 25; seat++)
            if (seat != 4 && Councils.Pattern(seat, 1) is { } c) s.Do(new Cast(seat, "v1", c), 0.05);
        s.Do(new EnterProxyVote("v1", "dep-04", Choice.Yes, "Термінал місця 4 не працює"));
        s.Do(new CloseVote("v1", "chair"), 2);
        if (Stop()) return s;

        s.Do(new StartAgendaItem("i2"));
        s.Do(new DeclareConflict("dep-05", "i2", "Маю приватний інтерес: ділянку орендує мій родич"));
        s.Vote("v2", "Про передачу в оренду земельної ділянки «Ґрунт-Є»", null, Enumerable.Range(1, 27).Select(i => i % 3 == 0 ? (Choice?)Choice.No : i % 2 == 0 ? Choice.Yes : Choice.Abstain).ToArray());
        if (Stop()) return s;

        s.Vote("v3", "Про передачу в оренду (повторне внесення)", null, Enumerable.Range(1, 10).Select(_ => (Choice?)Choice.Yes).ToArray(), close: false);
        s.Do(new CancelVote("v3", "Збій табло: голоси не відображались"));
        s.Vote("v3r", "Про передачу в оренду (повторне внесення)", null, Enumerable.Range(1, 27).Select(i => (Choice?)(i % 5 == 0 ? Choice.No : Choice.Yes)).ToArray(), revoteOf: "v3");
        if (Stop()) return s;

        s.Do(new StartRecess("air-raid", "Повітряна тривога"));
        s.Do(new Resume(), 1200);

        s.Do(new StartAgendaItem("i3"));
        s.Vote("v4", "Обрання секретарем ради Пʼятничук Оксани", null, Enumerable.Range(1, 27).Select(i => (Choice?)(i % 4 == 0 ? Choice.No : Choice.Yes)).ToArray(),
            mode: VoteMode.Secret, kind: VoteKind.Election);
        if (Stop()) return s;

        s.Vote("v5", "Про перерву до 12:00", null, Enumerable.Range(1, 27).Select(i => (Choice?)Choice.Yes).ToArray(), rule: "majority-of-registered", kind: VoteKind.Procedural);
        s.Do(new CancelVote("v5", "Головуючий відкликав пропозицію"));
        if (close) s.Do(new CloseSitting());
        return s;
    }

    /// <summary>The benchmark's sitting: <paramref name="votes"/> named votes of <paramref name="deputies"/> deputies.</summary>
    public static SittingScript Large(int votes, int deputies, string id = "s-bench", bool close = true)
    {
        var roster = Councils.Make(deputies, deputies - 1, "rada-bench");
        var s = new SittingScript(id, roster, Start);
        s.Register(roster, deputies - 3);
        for (int i = 1; i <= votes; i++)
        {
            var itemId = $"i{i}";
            s.Do(new AddAgendaItem(itemId, $"Питання {i}: про затвердження програми розвитку громади «Їжівка-{i}»", null, $"{100 + i}/{i % 7}", false, null));
            s.Do(new StartAgendaItem(itemId));
            s.Vote($"v{i}", $"Питання {i} — в цілому", null, Enumerable.Range(1, deputies).Select(seat => Councils.Pattern(seat, i)).ToArray());
        }
        if (close) s.Do(new CloseSitting());
        return s;
    }
}
