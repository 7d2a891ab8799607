namespace Session.Core.Voting;

/// <summary>A choice a deputy can press: За, Проти, Утримався.</summary>
public enum Choice
{
    Yes = 1,
    No = 2,
    Abstain = 3,
}

/// <summary>
/// What the roll call shows for one deputy after a vote. The first three are pressed;
/// the rest are derived (DOMAIN.md): registered without a choice, not registered,
/// or out of the vote by a declared conflict of interest (art. 59-1).
/// </summary>
public enum RollCallResult
{
    Yes = 1,
    No = 2,
    Abstain = 3,
    NotVoting = 4,
    Absent = 5,
    Conflict = 6,
}

public static class ChoiceText
{
    public static string Ukrainian(this RollCallResult r) => r switch
    {
        RollCallResult.Yes => "За",
        RollCallResult.No => "Проти",
        RollCallResult.Abstain => "Утримався",
        RollCallResult.NotVoting => "Не голосував",
        RollCallResult.Absent => "Відсутній",
        RollCallResult.Conflict => "Не брав участі — конфлікт інтересів",
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };

    public static string English(this RollCallResult r) => r switch
    {
        RollCallResult.Yes => "Yes",
        RollCallResult.No => "No",
        RollCallResult.Abstain => "Abstain",
        RollCallResult.NotVoting => "Did not vote",
        RollCallResult.Absent => "Absent",
        RollCallResult.Conflict => "Did not take part — conflict of interest",
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };

    public static RollCallResult ToRollCall(this Choice c) => (RollCallResult)(int)c;

    public static string Ukrainian(this Choice c) => c.ToRollCall().Ukrainian();
}
