using System.Security.Cryptography.X509Certificates;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Session.Publishing;
using Session.Publishing.Signing;
using Session.Publishing.Tests.Fixtures;
using Session.Publishing.Verification;

// Session.Bench.Publishing [--votes 100] [--deputies 64] [--runs 5] [--out bench/results/publishing.md] [--keep DIR]
// A sitting of N votes × M deputies → signed PDF + all open data (final publication), timed end to end; also one
// non-final publication (after a vote closes) and verify. Target (ARCHITECTURE.md): final ≤ 2 s on this machine.
int votes = 100, deputies = 64, runs = 5;
string output = "bench/results/publishing.md";
string? keep = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--votes": votes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--deputies": deputies = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--out": output = args[++i]; break;
        case "--keep": keep = args[++i]; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

var work = keep ?? Directory.CreateTempSubdirectory("session-bench-pub-").FullName;
var (cert, _) = CertificateSource.LoadOrCreateDemo(Path.Combine(work, "council.pfx"), null, "Бенчмарк");
using var signer = new X509Signer(cert);
var build = Stopwatch.StartNew();
var script = SampleSittings.Large(votes, deputies);
build.Stop();
var options = new PublishOptions { OutputDir = Path.Combine(work, "opendata"), Signer = signer, Final = true, BaseUrl = "https://rada.example.gov.ua" };

// Warm-up: JIT, font loading; not counted.
await SittingPublisher.PublishAsync(script.Sitting, script.Journal, options, CancellationToken.None);

var finals = new List<double>();
for (int r = 0; r < runs; r++)
{
    var sw = Stopwatch.StartNew();
    await SittingPublisher.PublishAsync(script.Sitting, script.Journal, options, CancellationToken.None);
    finals.Add(sw.Elapsed.TotalMilliseconds);
}
// The same sitting still open: what runs after each VoteClosed (all roll calls so far, no PDF).
var open = SampleSittings.Large(votes, deputies, "s-bench-open", close: false);
var interim = new List<double>();
for (int r = 0; r < runs + 1; r++)
{
    var sw = Stopwatch.StartNew();
    await SittingPublisher.PublishAsync(open.Sitting, open.Journal, options with { Final = false }, CancellationToken.None);
    if (r > 0) interim.Add(sw.Elapsed.TotalMilliseconds);
}
var vsw = Stopwatch.StartNew();
var folder = Path.Combine(options.OutputDir, script.Sitting.SittingId);
var report = FolderVerifier.Verify(folder);
vsw.Stop();
long pdfBytes = new FileInfo(Path.Combine(folder, "protocol.pdf")).Length;
long zipBytes = new FileInfo(Path.Combine(folder, "sitting.zip")).Length;

finals.Sort();
interim.Sort();
double Median(List<double> xs) => xs[xs.Count / 2];
var md = new StringBuilder();
md.AppendLine("# Publishing benchmark");
md.AppendLine();
md.AppendLine($"Written by `bench/Session.Bench.Publishing` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}.");
md.AppendLine($"Sitting: {votes} named votes × {deputies} deputies ({script.Journal.Count} journal events), signer {(cert.GetECDsaPublicKey() is not null ? "ECDSA P-256" : "RSA")}.");
md.AppendLine();
md.AppendLine("| measure | median | min | max | target |");
md.AppendLine("| --- | ---: | ---: | ---: | --- |");
md.AppendLine(CultureInfo.InvariantCulture, $"| final: signed PDF + all open data + .p7s + zip | {Median(finals):F0} ms | {finals[0]:F0} ms | {finals[^1]:F0} ms | ≤ 2000 ms |");
md.AppendLine(CultureInfo.InvariantCulture, $"| after a vote closes: open data + .p7s (no PDF) | {Median(interim):F0} ms | {interim[0]:F0} ms | {interim[^1]:F0} ms | — |");
md.AppendLine(CultureInfo.InvariantCulture, $"| verify FOLDER (chain, signatures, recount) | {vsw.Elapsed.TotalMilliseconds:F0} ms | | | — |");
md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"protocol.pdf {pdfBytes / 1024} KiB, sitting.zip {zipBytes / 1024} KiB; runs: {runs} after one warm-up; verify: {(report.Ok ? "all holds" : "FAILED")}.");
md.AppendLine(CultureInfo.InvariantCulture, $"Playing the sitting through Session.Core (not counted): {build.Elapsed.TotalMilliseconds:F0} ms.");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
File.WriteAllText(output, md.ToString());
Console.Write(md);
if (keep is null) Directory.Delete(work, recursive: true);
return report.Ok && Median(finals) <= 2000 ? 0 : 1;
