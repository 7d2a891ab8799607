using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Journal;
using Session.Core.Voting;
using Session.Core.Wire;
using Session.HallServer.Storage;
using Session.Publishing.Verification;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Storage;

/// <summary>
/// One real hall-server process on a real PostgreSQL (<c>Hall:Storage=postgres</c>): the demo council seeded through it,
/// its current sitting registered once; the facts run in name order on that one sitting (the last one closes it).
/// </summary>
public sealed class PostgresHall : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public HallServerProcess Hall { get; private set; } = null!;
    public HubConnection Chair { get; private set; } = null!;
    public HubConnection Gateway { get; private set; } = null!;
    public string SittingId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartNewAsync();
        ConnectionString = await Postgres.CreateDatabaseAsync();
        // The connection string (with its password) by environment, never on the command line.
        Hall = await HallServerProcess.StartAsync(new HallServerStartOptions
        {
            ExtraArgs = ["--Hall:Storage=postgres"],
            Environment = new() { ["ConnectionStrings__Session"] = ConnectionString },
        });
        Chair = await Hall.ConnectChairAsync();
        Gateway = await SittingDriver.GatewayAsync(Hall);
        await SittingDriver.RegisterAsync(Chair, Gateway, Enumerable.Range(1, 20));
        SittingId = (await Hall.CurrentSittingAsync()).SittingId;
    }

    public List<JournalEntry> Journal()
    {
        using var store = new PostgresJournalStore(ConnectionString);
        return store.Read(SittingId);
    }

    public async Task DisposeAsync()
    {
        if (Hall is not null) await Hall.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }
}

[TestCaseOrderer(ByNameOrderer.Name, ByNameOrderer.Assembly)]
public sealed class PostgresHallTests(PostgresHall fixture) : IClassFixture<PostgresHall>
{
    private HallServerProcess Hall => fixture.Hall;

    private Task<CommandAck> CastAsync(string commandId, int seat, string voteId, string choice = "yes") =>
        fixture.Gateway.InvokeAsync<CommandAck>("Cast", new CastRequest(commandId, seat, voteId, choice));

    private static Dictionary<string, List<long>> CastsByCommand(List<JournalEntry> journal) =>
        journal.Where(e => e.Event is VoteCast).GroupBy(e => ((VoteCast)e.Event).CommandId).ToDictionary(g => g.Key, g => g.Select(e => e.Seq).ToList());

    [Fact]
    public async Task A_second_writer_of_the_next_event_makes_the_hall_refuse_and_rebuild_and_the_chain_stays_one()
    {
        var voteId = await SittingDriver.OpenVoteAsync(fixture.Chair, Hall, seconds: 3600);
        var before = await CastAsync(SittingDriver.NewCommandId(), 1, voteId).Must();

        // This test is the other node: it appends the sitting's next event (a press of seat 2) behind the hall's back.
        var foreignCommand = "foreign-" + SittingDriver.NewCommandId();
        long foreignSeq = 0;
        await Eventually.True(() =>
        {
            var journal = fixture.Journal();
            var e = HashChain.Seal(journal[^1].Seq + 1, DateTimeOffset.UtcNow, new VoteCast(voteId, SittingDriver.DemoDeputy(2), 2, Choice.No, foreignCommand), journal[^1].Hash);
            try
            {
                using var other = new PostgresJournalStore(fixture.ConnectionString);
                other.Append(fixture.SittingId, [e]);
                foreignSeq = e.Seq;
                return true;
            }
            catch (JournalConflictException) { return false; }
        }, "the other writer appends the next event");

        // The hall's activation is now stale: its next append hits the key, nothing is acknowledged, it deactivates.
        var commandId = SittingDriver.NewCommandId();
        var refused = await CastAsync(commandId, 3, voteId);
        Assert.False(refused.Accepted);
        Assert.Equal(StorageFault.Code, refused.Reason);
        Assert.Contains("інший сервер", refused.Message);
        Assert.Contains("Another server", refused.MessageEn);

        // Sent again with the same command id (as terminals do), it is decided on the one chain, after the other's event.
        CommandAck? accepted = null;
        await Eventually.True(async () => (accepted = await CastAsync(commandId, 3, voteId)).Accepted, "the press accepted again after the rebuild");
        Assert.True(accepted!.JournalSeq > foreignSeq);

        var casts = CastsByCommand(fixture.Journal());
        Assert.Equal([before.JournalSeq!.Value], casts[before.CommandId!]);
        Assert.Equal([foreignSeq], casts[foreignCommand]);
        Assert.Equal([accepted.JournalSeq!.Value], casts[commandId]);
        var seats = await fixture.Chair.InvokeAsync<SeatView[]>("Seats");
        Assert.Equal("no", seats.Single(s => s.Seat == 2).Choice);
        await fixture.Chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
    }

