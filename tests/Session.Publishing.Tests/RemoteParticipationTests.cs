using System.Text.Json;
using Session.Core.Council;
using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Voting;
using Session.Publishing.OpenData;
using Session.Publishing.Signing;
using Session.Publishing.Tests.Fixtures;
using Session.Publishing.Tests.Support;
using Session.Publishing.Verification;
using UglyToad.PdfPig;

namespace Session.Publishing.Tests;

/// <summary>
/// A mixed sitting (issue 10): deputies 1–3 take part from their remote places (passkey + PIN, a proof on the
/// identification), the rest in the hall. The protocol, voteNotes.csv and Popolo say who pressed remotely; hall presses
/// carry no mark; annex-29's own files are unchanged in shape (the schemas still hold).
/// </summary>
public sealed class RemoteParticipationTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly X509Signer _signer = new(CertificateSource.CreateSelfSigned("CN=Тест", rsa: false));
    private readonly PublicationResult _published;
    private readonly Roster _roster;

    public RemoteParticipationTests()
    {
        var hall = Councils.Make(12, 11);
        _roster = hall with { Seats = [.. hall.Seats, .. RemoteSeats.For(hall.Deputies)] };
        var s = new SittingScript("s-mixed", _roster, SampleSittings.Start, SittingModes.Mixed);
        s.Do(new OpenRegistration());
        for (int i = 0; i < 3; i++)
            s.Do(new Identify(_roster.RemoteSeatOf(_roster.Deputies[i].Id)!.Number, _roster.Deputies[i].Id, "passkey+pin", Proof: $"device-{i}"), 0.2);
        for (int i = 3; i < 10; i++) s.Do(new Identify(_roster.Seats[i].Number, _roster.Deputies[i].Id, "card"), 0.2);
        s.Do(new CloseRegistration());
        s.Do(new AddAgendaItem("i1", "Про бюджет", null, null, false, null));
        s.Do(new StartAgendaItem("i1"));
        s.Do(new OpenVote("v1", "Про бюджет — в цілому", VoteKind.AsAWhole, "majority-of-composition", VoteMode.Named, 60));
        for (int i = 0; i < 3; i++) s.Do(new Cast(_roster.RemoteSeatOf(_roster.Deputies[i].Id)!.Number, "v1", Choice.Yes), 0.05);
        for (int i = 3; i < 10; i++) s.Do(new Cast(_roster.Seats[i].Number, "v1", i % 2 == 0 ? Choice.Yes : Choice.No), 0.05);
        s.Do(new CloseVote("v1", "chair"), 2);
        s.Do(new CloseSitting());
        _published = SittingPublisher.PublishAsync(s.Sitting, s.Journal,
            new PublishOptions { OutputDir = _dir.Path, Signer = _signer, Final = true, BaseUrl = "https://rada.example.gov.ua" },
            CancellationToken.None).GetAwaiter().GetResult();
    }

    private string File(string relative) => Path.Combine(_published.Folder, relative);

    [Fact]
    public void VoteNotes_and_Popolo_mark_the_remote_presses_and_only_those()
    {
        var notes = CsvReader.Parse(System.IO.File.ReadAllBytes(File("ua-835/voteNotes.csv"))).Skip(1).ToList();
        var remote = notes.Where(n => n[2] == "remote").Select(n => n[1]).Order().ToArray();
        Assert.Equal(_roster.Deputies.Take(3).Select(d => d.Id).Order().ToArray(), remote);
        Assert.All(notes, n => Assert.Contains("дистанційно", n[3]));
        Assert.Equal(3, notes.Count);

        using var doc = JsonDocument.Parse(System.IO.File.ReadAllBytes(File("popolo.json")));
        var votes = doc.RootElement.GetProperty("vote_events").EnumerateArray().Single().GetProperty("votes").EnumerateArray().ToList();
        var marked = votes.Where(v => v.TryGetProperty("remote", out var r) && r.GetBoolean()).Select(v => v.GetProperty("voter_id").GetString()).Order().ToArray();
        Assert.Equal(remote, marked);
        Assert.All(votes.Where(v => marked.Contains(v.GetProperty("voter_id").GetString())), v => Assert.Contains("дистанційно", v.GetProperty("note").GetString()));
        Assert.True(FolderVerifier.Verify(_published.Folder).Ok);
    }

    [Fact]
    public void The_protocol_names_the_form_of_the_sitting_and_who_took_part_remotely()
    {
        using var pdf = PdfDocument.Open(File("protocol.pdf"));
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains("змішане засідання", text);
        Assert.Contains("Дистанційно брали участь (3;", text);
        foreach (var d in _roster.Deputies.Take(3)) Assert.Contains(d.FullName.Split(' ')[0], text);
        // The three remote lines (all «За») and the legend; no hall line is marked.
        Assert.Equal(3, CountOf(text, "(дист.) — За"));
        Assert.Equal(4, CountOf(text, "(дист.)"));
        Assert.Contains("(дист.) — голос подано з дистанційного місця", text);
    }

    private static int CountOf(string text, string what)
    {
        int n = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    public void Dispose()
    {
        _signer.Dispose();
        _dir.Dispose();
    }
}
