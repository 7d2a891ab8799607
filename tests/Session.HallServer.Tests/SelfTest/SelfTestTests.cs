using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Publishing.Files;
using Session.Publishing.Verification;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.SelfTest;

/// <summary>
/// Issue 12 item 7 on a real server: the secretary's self-test finds the seats that answer and the one that does not,
/// the deputies press in a test vote that is journaled as a test, the report shows who pressed seat by seat, the
/// roster's checksum and the running build's hash; the test vote is in no open data file but the journal, the
/// protocol's first page prints the checksums, and the published folder verifies.
/// </summary>
public sealed class SelfTestTests
{
    private const string Sitting = "vyshneva-45-2";
    private const string SelfTestPath = $"/api/councils/vyshneva/sittings/{Sitting}/self-test";

    [Fact]
    public async Task The_self_test_reports_the_silent_seat_records_presses_and_the_test_vote_is_never_published_as_a_decision()
    {
        await using var hall = await HallServerProcess.StartAsync();
        var chair = await hall.ConnectChairAsync();
        var gateway = await SittingDriver.GatewayAsync(hall);
        // The bus: seats 1–19 answer, seat 20's unit is offline; seats 21–27 (tablets) have nothing connected.
        await gateway.InvokeAsync<CommandAck>("ReportSeats", new SeatHealthReport(Enumerable.Range(1, 19).ToArray(), [20])).Must();
        foreach (var seat in Enumerable.Range(1, 20))
            await gateway.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), seat, Card: SittingDriver.DemoCard(seat))).Must();

        var started = await chair.InvokeAsync<CommandAck>("StartSelfTest", new SelfTestRequest(600)).Must();
        var testVote = started.Id!;
        var open = await hall.CurrentSittingAsync();
        Assert.True(open.Vote!.Test);
        Assert.Equal(testVote, open.Vote.VoteId);
        Assert.Equal(0, open.Registered); // nobody registered: the test vote needs no quorum
        foreach (var seat in Enumerable.Range(1, 19))
            await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, testVote, seat % 3 == 0 ? "no" : "yes")).Must();
        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(testVote)).Must();

        var report = await chair.InvokeAsync<SelfTestView?>("SelfTest");
        Assert.NotNull(report);
        Assert.Equal(Enumerable.Range(1, 19), report!.SeatsAnswering);
        Assert.Equal(Enumerable.Range(20, 8), report.SeatsSilent);
        Assert.Equal(Enumerable.Range(1, 19), report.SeatsPressed);
        Assert.Equal("closed", report.VoteStatus);
        var seat20 = report.Seats.Single(s => s.Seat == 20);
        Assert.False(seat20.Answered);
        Assert.False(seat20.Pressed);
        Assert.Equal("dep-20", seat20.DeputyId);
        Assert.Equal("no", report.Seats.Single(s => s.Seat == 3).Choice);
        Assert.Matches("^[0-9a-f]{64}$", report.RosterChecksum);

        // The hash is the running build's: the operator's `version` tool prints the same.
        var version = await HallTool.RunAsync("version");
        Assert.Equal(0, version.ExitCode);
        Assert.Contains($"software-hash {report.SoftwareHash}", version.Output);

        // The same report over REST, for the secretary's token.
        var token = await hall.ChairTokenAsync();
        using (var get = new HttpRequestMessage(HttpMethod.Get, SelfTestPath))
        {
            get.Headers.Authorization = new("Bearer", token);
            var rest = await (await hall.Http.SendAsync(get)).Content.ReadFromJsonAsync<SelfTestView>();
            Assert.Equal(report.RosterChecksum, rest!.RosterChecksum);
            Assert.Equal(report.SeatsPressed, rest.SeatsPressed);
        }

        // The sitting goes on: registration, a real vote, numbered 1.
        await SittingDriver.RegisterAsync(chair, gateway, Enumerable.Range(1, 20));
        var realVote = await SittingDriver.OpenVoteAsync(chair, hall);
        foreach (var seat in Enumerable.Range(1, 20))
            await gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(SittingDriver.NewCommandId(), seat, realVote, "yes")).Must();
        await chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(realVote)).Must();
        var afterVote = await hall.CurrentSittingAsync();
        Assert.Equal(1, afterVote.Votes.Single(v => v.VoteId == realVote).Number);

        // A second self-test after a real vote is refused in both languages, and nothing is journaled.
        var again = await chair.InvokeAsync<CommandAck>("StartSelfTest", new SelfTestRequest(60));
        Assert.False(again.Accepted);
        Assert.Equal("self-test-after-votes", again.Reason);
        Assert.Contains("до першого голосування", again.Message);
        Assert.Contains("before the sitting's first vote", again.MessageEn);
        Assert.Equal(afterVote.JournalSeq, (await hall.CurrentSittingAsync()).JournalSeq);

        using (var close = new HttpRequestMessage(HttpMethod.Post, $"/api/councils/vyshneva/sittings/{Sitting}/close"))
        {
            close.Headers.Authorization = new("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await hall.Http.SendAsync(close)).StatusCode);
        }
        var folder = Path.Combine(hall.DataDir, "opendata", Sitting);
        // The zip's signature is the publication's last file; a temp file means a publication is still being written.
        await Eventually.True(() => File.Exists(Path.Combine(folder, "protocol.pdf")) && File.Exists(Path.Combine(folder, "sitting.zip.p7s"))
            && File.ReadAllText(Path.Combine(folder, "journal.jsonl")).Contains("\"SittingClosed\"")
            && !Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any(AtomicFile.IsTemporary),
            "the closed sitting is published", TimeSpan.FromSeconds(60));

        // Open data: the test vote only in the journal (the chain needs every event), marked as a test there.
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !AtomicFile.IsTemporary(f) && !f.EndsWith(".p7s", StringComparison.Ordinal) && !f.EndsWith(".pdf", StringComparison.Ordinal) && !f.EndsWith(".zip", StringComparison.Ordinal))
            .ToArray();
        Assert.Contains(files, f => f.EndsWith("vote.csv", StringComparison.Ordinal));
        foreach (var file in files.Where(f => Path.GetFileName(f) != "journal.jsonl"))
            Assert.False(File.ReadAllText(file).Contains(testVote), $"the test vote is in {Path.GetRelativePath(folder, file)}");
        Assert.Contains(realVote, File.ReadAllText(Path.Combine(folder, "ua-835", "vote.csv")));
        var testOpened = File.ReadAllLines(Path.Combine(folder, "journal.jsonl")).Single(l => l.Contains("\"VoteOpened\"") && l.Contains(testVote));
        Assert.Contains("\"test\":true", testOpened);
        using (var zip = ZipFile.OpenRead(Path.Combine(folder, "sitting.zip")))
            foreach (var entry in zip.Entries.Where(e => e.Name != "journal.jsonl" && !e.Name.EndsWith(".p7s", StringComparison.Ordinal) && !e.Name.EndsWith(".pdf", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                Assert.False((await reader.ReadToEndAsync()).Contains(testVote), $"the test vote is in the zip's {entry.FullName}");
            }

        // The protocol: the first page says the self-test ran, which seats were silent, and prints both hashes;
        // the proceedings hold one vote, the real one.
        var firstPage = PdfText(Path.Combine(folder, "protocol.pdf"), firstPageOnly: true);
        Assert.Contains("Самоперевірку обладнання проведено", firstPage);
        Assert.Contains("відповіли 19 з 27 місць", firstPage);
        Assert.Contains("не відповіли: 20, 21, 22, 23, 24, 25, 26, 27", firstPage);
        Assert.Contains(report.RosterChecksum, firstPage);
        Assert.Contains(report.SoftwareHash, firstPage);
        var whole = PdfText(Path.Combine(folder, "protocol.pdf"), firstPageOnly: false);
        Assert.Contains("Голосування № 1 ", whole);
        Assert.DoesNotContain("Голосування № 2 ", whole);
        Assert.DoesNotContain("Тестове голосування (самоперевірка", whole);

        var verified = FolderVerifier.Verify(folder);
        Assert.True(verified.Ok, verified.ToString());
    }

    [Fact]
    public async Task A_self_test_on_a_sitting_that_is_not_open_is_refused_over_rest_and_nothing_changes()
    {
        await using var hall = await HallServerProcess.StartAsync();
        var token = await hall.ChairTokenAsync();
        var before = await hall.CurrentSittingAsync();
        // The demo's past sitting is closed; a planned one is not open either.
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/councils/vyshneva/sittings/vyshneva-45-1/self-test") { Content = JsonContent.Create(new SelfTestRequest(60)) };
        post.Headers.Authorization = new("Bearer", token);
        var response = await hall.Http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("sitting-not-open", problem);
        Assert.Contains("Самоперевірку проводять на відкритому засіданні", problem);
        Assert.Contains("The self-test runs on an open sitting", problem);

        using var get = new HttpRequestMessage(HttpMethod.Get, SelfTestPath);
        get.Headers.Authorization = new("Bearer", token);
        var none = await hall.Http.SendAsync(get);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("no-self-test", await none.Content.ReadAsStringAsync());
        Assert.Equal(before.JournalSeq, (await hall.CurrentSittingAsync()).JournalSeq);
    }

    private static string PdfText(string pdf, bool firstPageOnly)
    {
        var psi = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (firstPageOnly) foreach (var a in new[] { "-f", "1", "-l", "1" }) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add(pdf);
        psi.ArgumentList.Add("-");
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
        // pdftotext breaks lines where the page does; the sentences are checked as one text.
        return string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
