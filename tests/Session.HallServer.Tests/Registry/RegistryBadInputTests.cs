using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Registry;

/// <summary>One real server with one council, set up through the API; every test refuses something in it.</summary>
public sealed class RegistryHall : IAsyncLifetime
{
    public const string Council = "bilky";
    public HallServerProcess Hall { get; private set; } = null!;
    public RegistryClient Admin { get; private set; } = null!;
    public string SittingId { get; private set; } = "";
    public string HallId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false, ExtraArgs = ["--Hall:MaxDocumentBytes", "20000"] });
        Admin = await RegistryClient.SetUpAsync(Hall);
        (SittingId, HallId) = await Admin.CreateCouncilAsync(Council);
    }

    public async Task DisposeAsync() => await Hall.DisposeAsync();
}

/// <summary>
/// The registry issue's bad inputs: each gets its code and a clear message in Ukrainian and English, and the
/// registry and its audit chain are byte for byte what they were before (compared through the export and the audit).
/// </summary>
public sealed class RegistryBadInputTests(RegistryHall fixture) : IClassFixture<RegistryHall>
{
    private const string C = RegistryHall.Council;
    private RegistryClient Admin => fixture.Admin;

    private async Task<JsonElement> RefusedUnchanged(HttpMethod method, string path, object? body, HttpStatusCode status, string code, string uk, string en)
    {
        var before = await Admin.SnapshotAsync(C);
        var problem = await Admin.RefusedAsync(method, path, body, status);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Contains(uk, problem.GetProperty("detail").GetString());
        Assert.Contains(en, problem.GetProperty("detailEn").GetString());
        Assert.Equal(before, await Admin.SnapshotAsync(C));
        return problem;
    }

    private async Task<string> DeputyIdAsync(int index) =>
        (await Admin.GetAsync($"/api/councils/{C}/deputies"))[index].GetProperty("id").GetString()!;

    [Fact]
    public async Task A_csv_with_a_wrong_header_is_refused_naming_the_expected_columns() =>
        await RefusedUnchanged(HttpMethod.Put, $"/api/councils/{C}/deputies", RegistryClient.Csv("projektNum,fullname,vottingAgains\nx,y,z\n"),
            HttpStatusCode.BadRequest, "bad-header", "fullName", "Expected");

