namespace Session.Core.Voting;

/// <summary>What is being voted on; carried into the protocol and Popolo's motion classification.</summary>
public enum VoteKind
{
    Procedural = 1,
    ForBasis = 2,
    AsAWhole = 3,
    Amendment = 4,
    Election = 5,
    VetoOverride = 6,
}

/// <summary>Named roll call (поіменне) or secret: totals and turnout only, the seat→choice link never stored.</summary>
public enum VoteMode
{
    Named = 1,
    Secret = 2,
}

public static class VoteKindText
{
    public static string Ukrainian(this VoteKind k) => k switch
    {
        VoteKind.Procedural => "процедурне",
        VoteKind.ForBasis => "за основу",
        VoteKind.AsAWhole => "в цілому",
        VoteKind.Amendment => "поправка",
        VoteKind.Election => "обрання",
        VoteKind.VetoOverride => "подолання вето",
        _ => k.ToString(),
    };
}
