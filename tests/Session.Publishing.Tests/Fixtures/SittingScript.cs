using Session.Core.Council;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Voting;

namespace Session.Publishing.Tests.Fixtures;

/// <summary>
/// Plays commands through the real rules (<see cref="Sitting.Decide"/>), seals each event into the hash chain and folds it,
/// as the hall-server does; a rejected command fails the test at once.
/// </summary>
internal sealed class SittingScript
{
    private int _command;

    public Sitting Sitting { get; }
    public List<JournalEntry> Journal { get; } = new();
    public DateTimeOffset Now { get; private set; }

    public SittingScript(string sittingId, Roster roster, DateTimeOffset start, string? mode = null)
    {
        Sitting = Sitting.Empty(sittingId);
        Now = start;
        Append(Sitting.Open(new SittingOpened(sittingId, roster, 7, "Сьома сесія", 2, "Сесійна зала, вул. Соборна, 1", DateOnly.FromDateTime(start.UtcDateTime), false, Mode: mode)), null);
    }

    public Decision Do(SittingCommand command, double seconds = 1)
    {
        Now = Now.AddSeconds(seconds);
        if (command.CommandId is null) command = command with { CommandId = $"c{++_command}" };
        var d = Sitting.Decide(command, Now);
        if (!d.Accepted) throw new InvalidOperationException($"{command.GetType().Name} rejected: {d.Rejection}");
        Append(d, d.SecretVoter);
        return d;
    }

    private void Append(Decision d, string? secretVoter)
    {
        foreach (var e in d.Events)
        {
            var entry = HashChain.Seal(Sitting.LastSeq + 1, Now, e, Sitting.LastHash);
            Sitting.Apply(entry, secretVoter);
            Journal.Add(entry);
        }
    }

    /// <summary>Seats 1..n identified and registered (the deputy at seat i is roster deputy i).</summary>
    public void Register(Roster roster, int count)
    {
        Do(new OpenRegistration());
        for (int i = 0; i < count; i++) Do(new Identify(roster.Seats[i].Number, roster.Deputies[i].Id, "card"), 0.2);
        Do(new CloseRegistration());
    }

    /// <summary>A named vote: seat i presses choices[i] (null: no press), then the chair closes it.</summary>
    public void Vote(string voteId, string motion, string? itemId, IReadOnlyList<Choice?> choices, string rule = "majority-of-composition",
        VoteMode mode = VoteMode.Named, VoteKind kind = VoteKind.AsAWhole, string? revoteOf = null, bool close = true)
    {
        Do(new OpenVote(voteId, motion, kind, rule, mode, 60, itemId, revoteOf));
        for (int i = 0; i < choices.Count; i++)
            if (choices[i] is { } c && Sitting.DeputyAtSeat.TryGetValue(i + 1, out var deputy)
                && Sitting.Registered.Contains(deputy) && Sitting.ConflictOf(deputy, Sitting.Vote(voteId)!.Opened.ItemId) is not { MayVote: false })
                Do(new Cast(i + 1, voteId, c), 0.05);
        if (close) Do(new CloseVote(voteId, "chair"), 2);
    }
}
