using Session.Core.Council;
using Session.Core.Journal;
using Session.Core.Sittings;

namespace Session.Core.Tests;

/// <summary>Plays commands through the rules and the hash chain, as the grain does, with a clock the test moves.</summary>
public sealed class Player
{
    public Sitting Sitting { get; }
    public List<JournalEntry> Journal { get; } = new();
    public DateTimeOffset Now { get; set; } = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public Player(int deputies = 26, bool withHead = true, int composition = -1, bool firstPressFinal = false, string sittingId = "s-1")
    {
        Sitting = Sitting.Empty(sittingId);
        var people = Enumerable.Range(1, deputies).Select(i => new DeputyRef($"d{i}", $"Депутат {i}", i % 3 == 0 ? "f1" : i % 3 == 1 ? "f2" : "f3")).ToList();
        if (withHead) people.Add(new DeputyRef("head", "Голова", null, IsHead: true));
        var roster = new Roster(
            new BodyInfo("c-1", "Тестова рада", "council", composition < 0 ? deputies : composition, "01234567", "UA00000000000000000", 8),
            people,
            [new Faction("f1", "Перша"), new Faction("f2", "Друга"), new Faction("f3", "Третя")],
            Enumerable.Range(1, people.Count).Select(n => new Seat(n, n.ToString())).ToArray());
        Append(Decision.Of(new SittingOpened(sittingId, roster, 1, "Перша сесія", 1, "зала", new DateOnly(2026, 11, 23), firstPressFinal)));
    }

    public string DeputyAt(int seat) => Sitting.Roster.Deputies[seat - 1].Id;

    public Decision Run(SittingCommand command)
    {
        var d = Sitting.Decide(command, Now);
        if (d.Accepted && d.DuplicateOf is null) Append(d);
        return d;
    }

    public Decision Must(SittingCommand command)
    {
        var d = Run(command);
        if (!d.Accepted) throw new InvalidOperationException($"refused: {d.Rejection}");
        return d;
    }

    private void Append(Decision d)
    {
        foreach (var e in d.Events)
        {
            var entry = HashChain.Seal(Sitting.LastSeq + 1, Now, e, Sitting.LastHash);
            Sitting.Apply(entry, e is SecretBallotCast ? d.SecretVoter : null);
            Journal.Add(entry);
        }
    }

    private int _ids;
    public string Id(string prefix = "c") => $"{prefix}-{++_ids}";

    /// <summary>Registers the deputies at the given seats (identify during open registration).</summary>
    public void Register(params int[] seats)
    {
        Must(new OpenRegistration());
        foreach (var s in seats) Must(new Identify(s, DeputyAt(s), "card") { CommandId = Id() });
        Must(new CloseRegistration());
    }

    public string AddItem(string title = "Питання")
    {
        var id = Id("i");
        Must(new AddAgendaItem(id, title, null, null, false, null));
        return id;
    }

    public string OpenVote(string rule = "majority-of-composition", Voting.VoteMode mode = Voting.VoteMode.Named, int seconds = 60, string? itemId = null)
    {
        var id = Id("v");
        Must(new OpenVote(id, "Рішення", Voting.VoteKind.AsAWhole, rule, mode, seconds, itemId));
        return id;
    }

    public Decision Cast(int seat, string voteId, Voting.Choice choice, string? commandId = null) =>
        Run(new Cast(seat, voteId, choice) { CommandId = commandId ?? Id() });

    /// <summary>Replays the journal into a fresh state, as a restart does.</summary>
    public Sitting Replay()
    {
        var s = Sitting.Empty(Sitting.SittingId);
        var prev = HashChain.Genesis(Sitting.SittingId);
        foreach (var e in Journal)
        {
            var read = HashChain.Read(e.Canonical, e.Hash, prev, e.Seq);
            s.Apply(read);
            prev = read.Hash;
        }
        return s;
    }
}
