using Session.Core.Journal;
using Session.Core.Voting;

namespace Session.Core.Sittings;

public enum VoteStatus { Open = 1, Closed = 2, Cancelled = 3 }

/// <summary>A vote as the fold of its events: what opened it, the ballots, how it ended.</summary>
public sealed class VoteState(VoteOpened opened, DateTimeOffset openedAt)
{
    public VoteOpened Opened { get; } = opened;
    public DateTimeOffset OpenedAt { get; } = openedAt;
    public string Id => Opened.VoteId;
    /// <summary>The self-test's vote: journaled, shown in the hall, never counted or published as a decision.</summary>
    public bool IsTest => Opened.Test;
    public VoteRule Rule { get; } = VoteRule.ByCode(opened.RuleCode) ?? throw new InvalidOperationException($"unknown rule {opened.RuleCode}");
    public VoteStatus Status { get; internal set; } = VoteStatus.Open;
    public bool WasClosed => Closed is not null;
    public VoteClosed? Closed { get; internal set; }
    public DateTimeOffset? ClosedAt { get; internal set; }
    public string? CancelReason { get; internal set; }

    /// <summary>Named votes: deputy id → current ballot. Empty for secret votes.</summary>
    public Dictionary<string, Ballot> Ballots { get; } = new();

    /// <summary>Secret votes: counts only.</summary>
    public int SecretYes { get; internal set; }
    public int SecretNo { get; internal set; }
    public int SecretAbstain { get; internal set; }

    /// <summary>Secret votes: who has voted, in memory only (never journaled until the sorted turnout at close).</summary>
    internal HashSet<string> SecretVoters { get; } = new();

    /// <summary>The roll call frozen at close (named votes), in roster order.</summary>
    public IReadOnlyList<RollCallLine>? RollCall { get; internal set; }

    public int SecretCast => SecretYes + SecretNo + SecretAbstain;
}

/// <summary><see cref="Remote"/>: the counted press came from the deputy's remote place (passkey + PIN).</summary>
public sealed record RollCallLine(string DeputyId, RollCallResult Result, bool Proxy, string? ProxyReason, bool ConflictDeclared, bool Remote = false);
