using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Wire;
using Session.HallServer.Hosting;
using Session.HallServer.Hubs;

namespace Session.HallServer.Sittings;

/// <summary>
/// Publishes a sitting's changes after they are durable (ARCHITECTURE.md step 4): the whole view on structural
/// changes, coalesced tallies and seat maps during votes, and each changed seat to the terminals serving it.
/// Views are built on the grain's turn (they read its state); sending happens off it.
/// </summary>
public sealed class SittingFanout(
    IHubContext<PublicHub> publicHub,
    IHubContext<ChairHub> chairHub,
    IHubContext<TerminalHub> terminalHub,
    SeatPresence presence,
    TimeProvider clock,
    IOptions<HallOptions> options,
    ILogger<SittingFanout> log)
{
    private readonly ConcurrentDictionary<string, Coalescer<TallyUpdate>> _tallies = new();
    private readonly ConcurrentDictionary<string, Coalescer<SeatView[]>> _seatMaps = new();

    // Every group carries its council or hall (ARCHITECTURE.md "the registry"): nothing pushed for one council's
    // sitting can reach another council's screens. Terminals follow their hall, so the hall's next sitting reaches
    // them without a reconnect; the secretary and the public follow their council.
    public static string HallGroup(string hallId) => "hall:" + hallId;
    public static string SeatGroup(string hallId, int seat) => "seat:" + hallId + ":" + seat;
    public static string ChairGroup(string councilId) => "chair:" + councilId;
    public static string PublicGroup(string councilId) => "public:" + councilId;

    private static string HallOf(Sitting s) => s.Opening!.Hall;
    private static string CouncilOf(Sitting s) => s.Roster.Body.Council;

    private static bool IsBallot(SittingEvent e) => e is VoteCast or SecretBallotCast or ProxyVoteEntered;

    public void Published(Sitting sitting, IReadOnlyList<JournalEntry> batch)
    {
        var hall = HallOf(sitting);
        bool structural = batch.Any(e => !IsBallot(e.Event));
        if (structural)
        {
            var full = Views.Public(sitting);
            var view = ForPush(full);
            Send(publicHub.Clients.Group(PublicGroup(CouncilOf(sitting))).SendAsync(HubNames.Sitting, view));
            Send(chairHub.Clients.Group(ChairGroup(CouncilOf(sitting))).SendAsync(HubNames.Sitting, view));
            Send(terminalHub.Clients.Group(HallGroup(hall)).SendAsync(HubNames.Sitting, WithoutRollCalls(full)));
        }
        if (sitting.CurrentVote is { } vote && batch.Any(e => IsBallot(e.Event)))
            TallyOf(sitting).Offer(new TallyUpdate(sitting.SittingId, vote.Id, sitting.TallyOf(vote).View(), sitting.LastSeq));

        var seats = structural
            ? sitting.Roster.Seats.Select(s => s.Number)
            : batch.Select(e => e.Event switch { VoteCast c => c.Seat, ProxyVoteEntered p => sitting.SeatOf(p.DeputyId) ?? 0, _ => 0 }).Where(s => s > 0).Distinct();
        foreach (var seat in seats)
            Send(terminalHub.Clients.Group(SeatGroup(hall, seat)).SendAsync(HubNames.Seat, Views.Seat(sitting, seat, presence.IsOnline(hall, seat))));
        SeatMapOf(sitting).Offer(SeatMap(sitting));
    }

    public SeatView[] SeatMap(Sitting sitting) =>
        sitting.Roster.Seats.Select(s => Views.Seat(sitting, s.Number, presence.IsOnline(HallOf(sitting), s.Number))).ToArray();

    public void SeatsChanged(Sitting sitting) => SeatMapOf(sitting).Offer(SeatMap(sitting));

    /// <summary>
    /// The view with no roll call at all: what a seat terminal is sent (a tablet shows the last result, not who voted
    /// how, and a seat unit shows lamps; at a vote's close 450 tablets would otherwise each get the 450-line roll call),
    /// and the base of the public relay's lean view.
    /// </summary>
    public static SittingView WithoutRollCalls(SittingView view) => view with
    {
        Vote = view.Vote is { RollCall: not null } current ? current with { RollCall = null } : view.Vote,
        Votes = view.Votes.Select(v => v.RollCall is null ? v : v with { RollCall = null }).ToArray(),
    };

    /// <summary>Pushed views carry the roll call of the latest closed vote only; the rest is one REST call away.</summary>
    public static SittingView ForPush(SittingView view)
    {
        var lastClosed = view.Votes.LastOrDefault(v => v.RollCall is not null);
        return view with { Votes = view.Votes.Select(v => ReferenceEquals(v, lastClosed) ? v : v with { RollCall = null }).ToArray() };
    }

    private Coalescer<TallyUpdate> TallyOf(Sitting sitting)
    {
        var council = CouncilOf(sitting);
        return _tallies.GetOrAdd(sitting.SittingId, _ =>
            // Not to the seat terminals: deputies vote without seeing a running count (the tablet and the seat gateway
            // ignored it), and 450 tablets × one tally every FanoutInterval was the largest share of a burst's sends.
            // The hall screen and the broadcast's overlay watch /hubs/public.
            new Coalescer<TallyUpdate>(options.Value.FanoutInterval, clock, async t =>
            {
                await Task.WhenAll(
                    publicHub.Clients.Group(PublicGroup(council)).SendAsync(HubNames.Tally, t),
                    chairHub.Clients.Group(ChairGroup(council)).SendAsync(HubNames.Tally, t));
            }));
    }

    private Coalescer<SeatView[]> SeatMapOf(Sitting sitting)
    {
        var council = CouncilOf(sitting);
        return _seatMaps.GetOrAdd(sitting.SittingId, _ =>
            new Coalescer<SeatView[]>(options.Value.FanoutInterval, clock,
                seats => chairHub.Clients.Group(ChairGroup(council)).SendAsync(HubNames.Seats, seats)));
    }

    private void Send(Task sending) => sending.ContinueWith(t => log.LogWarning(t.Exception, "A push failed"), TaskContinuationOptions.OnlyOnFaulted);
}
