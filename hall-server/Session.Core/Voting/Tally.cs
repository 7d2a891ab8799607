namespace Session.Core.Voting;

/// <summary>The counts of one vote. For a named vote every number is recomputable from the roll call.</summary>
public sealed record Tally(int Yes, int No, int Abstain, int NotVoting, int Absent, int Conflict)
{
    public static readonly Tally Empty = new(0, 0, 0, 0, 0, 0);

    public int Cast => Yes + No + Abstain;

    /// <summary>Counts a named roll call.</summary>
    public static Tally Of(IEnumerable<RollCallResult> rollCall)
    {
        int y = 0, n = 0, a = 0, nv = 0, ab = 0, c = 0;
        foreach (var r in rollCall)
        {
            switch (r)
            {
                case RollCallResult.Yes: y++; break;
                case RollCallResult.No: n++; break;
                case RollCallResult.Abstain: a++; break;
                case RollCallResult.NotVoting: nv++; break;
                case RollCallResult.Absent: ab++; break;
                case RollCallResult.Conflict: c++; break;
            }
        }
        return new Tally(y, n, a, nv, ab, c);
    }
}