    [Fact]
    public async Task Casts_are_refused_storage_failed_while_postgres_is_stopped_and_accepted_when_it_returns_losing_nothing_acknowledged()
    {
        var voteId = await SittingDriver.OpenVoteAsync(fixture.Chair, Hall, seconds: 3600);
        var acknowledged = new Dictionary<string, long>();
        for (int seat = 1; seat <= 5; seat++)
        {
            var ack = await CastAsync(SittingDriver.NewCommandId(), seat, voteId).Must();
            acknowledged[ack.CommandId!] = ack.JournalSeq!.Value;
        }

        var refused = new List<string>();
        var token = await Hall.ChairTokenAsync();
        await fixture.Postgres.StopAsync();
        try
        {
            for (int seat = 6; seat <= 10; seat++)
            {
                var commandId = SittingDriver.NewCommandId();
                var ack = await CastAsync(commandId, seat, voteId);
                Assert.False(ack.Accepted, $"seat {seat} acknowledged while PostgreSQL is stopped");
                Assert.Equal(StorageFault.Code, ack.Reason);
                Assert.Contains("журнал", ack.Message);
                Assert.Contains("journal", ack.MessageEn);
                refused.Add(commandId);
            }
            // Reads of the registry are refused the same way, never a bare 500: a published list, and a staff read
            // whose token cannot be checked.
            foreach (var (path, bearer) in new[] { ("/api/councils/vyshneva/deputies", (string?)null), ("/api/terminals", token), ("/api/councils", null) })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
                using var response = await Hall.Http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable, $"GET {path} while PostgreSQL is stopped: {(int)response.StatusCode} {body}");
                using var problem = System.Text.Json.JsonDocument.Parse(body);
                Assert.Equal(StorageFault.Code, problem.RootElement.GetProperty("code").GetString());
                Assert.Contains("недоступне", problem.RootElement.GetProperty("detail").GetString());
                Assert.Contains("unavailable", problem.RootElement.GetProperty("detailEn").GetString());
            }
            // Refusing, not down: the process carries on and takes the database back by itself.
            Assert.Null(Hall.ExitCode);
        }
        finally
        {
            await fixture.Postgres.StartAsync();
        }

        // Back without a restart of the hall: new presses are acknowledged again.
        await Eventually.True(async () =>
        {
            var ack = await CastAsync(SittingDriver.NewCommandId(), 11, voteId);
            if (ack.Accepted) acknowledged[ack.CommandId!] = ack.JournalSeq!.Value;
            else refused.Add(ack.CommandId!);
            return ack.Accepted;
        }, "a press accepted once PostgreSQL is back", TimeSpan.FromSeconds(60));
        for (int seat = 12; seat <= 14; seat++)
        {
            var ack = await CastAsync(SittingDriver.NewCommandId(), seat, voteId).Must();
            acknowledged[ack.CommandId!] = ack.JournalSeq!.Value;
        }

        var casts = CastsByCommand(fixture.Journal());
        foreach (var (commandId, seq) in acknowledged) Assert.Equal([seq], casts[commandId]);
        foreach (var commandId in refused) Assert.False(casts.ContainsKey(commandId), $"refused press {commandId} is in the journal");
        await fixture.Chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
        // The registry reads again once PostgreSQL is back.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await Hall.Http.GetAsync("/api/councils/vyshneva/deputies")).StatusCode);
        Assert.Empty(Hall.LeakedSecrets());
    }

    [Fact]
    public async Task The_sitting_votes_and_closes_on_postgres_and_its_published_open_data_verifies()
    {
        // No SQLite file: the journal and the registry are in PostgreSQL.
        Assert.False(File.Exists(Path.Combine(Hall.DataDir, "journal.db")));
        Assert.False(File.Exists(Path.Combine(Hall.DataDir, "registry.db")));
        Assert.Contains(Hall.Output, l => l.Contains("Storage postgres: PostgreSQL"));

        var voteId = await SittingDriver.OpenVoteAsync(fixture.Chair, Hall);
        var acknowledged = new Dictionary<string, long>();
        for (int seat = 1; seat <= 20; seat++)
        {
            var ack = await CastAsync(SittingDriver.NewCommandId(), seat, voteId, seat % 4 == 0 ? "no" : "yes").Must();
            acknowledged[ack.CommandId!] = ack.JournalSeq!.Value;
        }
        await fixture.Chair.InvokeAsync<CommandAck>("CloseVote", new VoteRequest(voteId)).Must();
        Assert.Equal("closed", (await Hall.CurrentSittingAsync()).Votes.Single(v => v.VoteId == voteId).Status);
        await fixture.Chair.InvokeAsync<CommandAck>("CloseSitting").Must();

        var journal = fixture.Journal();
        var casts = CastsByCommand(journal);
        foreach (var (commandId, seq) in acknowledged) Assert.Equal([seq], casts[commandId]);
        Assert.IsType<SittingClosed>(journal[^1].Event);

        var folder = Path.Combine(Hall.DataDir, "opendata", fixture.SittingId);
        await Eventually.True(() => File.Exists(Path.Combine(folder, "sitting.zip")) && File.Exists(Path.Combine(folder, "ua-835", "vote.csv"))
            && File.ReadAllText(Path.Combine(folder, "ua-835", "vote.csv")).Contains(voteId) && Verifies(folder),
            "the closed sitting's open data is published and verifies", TimeSpan.FromSeconds(90));
        // The demo's past sitting, seeded through PostgreSQL at start and published from its journal there, verifies too.
        var past = Directory.GetDirectories(Path.Combine(Hall.DataDir, "opendata")).Where(d => Path.GetFileName(d) != fixture.SittingId).ToList();
        Assert.NotEmpty(past);
        foreach (var other in past)
            await Eventually.True(() => File.Exists(Path.Combine(other, "sitting.zip")) && Verifies(other), $"{other} verifies", TimeSpan.FromSeconds(90));
        Assert.Empty(Hall.LeakedSecrets());
        Assert.DoesNotContain(Hall.Output, l => l.Contains(fixture.Postgres.Password));

        // The SQLite backup tool does not pretend to copy a data dir whose record is in PostgreSQL: it points to pg_dump.
        var archive = Path.Combine(Path.GetTempPath(), $"session-pg-backup-{Guid.NewGuid():N}.tar.gz");
        var backup = await HallTool.RunAsync("backup", "--data-dir", Hall.DataDir, "--to", archive);
        Assert.Equal(1, backup.ExitCode);
        Assert.Contains("pg_dump", backup.Error);
        Assert.Contains("зберігаються в PostgreSQL", backup.Error);
        Assert.DoesNotContain(fixture.Postgres.Password, File.ReadAllText(Path.Combine(Hall.DataDir, StorageSetup.PostgresMarker)));
        Assert.False(File.Exists(archive));
    }

    private static bool Verifies(string folder)
    {
        try { return FolderVerifier.Verify(folder).Ok; }
        catch (IOException) { return false; } // a publication still writing
    }
}
