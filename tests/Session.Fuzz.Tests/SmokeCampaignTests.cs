using System.Diagnostics;

namespace Session.Fuzz.Tests;

/// <summary>
/// CI's short fuzzing campaign: scripts/fuzz.sh runs afl++ on every target for a few seconds each (about two and a half
/// minutes in all) and this fails on any crash or hang, showing the script's report with each crashing input. afl's
/// random seed is fixed, so a red run can be repeated (how far 20 s get still depends on the machine's speed); the
/// campaigns that explore run on demand (docs/fuzzing.md).
/// </summary>
public sealed class SmokeCampaignTests
{
    private const int SecondsPerTarget = 12;
    private const int Seed = 20261202;

    [Fact]
    public async Task A_short_afl_campaign_on_every_target_finds_no_crash_and_no_hang()
    {
        var output = Directory.CreateTempSubdirectory("session-fuzz-smoke-").FullName;
        try
        {
            var psi = new ProcessStartInfo("bash", ["scripts/fuzz.sh", "--seconds", SecondsPerTarget.ToString(), "--seed", Seed.ToString(), "--out", output])
            {
                WorkingDirectory = Repo.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(15));
            try { await p.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException) { p.Kill(entireProcessTree: true); Assert.Fail("scripts/fuzz.sh ran over 15 minutes:\n" + await stdout); }
            var report = await stdout + await stderr;
            Assert.True(p.ExitCode == 0, $"scripts/fuzz.sh exited {p.ExitCode}:\n{report}");

            // The campaign really ran: every target executed inputs and found paths of its own.
            var rows = File.ReadAllLines(Path.Combine(output, "summary.tsv")).Skip(1).Select(l => l.Split('\t')).ToList();
            Assert.Equal(6, rows.Count);
            foreach (var row in rows)
            {
                Assert.True(long.Parse(row[2]) > 0, $"{row[0]} ran no input:\n{report}");
                Assert.True(int.Parse(row[3]) > 0, $"{row[0]} found no path:\n{report}");
                Assert.Equal(("0", "0"), (row[5], row[6]));
            }
        }
        finally { Directory.Delete(output, true); }
    }
}
