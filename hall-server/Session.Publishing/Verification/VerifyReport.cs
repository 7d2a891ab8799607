namespace Session.Publishing.Verification;

/// <summary>One thing that does not hold, about one file (a path relative to the verified folder).</summary>
public sealed record Problem(string File, string Message)
{
    public override string ToString() => $"{File}: {Message}";
}

public sealed class VerifyReport
{
    private readonly List<Problem> _problems = new();
    private readonly List<string> _facts = new();

    public IReadOnlyList<Problem> Problems => _problems;

    /// <summary>What was checked and found good (signer, chain head), printed for the reader.</summary>
    public IReadOnlyList<string> Facts => _facts;

    public bool Ok => _problems.Count == 0;

    public void Fail(string file, string message) => _problems.Add(new Problem(file, message));

    public void Note(string fact) => _facts.Add(fact);

    public override string ToString() => string.Join("\n", _facts.Concat(_problems.Select(p => "FAIL " + p)));
}
