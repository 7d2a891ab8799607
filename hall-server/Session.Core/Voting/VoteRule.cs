namespace Session.Core.Voting;

/// <summary>The number a majority is counted from.</summary>
public enum MajorityBasis
{
    /// <summary>Total composition of the council (загальний склад); the head counts only when taking part (art. 59 part 2).</summary>
    Composition = 1,
    /// <summary>Deputies registered at the sitting when the vote opens.</summary>
    Registered = 2,
    /// <summary>Choices cast (За + Проти + Утримався); known only when the vote closes.</summary>
    Cast = 3,
}

/// <summary>
/// A majority rule as a value (STYLE.md habit 2). <see cref="Strict"/> means "more than N/D";
/// otherwise "at least N/D". The threshold is computed and shown before a vote opens.
/// </summary>
public sealed record VoteRule(string Code, MajorityBasis Basis, int Numerator, int Denominator, bool Strict, string TitleUk, string TitleEn)
{
    /// <summary>art. 59 part 2: a decision needs more than half of the total composition.</summary>
    public static readonly VoteRule MajorityOfComposition = new("majority-of-composition", MajorityBasis.Composition, 1, 2, true,
        "більшість від загального складу ради", "majority of the total composition");

    /// <summary>art. 59 part 4: overriding the head's veto needs two thirds of the total composition.</summary>
    public static readonly VoteRule TwoThirdsOfComposition = new("two-thirds-of-composition", MajorityBasis.Composition, 2, 3, false,
        "дві третини від загального складу ради", "two thirds of the total composition");

    /// <summary>Procedural votes under a council's rules of procedure.</summary>
    public static readonly VoteRule MajorityOfRegistered = new("majority-of-registered", MajorityBasis.Registered, 1, 2, true,
        "більшість від зареєстрованих депутатів", "majority of the registered deputies");

    public static readonly VoteRule MajorityOfCast = new("majority-of-cast", MajorityBasis.Cast, 1, 2, true,
        "більшість від тих, хто проголосував", "majority of the votes cast");

    public static IReadOnlyList<VoteRule> All { get; } = [MajorityOfComposition, TwoThirdsOfComposition, MajorityOfRegistered, MajorityOfCast];

    public static VoteRule? ByCode(string? code) => All.FirstOrDefault(r => r.Code == code);

    /// <summary>The least number of "За" votes that carries the motion, out of <paramref name="basis"/>.</summary>
    public int ThresholdOf(int basis)
    {
        if (basis < 0) throw new ArgumentOutOfRangeException(nameof(basis));
        long scaled = (long)basis * Numerator;
        return Strict ? (int)(scaled / Denominator) + 1 : (int)((scaled + Denominator - 1) / Denominator);
    }

    /// <summary>The basis this rule counts from, given the sitting's numbers.</summary>
    public int BasisOf(int composition, int registered, int cast) => Basis switch
    {
        MajorityBasis.Composition => composition,
        MajorityBasis.Registered => registered,
        MajorityBasis.Cast => cast,
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Threshold known before the vote opens, or null when it depends on the cast (majority of cast).</summary>
    public int? ThresholdBeforeOpening(int composition, int registered) =>
        Basis == MajorityBasis.Cast ? null : ThresholdOf(BasisOf(composition, registered, 0));
}
