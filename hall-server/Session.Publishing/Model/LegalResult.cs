using Session.Core.Voting;

namespace Session.Publishing.Model;

/// <summary>
/// The five per-deputy values the annex-29 dataset allows (DOMAIN.md), and the Popolo options.
/// A declared conflict of interest (art. 59-1) has no value of its own in the law's list: it is published as
/// «Не голосував» / "not voting", with the declaration in a note (voteNotes.csv, Popolo vote <c>note</c>, the protocol).
/// </summary>
public static class LegalResult
{
    public const string For = "За";
    public const string Against = "Проти";
    public const string Abstain = "Утримався";
    public const string NotVoting = "Не голосував";
    public const string Absent = "Відсутній";

    public static readonly IReadOnlyList<string> All = [For, Against, Abstain, NotVoting, Absent];

    public const string Passed = "Прийнято";
    public const string Failed = "Не прийнято";
    public const string NotVoted = "Не голосували";
    public const string NotConsidered = "Не розглядали";

    public static readonly IReadOnlyList<string> VoteEventResults = [Passed, Failed, NotVoted, NotConsidered];

    public static string Of(RollCallResult r) => r switch
    {
        RollCallResult.Yes => For,
        RollCallResult.No => Against,
        RollCallResult.Abstain => Abstain,
        RollCallResult.NotVoting or RollCallResult.Conflict => NotVoting,
        RollCallResult.Absent => Absent,
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };

    public static string Popolo(RollCallResult r) => r switch
    {
        RollCallResult.Yes => "yes",
        RollCallResult.No => "no",
        RollCallResult.Abstain => "abstain",
        RollCallResult.NotVoting or RollCallResult.Conflict => "not voting",
        RollCallResult.Absent => "absent",
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };

    public static string PopoloOf(string legal) => legal switch
    {
        For => "yes",
        Against => "no",
        Abstain => "abstain",
        NotVoting => "not voting",
        Absent => "absent",
        _ => throw new ArgumentOutOfRangeException(nameof(legal), legal, "not one of the five legal values"),
    };
}
