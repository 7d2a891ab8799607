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
/// the sitting closes. Work is queued off the grain's turn; each publication folds the sitting afresh from the
/// journal — the published files are a projection of the journal and nothing else.
/// </summary>
public sealed class OpenDataPublisher(
    JournalStore journal,
    IDbContextFactory<RegistryDb> db,
    HallDirectory directory,
    CouncilSigner signer,
    IOptions<HallOptions> options,
    ILogger<OpenDataPublisher> log) : BackgroundService, ICommitListener
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public void Committed(Sitting sitting, IReadOnlyList<JournalEntry> batch)
    {
        if (batch.Any(e => e.Event is VoteClosed or VoteCancelled or SittingClosed)) Enqueue(sitting.SittingId);
    }

    public void Enqueue(string sittingId) => _queue.Writer.TryWrite(sittingId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var sittingId in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            // Several closes in a row need one publication of the latest state.
            var pending = new HashSet<string> { sittingId };
            while (_queue.Reader.TryRead(out var more)) pending.Add(more);
            foreach (var id in pending)
            {
                try { await PublishAsync(id, stoppingToken); }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogError(ex, "Publishing the open data of sitting {SittingId} failed", id);
                }
            }
        }
    }

    public async Task<PublicationResult?> PublishAsync(string sittingId, CancellationToken ct)
    {
        var entries = await Task.Run(() => journal.Read(sittingId), ct);
        var sitting = Sitting.Empty(sittingId);
        foreach (var e in entries) sitting.Apply(e);
        if (sitting.Opening is null) return null;
        var result = await SittingPublisher.PublishAsync(sitting, entries, new PublishOptions
        {
            OutputDir = options.Value.OpenDataDir,
            Signer = signer.Signer,
            Final = sitting.IsClosed,
            BaseUrl = options.Value.PublicBaseUrl,
            Profile = await ProfileAsync(sitting, ct),
        }, ct);
        if (sitting.IsClosed) await directory.MarkClosedAsync(sittingId);
        log.LogInformation("Open data of sitting {SittingId} published ({Count} files, {Kind})", sittingId, result.Files.Count, result.Final ? "final, signed protocol" : "roll calls so far");
        return result;
    }

    private async Task<OpenDataProfile> ProfileAsync(Sitting sitting, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var council = await ctx.Councils.AsNoTracking().FirstOrDefaultAsync(c => c.Id == sitting.Roster.Body.Id, ct);
        var ids = sitting.Roster.Deputies.Select(d => d.Id).ToList();
        var deputies = await ctx.Deputies.AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        return new OpenDataProfile
        {
            ConvocationFrom = council?.ConvocationFrom,
            ConvocationUntil = council?.ConvocationUntil,
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
