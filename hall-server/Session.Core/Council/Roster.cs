namespace Session.Core.Council;

/// <summary>A deputy as the sitting knows them: published facts only (no card UIDs, no PIN hash).</summary>
public sealed record DeputyRef(string Id, string FullName, string? FactionId, bool IsHead = false);

public sealed record Faction(string Id, string Name);

/// <summary>
/// A seat of the hall plan, or (<see cref="Remote"/>) a deputy's place outside the hall in a mixed or remote sitting
/// (<see cref="RemoteSeats"/>): numbered from <see cref="RemoteSeats.First"/>, identified only by a passkey and a PIN.
/// </summary>
public sealed record Seat(
    int Number,
    string Label,
    // Written only when set, so a hall sitting's journal reads exactly as before remote sittings existed.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool Remote = false);

/// <summary>
/// How a sitting is held (DOMAIN.md: remote and mixed sittings are allowed under martial law): in the hall only, in
/// the hall with some deputies remote, or with every deputy remote.
/// </summary>
public static class SittingModes
{
    public const string Hall = "hall";
    public const string Mixed = "mixed";
    public const string Remote = "remote";
    public static bool Valid(string? mode) => mode is Hall or Mixed or Remote;
    public static bool AllowsRemote(string? mode) => mode is Mixed or Remote;
}

/// <summary>
/// The remote places of a mixed or remote sitting: one per deputy of the roster, numbered after any hall seat a plan
/// can have (a hall has at most a few hundred), in the roster's order.
/// </summary>
public static class RemoteSeats
{
    public const int First = 10_000;
    public static bool IsRemote(int seat) => seat >= First;
    public static IEnumerable<Seat> For(IReadOnlyList<DeputyRef> deputies) =>
        deputies.Select((d, i) => new Seat(First + i, "дист. " + d.FullName, Remote: true));
}

/// <summary>
/// The body holding the sitting: a council or one of its standing committees (same engine).
/// <see cref="Composition"/> is the legal total composition in deputy mandates, without the head
/// (Electoral Code art. 197); the head is added when taking part (art. 59 part 2). A committee's composition is its
/// number of members, and <see cref="CouncilId"/>/<see cref="CouncilName"/> name the council it belongs to.
/// </summary>
public sealed record BodyInfo(
    string Id,
    string Name,
    string Kind,
    int Composition,
    string? Edrpou,
    string? Katottg,
    int Convocation,
    string? CouncilId = null,
    string? CouncilName = null,
    string? QuorumRule = null)
{
    /// <summary>Deputies present for the body to be competent: more than half (the law's default, art. 46), or at least half where a committee's regulations say so.</summary>
    public int QuorumOf(int composition) => QuorumRule == "at-least-half" ? (composition + 1) / 2 : composition / 2 + 1;

    /// <summary>The council the body belongs to (itself for the plenary; journals before the registry carried none).</summary>
    public string Council => CouncilId ?? Id;

    /// <summary>The authority the law's published sets name (annex 29 <c>authorityName</c>): the council, also for a committee.</summary>
    public string AuthorityName => CouncilName ?? Name;
}

/// <summary>Everything fixed when a sitting opens, journaled in <c>SittingOpened</c> so the journal stands alone.</summary>
public sealed record Roster(
    BodyInfo Body,
    IReadOnlyList<DeputyRef> Deputies,
    IReadOnlyList<Faction> Factions,
    IReadOnlyList<Seat> Seats)
{
    // Lookups on the hot path (every press) are by key, not by scanning a 450-seat hall.
    private Dictionary<string, DeputyRef>? _deputiesById;
    private Dictionary<int, Seat>? _seatsByNumber;
    private Dictionary<string, Seat>? _remoteSeatOfDeputy;

    public DeputyRef? Head => Deputies.FirstOrDefault(d => d.IsHead);

    public DeputyRef? Deputy(string id) => (_deputiesById ??= Deputies.ToDictionary(d => d.Id)).GetValueOrDefault(id);

    public Seat? SeatAt(int seat) => (_seatsByNumber ??= Seats.ToDictionary(s => s.Number)).GetValueOrDefault(seat);

    public bool HasSeat(int seat) => SeatAt(seat) is not null;

    /// <summary>The remote place of a deputy in a mixed or remote sitting; null in a hall sitting.</summary>
    public Seat? RemoteSeatOf(string deputyId)
    {
        _remoteSeatOfDeputy ??= Seats.Where(s => s.Remote).ToDictionary(s => Deputies[s.Number - RemoteSeats.First].Id);
        return _remoteSeatOfDeputy.GetValueOrDefault(deputyId);
    }
}
