using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.HallServer.Hosting;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;
using Session.Publishing;
using Session.Publishing.Signing;

namespace Session.HallServer.Publishing;

/// <summary>
/// Publishes a sitting's open data the moment a vote closes or is cancelled, and seals it (signed protocol, zip) when
/// the sitting closes — and once more when its recording is accepted (<see cref="Recordings.RecordingsApi"/>). Work is queued off the grain's turn; each publication folds the sitting afresh from the
/// journal — the published files are a projection of the journal and nothing else.
/// </summary>
public sealed class OpenDataPublisher(
    IJournalStore journal,
    IDbContextFactory<RegistryDb> db,
    HallDirectory directory,
    CouncilSigner signer,
    Recordings.RecordingStore recordings,
    IOptions<HallOptions> options,
    ILogger<OpenDataPublisher> log) : BackgroundService, ICommitListener
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public void Committed(Sitting sitting, IReadOnlyList<JournalEntry> batch)
    {
        if (batch.Any(e => e.Event is VoteClosed or VoteCancelled or SittingClosed)) Enqueue(sitting.SittingId);
    }

    public void Enqueue(string sittingId) => _queue.Writer.TryWrite(sittingId);

    /// <summary>Sittings queued by <see cref="CatchUp"/> and not yet taken.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _catchUp = new();

    /// <summary>
    /// At start: a publication that a crash interrupted is made again from the journal; a closed sitting whose folder
    /// already holds this very final set (<see cref="FinalFolder.IsCurrent"/>) is left as it is — rendering and signing
    /// its protocol again delayed a restart's first answers by 1.4–2.6 s (issue 12).
    /// </summary>
    public void CatchUp(string sittingId)
    {
        _catchUp[sittingId] = 0;
        Enqueue(sittingId);
    }

    /// <summary>How long a publication that failed on a full or read-only disk waits before it is tried again.</summary>
    public static readonly TimeSpan StorageRetry = TimeSpan.FromSeconds(5);

    private async Task RetryLaterAsync(string sittingId, CancellationToken ct)
    {
        try
        {
            await Task.Delay(StorageRetry, ct);
            Enqueue(sittingId);
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Raised after each publication is on disk: the sitting and whether it was the final, signed one.</summary>
    public event Action<string, bool>? Published;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var sittingId in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            // Several closes in a row need one publication of the latest state.
            var pending = new HashSet<string> { sittingId };
            while (_queue.Reader.TryRead(out var more)) pending.Add(more);
            foreach (var id in pending)
            {
                try { await PublishAsync(id, stoppingToken, unlessCurrent: _catchUp.TryRemove(id, out _)); }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogError(ex, "Publishing the open data of sitting {SittingId} failed", id);
                    // A full or read-only disk: each file is written whole or not at all (AtomicFile), so the folder
                    // holds the last publication's files; try again until the disk takes the new ones.
                    if (StorageFault.Is(ex)) _ = RetryLaterAsync(id, stoppingToken);
                }
            }
        }
    }

    /// <param name="unlessCurrent">The start-up's catch-up: a closed sitting whose folder is already final and current is not published again.</param>
    public async Task<PublicationResult?> PublishAsync(string sittingId, CancellationToken ct, bool unlessCurrent = false)
    {
        var entries = await Task.Run(() => journal.Read(sittingId), ct);
        var sitting = Sitting.Empty(sittingId);
        foreach (var e in entries) sitting.Apply(e);
        if (sitting.Opening is null) return null;
        var publishOptions = new PublishOptions
        {
            OutputDir = options.Value.OpenDataDir,
            Signer = signer.Signer,
            Final = sitting.IsClosed,
            BaseUrl = await BaseUrlAsync(sitting, ct),
            Profile = await ProfileAsync(sitting, ct),
            // An accepted recording goes into the final set (recording.json, Popolo's per-vote links).
            Recording = sitting.IsClosed && recordings.AcceptedBytes(sittingId) is { } descriptor ? Session.Publishing.Model.PublishedRecording.FromDescriptor(descriptor) : null,
        };
        if (unlessCurrent && sitting.IsClosed && await Task.Run(() => FinalFolder.IsCurrent(sitting, entries, publishOptions), ct))
        {
            await directory.MarkClosedAsync(sittingId);
            Published?.Invoke(sittingId, true);
            log.LogInformation("Open data of sitting {SittingId}: the final set on disk is current (journal to event {Seq}); not published again", sittingId, entries[^1].Seq);
            return null;
        }
        var result = await SittingPublisher.PublishAsync(sitting, entries, publishOptions, ct);
        if (sitting.IsClosed) await directory.MarkClosedAsync(sittingId);
        Published?.Invoke(sittingId, result.Final);
        log.LogInformation("Open data of sitting {SittingId} published ({Count} files, {Kind})", sittingId, result.Files.Count, result.Final ? "final, signed protocol" : "roll calls so far");
        return result;
    }

    /// <summary>Portals ingest the files apart from the site: links are absolute, under the council's public base URL.</summary>
    private async Task<string> BaseUrlAsync(Sitting sitting, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var council = await ctx.Councils.AsNoTracking().FirstOrDefaultAsync(c => c.Id == sitting.Roster.Body.Council, ct);
        return council?.PublicBaseUrl ?? options.Value.PublicBaseUrl ?? "http://127.0.0.1:5000";
    }

    private async Task<OpenDataProfile> ProfileAsync(Sitting sitting, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var ids = sitting.Roster.Deputies.Select(d => d.Id).ToList();
        var deputies = await ctx.Deputies.AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        var convocation = await ctx.Convocations.AsNoTracking()
            .FirstOrDefaultAsync(c => c.CouncilId == sitting.Roster.Body.Council && c.Number == sitting.Roster.Body.Convocation, ct);
        return new OpenDataProfile
        {
            ConvocationFrom = convocation?.DateFrom,
            ConvocationUntil = convocation?.ActualEnd ?? convocation?.DateUntil,
            Deputies = deputies.ToDictionary(d => d.Id, d => new DeputyProfile(d.Gender, d.BirthDate)),
        };
    }
}

/// <summary>
/// The council's signing certificate: a PFX from configuration, or — on first start without one — a demo self-signed
/// certificate, which proves the files were not changed but not who signed them (said loudly in the log).
/// A qualified signature (КЕП) plugs in behind <see cref="ISigner"/> (docs/publishing.md).
/// </summary>
public sealed class CouncilSigner : IDisposable
{
    public CouncilSigner(IOptions<HallOptions> options, ILogger<CouncilSigner> log)
    {
        var o = options.Value;
        if (!string.IsNullOrEmpty(o.CertificatePath) && File.Exists(o.CertificatePath))
        {
            Signer = new X509Signer(CertificateSource.FromPfx(o.CertificatePath, o.CertificatePassword));
            log.LogInformation("Signing with the council certificate {Path}", o.CertificatePath);
            return;
        }
        var demoPath = string.IsNullOrEmpty(o.CertificatePath) ? Path.Combine(o.DataDir, "council-demo.pfx") : o.CertificatePath;
        var (certificate, created) = CertificateSource.LoadOrCreateDemo(demoPath, o.CertificatePassword, "Session demo council");
        Signer = new X509Signer(certificate);
        if (created) log.LogWarning("Made a demo self-signed certificate {Path}: it proves integrity, not identity. Configure Hall:CertificatePath for the council's own.", demoPath);
    }

    public X509Signer Signer { get; }

    public void Dispose() => Signer.Dispose();
}
