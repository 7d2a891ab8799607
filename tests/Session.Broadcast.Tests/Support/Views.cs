using Session.Core.Wire;

namespace Session.Broadcast.Tests.Support;

/// <summary>Builds <see cref="SittingView"/>s as hall-server pushes them, for the pure overlay and chapter tests.</summary>
public static class TestViews
{
    public static readonly FactionView[] Factions = [new("f1", "Слуга народу"), new("f2", "Європейська солідарність"), new("f3", "За майбутнє")];

    public static SittingView Sitting(int items = 4, string? currentItemId = null, string status = "open", VoteView[]? votes = null,
        VoteView? vote = null, SpeakerView? speaker = null, RecessView? recess = null) =>
        new("s-1", "Тестова міська рада", 8, 12, "Дванадцята сесія", 3, "2026-11-23", "Сесійна зала", status, recess,
            false, 20, 27, 14, true, true,
            Enumerable.Range(1, items).Select(n => new AgendaItemView($"i{n}", n, $"Про затвердження програми розвитку №{n}", null, null, false, null)).ToArray(),
            currentItemId, vote, votes ?? [], speaker, [], [], Factions, [], 10, "00");

    public static VoteView Vote(string id, string status, bool? passed, int yes, int no, int abstain, RollCallView[]? rollCall = null) =>
        new(id, 1, "i1", "Про бюджет громади на 2027 рік", "as-a-whole", "в цілому", "majority-of-composition", "більшість від складу ради",
            "majority of composition", "named", 14, 27, 20, DateTimeOffset.UtcNow.AddSeconds(-30), DateTimeOffset.UtcNow.AddSeconds(30),
            status == "closed" ? DateTimeOffset.UtcNow : null, status, null, new TallyView(yes, no, abstain, 20 - yes - no - abstain, 7, 0),
            passed, passed is null ? null : passed.Value ? "Прийнято" : "Не прийнято", null, null, rollCall);
}
