using System.Security.Cryptography;
using System.Text;

namespace Session.Core.Council;

/// <summary>A card as the registry assigns it to a deputy (the UID normalised: hex digits, upper case, no separators).</summary>
public sealed record CardAssignment(string DeputyId, string Uid);

/// <summary>
/// The roster's checksum, shown by the self-test and printed on the protocol's first page: SHA-256 (lower-case hex)
/// over the UTF-8 text below, lines joined with "\n", fields with a tab, no trailing newline (docs/operations.md):
/// <code>
/// session-roster-v1
/// body  {id}  {composition}
/// deputy  {id}  {full name}  {faction id or empty}  {1 if head else 0}     — in the roster's order
/// seat  {number}  {label}                                                 — by seat number
/// card  {deputy id}  {uid}                                                — ordinal by deputy id, then uid
/// </code>
/// Anyone holding the registry's export can recompute it; a changed name, seat or card changes the sum.
/// </summary>
public static class RosterChecksum
{
    public const string Version = "session-roster-v1";

    public static string Text(Roster roster, IEnumerable<CardAssignment> cards)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(cards);
        var lines = new List<string> { Version, Line("body", roster.Body.Id, roster.Body.Composition.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        lines.AddRange(roster.Deputies.Select(d => Line("deputy", d.Id, d.FullName, d.FactionId ?? "", d.IsHead ? "1" : "0")));
        lines.AddRange(roster.Seats.OrderBy(s => s.Number).Select(s => Line("seat", s.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Label)));
        lines.AddRange(cards.Where(c => roster.Deputy(c.DeputyId) is not null)
            .OrderBy(c => c.DeputyId, StringComparer.Ordinal).ThenBy(c => c.Uid, StringComparer.Ordinal)
            .Select(c => Line("card", c.DeputyId, c.Uid)));
        return string.Join('\n', lines);
    }

    public static string Of(Roster roster, IEnumerable<CardAssignment> cards) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(roster, cards))));

    // A tab or newline inside a name would make two rosters read alike; they are spaces in the text hashed.
    private static string Line(params string[] fields) => string.Join('\t', fields.Select(f => f.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ')));
}
