using System.Runtime.Serialization;

namespace Session.Core.Wire;

// The messages of /hubs/terminal (ARCHITECTURE.md "Contracts"). Names are camelCase on the wire in both the JSON
// and the MessagePack hub protocols ([DataMember] names are what MessagePack uses); enums travel as strings.

/// <summary><c>Hello(request)</c>: a tablet or a seat gateway presents the terminal key the secretary issued.</summary>
[DataContract]
public sealed record HelloRequest(
    [property: DataMember(Name = "terminalKey")] string TerminalKey,
    [property: DataMember(Name = "client")] string? Client = null);

[DataContract]
public sealed record HelloReply(
    [property: DataMember(Name = "accepted")] bool Accepted,
    [property: DataMember(Name = "reason")] string? Reason,
    [property: DataMember(Name = "message")] string? Message,
    [property: DataMember(Name = "terminalId")] string? TerminalId,
    [property: DataMember(Name = "kind")] string? Kind,
    [property: DataMember(Name = "seats")] int[] Seats,
    [property: DataMember(Name = "sittingId")] string? SittingId);

/// <summary>
/// <c>Identify(request)</c>: a deputy at a seat, by card UID (hex), by the card and a PIN (the card names the deputy),
/// or by the deputy chosen on the tablet (<c>deputy</c>, the registry id) and that deputy's PIN. A PIN alone is refused
/// (<c>pin-needs-deputy</c>): it would be checked against every deputy of the council (docs/security.md).
/// </summary>
[DataContract]
public sealed record IdentifyRequest(
    [property: DataMember(Name = "commandId")] string CommandId,
    [property: DataMember(Name = "seat")] int Seat,
    [property: DataMember(Name = "card")] string? Card = null,
    [property: DataMember(Name = "pin")] string? Pin = null,
    [property: DataMember(Name = "deputy")] string? Deputy = null);

/// <summary><c>Cast(request)</c>; <c>choice</c> is "yes", "no" or "abstain". Idempotent by <c>commandId</c>.</summary>
[DataContract]
public sealed record CastRequest(
    [property: DataMember(Name = "commandId")] string CommandId,
    [property: DataMember(Name = "seat")] int Seat,
    [property: DataMember(Name = "voteId")] string VoteId,
    [property: DataMember(Name = "choice")] string Choice);

/// <summary><c>RequestFloor</c>, <c>WithdrawFloor</c>, <c>Leave</c> (card out): a seat's command.</summary>
[DataContract]
public sealed record SeatRequest(
    [property: DataMember(Name = "commandId")] string CommandId,
    [property: DataMember(Name = "seat")] int Seat);

/// <summary><c>DeclareConflict</c> from the deputy's own terminal (art. 59-1).</summary>
[DataContract]
public sealed record ConflictRequest(
    [property: DataMember(Name = "commandId")] string CommandId,
    [property: DataMember(Name = "seat")] int Seat,
    [property: DataMember(Name = "itemId")] string? ItemId,
    [property: DataMember(Name = "statement")] string? Statement);

/// <summary>
/// <c>ReportSeats</c>: a gateway tells which of its seats answer on the bus. With <see cref="LeaseSeconds"/> the report
/// holds only that long: the gateway repeats it well within the lease, and a gateway not heard from by then is taken for
/// gone (its link died without a word) — the hall drops its connection and shows its seats offline.
/// </summary>
[DataContract]
public sealed record SeatHealthReport(
    [property: DataMember(Name = "online")] int[] Online,
    [property: DataMember(Name = "offline")] int[] Offline,
    [property: DataMember(Name = "leaseSeconds")] int? LeaseSeconds = null)
{
    /// <summary>The shortest and longest lease the hall accepts (a shorter one would drop a busy gateway, a longer one is no lease).</summary>
    public const int MinLeaseSeconds = 3, MaxLeaseSeconds = 300;
}

/// <summary>
/// The answer to every command: accepted with the journal sequence number of the durable event
/// (sent only after the event is on disk), or refused with a stable reason code and messages.
/// </summary>
[DataContract]
public sealed record CommandAck(
    [property: DataMember(Name = "commandId")] string? CommandId,
    [property: DataMember(Name = "accepted")] bool Accepted,
    [property: DataMember(Name = "reason")] string? Reason,
    [property: DataMember(Name = "message")] string? Message,
    [property: DataMember(Name = "messageEn")] string? MessageEn,
    [property: DataMember(Name = "journalSeq")] long? JournalSeq,
    [property: DataMember(Name = "id")] string? Id = null,
    [property: DataMember(Name = "retryAfterSeconds")] int? RetryAfterSeconds = null)
{
    public static CommandAck Ok(string? commandId, long seq) => new(commandId, true, null, null, null, seq);

    public static CommandAck Refused(string? commandId, Sittings.Rejection r) => new(commandId, false, r.Code, r.Uk, r.En, null);
}