    [Fact]
    public async Task A_csv_with_one_bad_row_reports_it_by_line_and_writes_nothing_even_without_dry_run()
    {
        var csv = "fullName,faction,mandateStart,mandateEnd\nНовак Петро Іванович,Нова,2021-01-01,\nКоваль Ірина Петрівна,,2022-05-01,2021-01-01\nШевчук Анна Олегівна,,не дата,\n";
        foreach (var dryRun in new[] { true, false })
        {
            var before = await Admin.SnapshotAsync(C);
            using var response = await Admin.SendAsync(HttpMethod.Put, $"/api/councils/{C}/deputies?dryRun={dryRun.ToString().ToLowerInvariant()}", RegistryClient.Csv(csv));
            Assert.Equal(dryRun ? HttpStatusCode.OK : HttpStatusCode.BadRequest, response.StatusCode);
            var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var rows = report.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("line").GetInt32());
            Assert.Equal("create", rows[2].GetProperty("action").GetString());
            Assert.Equal("error", rows[3].GetProperty("action").GetString());
            Assert.Equal("mandate-ends-before-start", rows[3].GetProperty("errors")[0].GetProperty("code").GetString());
            Assert.Contains("раніше", rows[3].GetProperty("errors")[0].GetProperty("uk").GetString());
            Assert.Equal("bad-date", rows[4].GetProperty("errors")[0].GetProperty("code").GetString());
            Assert.Equal(2, report.GetProperty("errors").GetInt32());
            Assert.Equal(before, await Admin.SnapshotAsync(C));
        }
    }

    [Fact]
    public async Task A_duplicate_deputy_is_refused()
    {
        var first = (await Admin.GetAsync($"/api/councils/{C}/deputies"))[0];
        await RefusedUnchanged(HttpMethod.Post, $"/api/councils/{C}/deputies",
            new { fullName = first.GetProperty("fullName").GetString(), mandateStart = "2020-12-01" },
            HttpStatusCode.Conflict, "duplicate-deputy", "вже є", "already");
    }

    [Fact]
    public async Task A_mandate_that_ends_before_it_starts_is_refused() =>
        await RefusedUnchanged(HttpMethod.Post, $"/api/councils/{C}/deputies",
            new { fullName = "Ткач Олег Ігорович", mandateStart = "2023-01-01", mandateEnd = "2022-01-01" },
            HttpStatusCode.BadRequest, "mandate-ends-before-start", "раніше", "before");

    [Fact]
    public async Task A_card_bound_to_another_deputy_is_refused()
    {
        var (a, b) = (await DeputyIdAsync(0), await DeputyIdAsync(1));
        await Admin.OkAsync(HttpMethod.Post, $"/api/councils/{C}/cards", new { uid = "04:AA:BB:01", deputyId = a });
        await RefusedUnchanged(HttpMethod.Post, $"/api/councils/{C}/cards", new { uid = "04AABB01", deputyId = b },
            HttpStatusCode.Conflict, "card-in-use", "іншому депутатові", "another deputy");
    }

    [Fact]
    public async Task A_pin_in_use_by_another_deputy_is_refused_and_issued_pins_never_reach_the_audit()
    {
        var (a, b) = (await DeputyIdAsync(2), await DeputyIdAsync(3));
        var pin = (await Admin.OkAsync(HttpMethod.Post, $"/api/councils/{C}/deputies/{a}/pin", new { pin = "739164" })).GetProperty("pin").GetString();
        Assert.Equal("739164", pin);
        await RefusedUnchanged(HttpMethod.Post, $"/api/councils/{C}/deputies/{b}/pin", new { pin = "739164" },
            HttpStatusCode.Conflict, "pin-in-use", "PIN", "PIN");
        var generated = (await Admin.OkAsync(HttpMethod.Post, $"/api/councils/{C}/deputies/{b}/pin", new { })).GetProperty("pin").GetString()!;
        Assert.Matches("^[0-9]{6}$", generated);
        var everything = await Admin.SnapshotAsync(C) + string.Join('\n', fixture.Hall.Output);
        Assert.DoesNotContain("739164", everything);
        Assert.DoesNotContain(generated, everything);
    }

    [Fact]
    public async Task A_committee_containing_the_head_is_refused()
    {
        var deputies = await Admin.GetAsync($"/api/councils/{C}/deputies");
        var head = deputies.EnumerateArray().Single(d => d.GetProperty("isHead").GetBoolean()).GetProperty("id").GetString();
        var members = new[] { await DeputyIdAsync(4), await DeputyIdAsync(5), head }.Select(id => new { deputyId = id, role = "member" }).ToArray();
        await RefusedUnchanged(HttpMethod.Post, $"/api/councils/{C}/bodies", new { name = "Комісія з питань освіти", kind = "committee", members },
            HttpStatusCode.BadRequest, "head-in-committee", "Голова ради", "head");
    }

    [Fact]
    public async Task A_hall_without_seats_is_refused() =>
        await RefusedUnchanged(HttpMethod.Post, $"/api/councils/{C}/halls", new { name = "Мала зала", seats = Array.Empty<object>() },
            HttpStatusCode.BadRequest, "hall-without-seats", "хоча б одне місце", "at least one seat");

    [Fact]
    public async Task A_second_council_with_an_existing_id_is_refused()
    {
        var before = await Admin.SnapshotAsync(C);
        var problem = await Admin.RefusedAsync(HttpMethod.Post, "/api/councils", new { id = C, name = "Інша рада", composition = 22 }, HttpStatusCode.Conflict);
        Assert.Equal("council-exists", problem.GetProperty("code").GetString());
        Assert.Contains(C, problem.GetProperty("detail").GetString());
        Assert.Equal(before, await Admin.SnapshotAsync(C));
        Assert.Equal($"Рада {C}", (await Admin.GetAsync($"/api/councils/{C}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_file_that_is_not_a_pdf_and_a_pdf_over_the_size_limit_are_refused()
    {
        var item = (await Admin.GetAsync($"/api/councils/{C}/sittings/{fixture.SittingId}/agenda"))[0].GetProperty("id").GetString();
        var path = $"/api/councils/{C}/sittings/{fixture.SittingId}/agenda/{item}/documents?name=draft.pdf";
        await RefusedUnchanged(HttpMethod.Post, path, RegistryClient.Pdf("<html>not a pdf</html>"u8.ToArray()),
            HttpStatusCode.BadRequest, "not-a-pdf", "PDF", "PDF");
        var big = RegistryClient.SmallPdf().Concat(new byte[30_000]).ToArray();
        await RefusedUnchanged(HttpMethod.Post, path, RegistryClient.Pdf(big), HttpStatusCode.BadRequest, "too-large", "більший", "larger");
        Assert.Empty(Directory.Exists(Path.Combine(fixture.Hall.DataDir, "documents")) ? Directory.GetFiles(Path.Combine(fixture.Hall.DataDir, "documents")) : []);
    }

    [Fact]
    public async Task A_council_without_two_thirds_of_its_mandates_cannot_open_a_sitting()
    {
        const string small = "malyn";
        await Admin.OkAsync(HttpMethod.Post, "/api/councils", new { id = small, name = "Малинська рада", composition = 26 });
        await Admin.OkAsync(HttpMethod.Put, $"/api/councils/{small}/deputies", RegistryClient.Csv(RegistryClient.DeputiesCsv(10, "Малин")));
        var hall = await Admin.OkAsync(HttpMethod.Post, $"/api/councils/{small}/halls", new { name = "Зала", seats = new[] { new { number = 1, label = "1", x = 0, y = 0 } } });
        var session = await Admin.OkAsync(HttpMethod.Post, $"/api/councils/{small}/sessions", new { number = 1, title = "Сесія", convocation = 8 });
        var sitting = await Admin.OkAsync(HttpMethod.Post, $"/api/councils/{small}/sittings",
            new { sessionId = session.GetProperty("id").GetString(), bodyId = small + "-plenary", hallId = hall.GetProperty("id").GetString(), number = 1, date = "2026-12-01" });
        var before = await Admin.SnapshotAsync(small);
        var problem = await Admin.RefusedAsync(HttpMethod.Post, $"/api/councils/{small}/sittings/{sitting.GetProperty("id").GetString()}/open", null, HttpStatusCode.BadRequest);
        Assert.Equal("body-not-competent", problem.GetProperty("code").GetString());
        Assert.Contains("ст. 45", problem.GetProperty("detail").GetString());
        Assert.Contains("art. 45", problem.GetProperty("detailEn").GetString());
        Assert.Equal(before, await Admin.SnapshotAsync(small));
    }

    [Fact]
    public async Task A_new_card_tapped_at_a_seat_is_shown_to_the_admin_bound_to_a_deputy_and_then_identifies_them()
    {
        var issued = await Admin.OkAsync(HttpMethod.Post, $"/api/councils/{C}/halls/{fixture.HallId}/terminals", new { kind = "gateway", seats = Array.Empty<int>(), label = "enrol" });
        var gateway = await fixture.Hall.ConnectTerminalAsync();
        Assert.True((await gateway.InvokeAsync<HelloReply>("Hello", new HelloRequest(issued.GetProperty("key").GetString()!, "t"))).Accepted);
        var tap = await gateway.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), 7, Card: "04 DE AD 77"));
        Assert.False(tap.Accepted);
        var seen = await Admin.GetAsync($"/api/councils/{C}/cards/seen");
        var sighting = seen.EnumerateArray().Single(x => x.GetProperty("uid").GetString() == "04DEAD77");
        Assert.Equal(7, sighting.GetProperty("seat").GetInt32());
        Assert.Equal(fixture.HallId, sighting.GetProperty("hallId").GetString());
        // Only the council's admin sees the cards.
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Hall.Http.GetAsync($"/api/councils/{C}/cards/seen")).StatusCode);

        var deputy = await DeputyIdAsync(6);
        await Admin.OkAsync(HttpMethod.Post, $"/api/councils/{C}/cards", new { uid = "04DEAD77", deputyId = deputy });
        Assert.DoesNotContain((await Admin.GetAsync($"/api/councils/{C}/cards/seen")).EnumerateArray(), x => x.GetProperty("uid").GetString() == "04DEAD77");
        var deputies = await Admin.GetAsync($"/api/councils/{C}/deputies");
        Assert.Contains("04DEAD77", deputies.EnumerateArray().Single(d => d.GetProperty("id").GetString() == deputy).GetProperty("cards").EnumerateArray().Select(c => c.GetString()));
        // The public sees names, never cards.
        var open = await fixture.Hall.Http.GetStringAsync($"/api/councils/{C}/deputies");
        Assert.DoesNotContain("04DEAD77", open);

        await Admin.OkAsync(HttpMethod.Delete, $"/api/councils/{C}/cards/04DEAD77");
        Assert.DoesNotContain((await Admin.GetAsync($"/api/councils/{C}/cards")).EnumerateArray(), c => c.GetProperty("uid").GetString() == "04DEAD77");
    }
}
