using Session.Core.Council;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Voting;

namespace Session.Fuzz.Targets;

/// <summary>
/// A sitting where every hub command has something to act on: 26 deputies and a head on seats 1–27, fourteen
/// registered, one agenda item started and a named vote open. Built through the rules and the hash chain, as the grain does.
/// </summary>
public sealed class SittingFixture
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    public const string ItemId = "i-1";
    public const string VoteId = "v-1";

    public Sitting Sitting { get; } = Sitting.Empty("s-fuzz");

    /// <summary>Every event so far, as the journal holds it (the corpus of the journal target is made from these).</summary>
    public List<JournalEntry> Journal { get; } = new();

    public SittingFixture()
    {
        var people = Enumerable.Range(1, 26).Select(i => new DeputyRef($"d{i}", $"Депутат {i}", $"f{i % 3}")).Append(new DeputyRef("head", "Голова", null, IsHead: true)).ToList();
        var roster = new Roster(new BodyInfo("c-1", "Рада", "council", 26, "01234567", "UA00000000000000000", 8), people,
            [new Faction("f0", "Нульова"), new Faction("f1", "Перша"), new Faction("f2", "Друга")],
            Enumerable.Range(1, people.Count).Select(n => new Seat(n, n.ToString())).ToArray());
        Apply(Decision.Of(new SittingOpened(Sitting.SittingId, roster, 1, "Сесія", 1, "зала", new DateOnly(2026, 11, 23), false)));
        Must(new OpenRegistration());
        for (int seat = 1; seat <= 14; seat++) Must(new Identify(seat, $"d{seat}", "card") { CommandId = $"reg-{seat}" });
        Must(new CloseRegistration());
        Must(new AddAgendaItem(ItemId, "Питання", null, null, false, null));
        Must(new StartAgendaItem(ItemId));
        Must(new OpenVote(VoteId, "Рішення", VoteKind.AsAWhole, "majority-of-composition", VoteMode.Named, 60, ItemId));
    }

    /// <summary>Decides a command and, when accepted, appends its events; returns the decision.</summary>
    public Decision Run(SittingCommand command)
    {
        var d = Sitting.Decide(command, Now.AddSeconds(5));
        if (d.Accepted && d.DuplicateOf is null) Apply(d);
        return d;
    }

    private void Must(SittingCommand command)
    {
        var d = Run(command);
        if (!d.Accepted) throw new InvalidOperationException($"the fixture's {command.GetType().Name} was refused: {d.Rejection}");
    }

    private void Apply(Decision d)
    {
        foreach (var e in d.Events)
        {
            var entry = HashChain.Seal(Sitting.LastSeq + 1, Now, e, Sitting.LastHash);
            Sitting.Apply(entry, e is SecretBallotCast ? d.SecretVoter : null);
            Journal.Add(entry);
        }
    }
}
