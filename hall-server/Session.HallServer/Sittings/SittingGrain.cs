using Orleans.Concurrency;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Wire;
using Session.HallServer.Storage;

namespace Session.HallServer.Sittings;

/// <summary>
/// The live sitting. Order per command: 1. the rules decide (Session.Core, pure); 2. the events are sealed into the
/// hash chain and applied; 3. the batch is appended to the journal — the commit point; 4. only then the caller is
/// answered and the change published. Commands arriving while a batch is being written are decided in order and
/// written together in the next batch (group commit), so a burst of presses costs one fsync per batch, not per press.
/// </summary>
[Reentrant]
public sealed class SittingGrain(
    IJournalStore store,
    SittingClock clock,
    SittingFanout fanout,
    IEnumerable<ICommitListener> listeners,
    SeatPresence presence,
    Microsoft.Extensions.Options.IOptions<Hosting.HallOptions> options,
    ILogger<SittingGrain> log) : Grain, ISittingGrain, IRemindable
{
    /// <summary>Wakes the grain wherever it lives while a vote or a speech runs (a regional host; <see cref="KeepAwake"/>).</summary>
    public const string TimersReminder = "timers";

    private Sitting _sitting = null!;
    private readonly List<JournalEntry> _staged = new();
    private readonly List<(long Seq, TaskCompletionSource Done)> _waiters = new();
    private bool _writing;
    private long _durableSeq;
    private Exception? _storageFailure;
    private IGrainTimer? _voteTimer;
    private IGrainTimer? _floorTimer;
    private bool _reminded;

    private string SittingId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        List<JournalEntry> entries;
        try
        {
            entries = await Task.Run(() => store.Read(SittingId), cancellationToken);
        }
        // The caller may be on another node, and the driver's exception cannot cross to it (no Orleans codec).
        catch (Exception ex) when (Storage.StorageFault.Is(ex) && ex is not Storage.StorageUnavailableException)
        {
            throw new Storage.StorageUnavailableException($"the journal of sitting {SittingId} could not be read: {ex.GetType().Name}: {ex.Message}");
        }
        _sitting = Sitting.Empty(SittingId);
        foreach (var e in entries) _sitting.Apply(e);
        _durableSeq = _sitting.LastSeq;
        presence.Changed += OnPresenceChanged;
        // Which node holds the sitting now (a regional host moves it when a node dies).
        log.LogInformation("Sitting {SittingId} activated on this node from {Count} journal events", SittingId, entries.Count);
        if (_sitting.Opening is null) return;
        log.LogInformation("Sitting {SittingId} rebuilt from {Count} journal events, head {Hash}", SittingId, entries.Count, _sitting.LastHash);
        if (_sitting.OpenSecretBallotLostItsVoters && _sitting.CurrentVote is { } secret)
            await Execute(new CancelVote(secret.Id, "Перезапуск сервера під час таємного голосування: список тих, хто проголосував, не зберігається; голосування потрібно провести повторно"));
        ArmTimers();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        presence.Changed -= OnPresenceChanged;
        return Task.CompletedTask;
    }

    private void OnPresenceChanged(string hall, int seat)
    {
        // Raised on a hub thread; hop onto the grain's turn before reading state. Other halls' seats are not ours.
        if (_sitting.Opening is { } opening && opening.Hall == hall) this.AsReference<ISittingGrain>().Seat(seat).Ignore();
    }

    public async Task<GrainAnswer> Start(SittingOpened opening)
    {
        if (_sitting.Opening is not null) return GrainAnswer.Ok(1);
        var seq = Stage(Decision.Of(opening), clock.Now(SittingId));
        await Durable(seq);
        return GrainAnswer.Ok(seq);
    }

    public Task<GrainAnswer> Execute(Immutable<SittingCommand> command) => Execute(command.Value);

    private async Task<GrainAnswer> Execute(SittingCommand command)
    {
        if (_storageFailure is not null) return StorageFailed();
        var now = clock.Now(SittingId);
        var decision = _sitting.Decide(command, now);
        if (decision.DuplicateOf is { } first)
        {
            await Durable(first);
            return GrainAnswer.Ok(first);
        }
        if (decision.Rejection is { } rejection) return GrainAnswer.From(rejection);
        var last = Stage(decision, now);
        try
        {
            await Durable(last);
        }
        catch (Exception)
        {
            return StorageFailed();
        }
        return GrainAnswer.Ok(_sitting.AnswerOf(command.CommandId) ?? last);
    }

    private GrainAnswer StorageFailed() => _storageFailure is JournalConflictException ? GrainAnswer.JournalConflict : GrainAnswer.StorageFailed;

    /// <summary>Seals and applies the events; returns the sequence number of the last one.</summary>
    private long Stage(Decision decision, DateTimeOffset now)
    {
        foreach (var e in decision.Events)
        {
            var entry = HashChain.Seal(_sitting.LastSeq + 1, now, e, _sitting.LastHash);
            _sitting.Apply(entry, e is SecretBallotCast ? decision.SecretVoter : null);
            _staged.Add(entry);
        }
        if (!_writing) _ = WriteLoop();
        return _sitting.LastSeq;
    }

    private Task Durable(long seq)
    {
        if (seq <= _durableSeq) return Task.CompletedTask;
        if (_storageFailure is not null) return Task.FromException(_storageFailure);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add((seq, done));
        return done.Task;
    }

    private async Task WriteLoop()
    {
        _writing = true;
        try
        {
            while (_staged.Count > 0)
            {
                var batch = _staged.ToArray();
                _staged.Clear();
                await Task.Run(() => store.Append(SittingId, batch));
                _durableSeq = batch[^1].Seq;
                for (int i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_waiters[i].Seq > _durableSeq) continue;
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
                Committed(batch);
            }
        }
        catch (Exception ex)
        {
            // The in-memory state is now ahead of the disk: refuse everything and rebuild from the journal. The next
            // command activates the grain afresh from what is on disk and tries the disk again, so the sitting goes on
            // by itself once space is freed or the file system is writable again.
            _storageFailure = ex;
            if (ex is JournalConflictException conflict)
                // The fence (IJournalStore): another activation appended this seq first. Nothing of ours was written and
                // nothing is acknowledged; the next command activates afresh on the one chain.
                log.LogCritical("Sitting {SittingId}: event {Seq} is already in the journal, written by another activation of this sitting; this one acknowledges nothing and deactivates",
                    SittingId, conflict.Seq);
            else
                log.LogCritical(ex, "Journal append failed for sitting {SittingId}; the grain will rebuild from the journal", SittingId);
            foreach (var (_, done) in _waiters) done.TrySetException(ex);
            _waiters.Clear();
            DeactivateOnIdle();
        }
        finally
        {
            _writing = false;
        }
    }

    private void Committed(IReadOnlyList<JournalEntry> batch)
    {
        fanout.Published(_sitting, batch);
        foreach (var l in listeners)
        {
            try { l.Committed(_sitting, batch); }
            catch (Exception ex) { log.LogError(ex, "A commit listener failed for sitting {SittingId}", SittingId); }
        }
        if (batch.Any(e => e.Event is VoteOpened or VoteClosed or VoteCancelled or FloorGranted or FloorEnded or RecessStarted)) ArmTimers();
    }

    /// <summary>Vote and speech timers follow the state; re-armed after every change and after a rebuild.</summary>
    private void ArmTimers()
    {
        _voteTimer?.Dispose();
        _voteTimer = null;
        _floorTimer?.Dispose();
        _floorTimer = null;
        var now = clock.Now(SittingId);
        if (_sitting.CurrentVote is { } vote)
        {
            var voteId = vote.Id;
            var due = Max(vote.Opened.ClosesAt - now, TimeSpan.Zero);
            _voteTimer = this.RegisterGrainTimer(async _ => await Execute(new CloseVote(voteId, "timer")),
                new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        }
        if (_sitting.Speaker is { } speaker)
        {
            var due = Max(speaker.Until - now, TimeSpan.Zero);
            _floorTimer = this.RegisterGrainTimer(async _ =>
                {
                    if (_sitting.Speaker is { } s && s.DeputyId == speaker.DeputyId && s.Until == speaker.Until)
                        await Execute(new EndFloor("expired"));
                },
                new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        }
        KeepAwake(_voteTimer is not null || _floorTimer is not null);
    }

    /// <summary>
    /// A grain timer dies with its node. On a regional host a reminder (kept in Redis) wakes the sitting's grain on a
    /// live node while a vote or a speech runs; the activation rebuilds from the journal and re-arms the timers above,
    /// so a vote closes on time even when nobody calls the sitting after its node died. The hall appliance re-arms at
    /// start-up instead (<see cref="Hosting.HallStartup"/>) and needs no reminder.
    /// </summary>
    private void KeepAwake(bool running)
    {
        var cluster = options.Value.Cluster;
        if (!cluster.Enabled || running == _reminded) return;
        _reminded = running;
        // In order: a vote closed and the next opened at once must not have its new reminder removed by the old one's.
        _reminderWork = Then(_reminderWork, running ? () => Remind(cluster.ReminderPeriod) : Unremind);
    }

    private Task _reminderWork = Task.CompletedTask;

    private static async Task Then(Task before, Func<Task> next)
    {
        await before;
        await next();
    }

    private async Task Remind(TimeSpan period)
    {
        try { await this.RegisterOrUpdateReminder(TimersReminder, period, period); }
        catch (Exception ex) { _reminded = false; log.LogWarning(ex, "Sitting {SittingId}: its timers' reminder could not be registered", SittingId); }
    }

    private async Task Unremind()
    {
        try
        {
            if (await this.GetReminder(TimersReminder) is { } r) await this.UnregisterReminder(r);
        }
        catch (Exception ex) { log.LogWarning(ex, "Sitting {SittingId}: its timers' reminder could not be removed", SittingId); }
    }

    /// <summary>The activation itself re-armed the timers; a reminder of a sitting with nothing running is dropped.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == TimersReminder && _voteTimer is null && _floorTimer is null && _reminded)
            KeepAwake(false);
        else if (reminderName == TimersReminder && _voteTimer is null && _floorTimer is null)
            _reminderWork = Then(_reminderWork, Unremind);
        return Task.CompletedTask;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public Task<SittingView?> View() => Task.FromResult(_sitting.Opening is null ? null : Views.Public(_sitting));

    public Task<VoteView?> Vote(string voteId) =>
        Task.FromResult(_sitting.Vote(voteId) is { } v ? Views.Vote(_sitting, v) : null);

    public Task<SelfTestView?> SelfTest() => Task.FromResult(_sitting.Opening is null ? null : SelfTestViews.Of(_sitting));

    public Task<bool> HasVote(string voteId) => Task.FromResult(_sitting.Vote(voteId) is not null);

    public Task<SeatView[]> Seats() => Task.FromResult(_sitting.Opening is null ? [] : fanout.SeatMap(_sitting));

    public Task<int?> RemoteSeatOf(string deputyId) =>
        Task.FromResult(_sitting.Opening is null ? null : _sitting.Roster.RemoteSeatOf(deputyId)?.Number);

    public Task<SeatView?> Seat(int seat)
    {
        if (_sitting.Opening is null || !_sitting.Roster.HasSeat(seat)) return Task.FromResult<SeatView?>(null);
        fanout.SeatsChanged(_sitting);
        return Task.FromResult<SeatView?>(Views.Seat(_sitting, seat, presence.IsOnline(_sitting.Opening.Hall, seat)));
    }
}
