using Session.Core.Voting;

namespace Session.Publishing.Model;

/// <summary>A vote's counts in the five legal categories; conflicts of interest count as «Не голосував».</summary>
public sealed record LegalCounts(int For, int Against, int Abstain, int NotVoting, int Absent)
{
    public int Total => For + Against + Abstain + NotVoting + Absent;

    public int Cast => For + Against + Abstain;

    public static LegalCounts Of(Tally t) => new(t.Yes, t.No, t.Abstain, t.NotVoting + t.Conflict, t.Absent);

    /// <summary>Counts rows of the five legal values; any other value is a caller's bug.</summary>
    public static LegalCounts Of(IEnumerable<string> legalResults)
    {
        int f = 0, a = 0, ab = 0, nv = 0, abs = 0;
        foreach (var r in legalResults)
        {
            switch (r)
            {
                case LegalResult.For: f++; break;
                case LegalResult.Against: a++; break;
                case LegalResult.Abstain: ab++; break;
                case LegalResult.NotVoting: nv++; break;
                case LegalResult.Absent: abs++; break;
                default: throw new ArgumentException($"'{r}' is not one of the five legal results", nameof(legalResults));
            }
        }
        return new LegalCounts(f, a, ab, nv, abs);
    }
}
