using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.HallServer.Hosting;
using Session.HallServer.Publishing;
using Session.HallServer.Sittings;

namespace Session.HallServer.Backup;

/// <summary>
/// The schedule of <see cref="BackupOptions"/> inside the server: a copy every day at the configured time and one after
/// each sitting closes (once its final, signed publication is written, or after a minute if that fails), one copy at a
/// time, off the grains' turns; then the oldest scheduled copies beyond <see cref="BackupOptions.Keep"/> are deleted.
/// </summary>
public sealed class BackupScheduler : BackgroundService, ICommitListener
{
    private static readonly TimeSpan WaitForFinalPublication = TimeSpan.FromMinutes(1);
    private readonly Channel<(string Reason, string? SittingId)> _jobs = Channel.CreateUnbounded<(string, string?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _finals = new();
    private readonly HallOptions _hall;
    private readonly BackupOptions _backup;
    private readonly TimeProvider _clock;
    private readonly ILogger<BackupScheduler> _log;

    public BackupScheduler(IOptions<HallOptions> options, OpenDataPublisher publisher, TimeProvider clock, ILogger<BackupScheduler> log)
    {
        _hall = options.Value;
        _backup = _hall.Backup;
        _clock = clock;
        _log = log;
        publisher.Published += (sittingId, final) =>
        {
            if (final && _finals.TryRemove(sittingId, out var done)) done.TrySetResult();
        };
    }

    public string? Dir => string.IsNullOrWhiteSpace(_backup.Dir) ? null : Path.GetFullPath(_backup.Dir, _hall.DataDir);

    public void Committed(Sitting sitting, IReadOnlyList<JournalEntry> batch)
    {
        if (!_backup.Enabled || !_backup.OnSittingClose || !batch.Any(e => e.Event is SittingClosed)) return;
        _finals.TryAdd(sitting.SittingId, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _jobs.Writer.TryWrite(("close-" + sitting.SittingId, sitting.SittingId));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_backup.Enabled || Dir is not { } dir) return;
        Directory.CreateDirectory(dir);
        _log.LogInformation("Backups to {Dir}: daily at {Daily}, on sitting close {OnClose}, keeping {Keep}",
            dir, _backup.DailyTime?.ToString("HH:mm") ?? "—", _backup.OnSittingClose, _backup.Keep);
        var daily = _backup.DailyTime is { } at ? DailyAsync(at, stoppingToken) : Task.CompletedTask;
        await foreach (var (reason, sittingId) in _jobs.Reader.ReadAllAsync(stoppingToken))
        {
            if (sittingId is not null && _finals.TryGetValue(sittingId, out var final))
            {
                try { await final.Task.WaitAsync(WaitForFinalPublication, _clock, stoppingToken); }
                catch (TimeoutException) { _log.LogWarning("Sitting {SittingId}: no final publication within {Wait}; backing up anyway", sittingId, WaitForFinalPublication); }
                _finals.TryRemove(sittingId, out _);
            }
            await RunOnceAsync(dir, reason, stoppingToken);
        }
        await daily;
    }

    private async Task DailyAsync(TimeOnly at, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var now = _clock.GetLocalNow();
            var next = new DateTimeOffset(DateOnly.FromDateTime(now.DateTime).ToDateTime(at), now.Offset);
            if (next <= now) next = next.AddDays(1);
            try { await Task.Delay(next - now, _clock, ct); }
            catch (OperationCanceledException) { return; }
            _jobs.Writer.TryWrite(("daily", null));
        }
    }

    /// <summary>One scheduled copy and the pruning after it; a failure is logged and the schedule goes on.</summary>
    public async Task<BackupResult?> RunOnceAsync(string dir, string reason, CancellationToken ct)
    {
        try
        {
            var file = Path.Combine(dir, BackupRetention.NameFor(_clock.GetUtcNow(), reason));
            var result = await Task.Run(() => BackupWriter.Create(_hall.DataDir, file, _clock), ct);
            _log.LogInformation("Backup {File}: {Files} files, {Bytes} bytes, journals {Journals}, in {Ms} ms",
                result.Archive, result.Manifest.Files.Count, result.Bytes, result.Manifest.Journals.Count, (long)result.Took.TotalMilliseconds);
            foreach (var old in BackupRetention.Prune(dir, _backup.Keep))
                _log.LogInformation("Backup {File} deleted (keeping the newest {Keep})", old, _backup.Keep);
            return result;
        }
        catch (BackupRefused ex)
        {
            _log.LogError("Backup ({Reason}) refused: {En}", reason, ex.En);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            _log.LogError(ex, "Backup ({Reason}) failed", reason);
        }
        return null;
    }
}
