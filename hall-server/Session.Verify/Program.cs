using Session.Publishing.Verification;

// verify FOLDER [--cert-sha256 HEX]
// Checks a downloaded /opendata/{sittingId}/ folder; exit 0 only when everything holds, 1 when something does not, 2 on bad usage.
string? folder = null, cert = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--cert-sha256" when i + 1 < args.Length: cert = args[++i]; break;
        case "-h" or "--help":
            Console.WriteLine("usage: verify FOLDER [--cert-sha256 HEX]\n  checks the journal's hash chain, every .p7s and the PDF signature, recounts every vote\n  (a vote event without per-deputy rows must be a secret ballot listed in secretBallots.csv), and the decision files and links");
            return 0;
        default:
            if (folder is null && !args[i].StartsWith("--", StringComparison.Ordinal)) folder = args[i];
            else { Console.Error.WriteLine($"verify: unexpected argument '{args[i]}' (usage: verify FOLDER [--cert-sha256 HEX])"); return 2; }
            break;
    }
}
if (folder is null) { Console.Error.WriteLine("usage: verify FOLDER [--cert-sha256 HEX]"); return 2; }

var report = FolderVerifier.Verify(folder, cert);
foreach (var fact in report.Facts) Console.WriteLine("ok   " + fact);
foreach (var p in report.Problems) Console.WriteLine("FAIL " + p);
Console.WriteLine(report.Ok ? "verify: all holds" : $"verify: {report.Problems.Count} problem(s)");
return report.Ok ? 0 : 1;
