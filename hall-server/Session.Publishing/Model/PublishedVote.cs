using Session.Core.Council;
using Session.Core.Sittings;
using Session.Core.Voting;

namespace Session.Publishing.Model;

public enum VoteOutcome { Passed = 1, Failed = 2, Cancelled = 3 }

/// <summary>One deputy's line of a published roll call.</summary>
public sealed record PublishedBallot(
    DeputyRef Deputy,
    RollCallResult Result,
    bool Proxy,
    string? ProxyReason,
    bool ConflictDeclared,
    bool Remote = false)
{
    public const string RemoteNote = "Голосував дистанційно (ключ доступу і PIN на зареєстрованому пристрої)";

    public string Legal => LegalResult.Of(Result);

    /// <summary>
    /// <see cref="Note"/> and, for a press from the deputy's remote place, that it was remote: what the open data carry
    /// per line. The protocol marks remote lines with «(дист.)» beside the name instead, so a remote sitting's roll
    /// calls are not one footnote per deputy.
    /// </summary>
    public string? Remarks => Remote ? (Note is { } n ? n + "; " + RemoteNote : RemoteNote) : Note;

    /// <summary>Why this line needs a remark (art. 59-1 conflicts, the secretary's proxy entries); null when none.</summary>
    public string? Note
    {
        get
        {
            var parts = new List<string>(2);
            if (Result == RollCallResult.Conflict)
                parts.Add("Заявлено конфлікт інтересів (ст. 59-1), участі в голосуванні не брав");
            else if (ConflictDeclared)
                parts.Add("Заявлено конфлікт інтересів (ст. 59-1); голосував, бо інакше не було б кворуму");
            if (Proxy)
                parts.Add("Внесено секретарем за депутата: " + ProxyReason);
            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
    }
}

/// <summary>
/// A vote as the open data and the protocol show it. Every vote that closed or was cancelled is its own event with its
/// own uid; a re-vote points at the vote it repeats and nothing is overwritten.
/// </summary>
public sealed record PublishedVote(
    int Number,
    string Uid,
    string MotionUid,
    string VoteId,
    AgendaItem? Item,
    int? ItemNumber,
    string Motion,
    VoteKind Kind,
    VoteRule Rule,
    VoteMode Mode,
    int Composition,
    int Registered,
    int? Threshold,
    DateTimeOffset Start,
    DateTimeOffset End,
    string ClosedBy,
    VoteOutcome Outcome,
    LegalCounts Counts,
    int Conflicts,
    IReadOnlyList<PublishedBallot>? RollCall,
    string? CancelReason,
    bool CancelledAfterClose,
    string? RevoteOfUid)
{
    public bool IsSecret => Mode == VoteMode.Secret;

    /// <summary>The annex-29 result: a cancelled vote's result is void, shown as «Не голосували».</summary>
    public string LegalResultText => Outcome switch
    {
        VoteOutcome.Passed => LegalResult.Passed,
        VoteOutcome.Failed => LegalResult.Failed,
        _ => LegalResult.NotVoted,
    };

    public string? PopoloResult => Outcome switch
    {
        VoteOutcome.Passed => "pass",
        VoteOutcome.Failed => "fail",
        _ => null,
    };
}
