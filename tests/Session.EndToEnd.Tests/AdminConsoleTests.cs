using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Session.Core.Wire;
using Session.Testing;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>
/// A council's first start, end to end, on an empty data dir: the setup token makes the host admin; the admin console
/// makes the council, its convocation, deputies (a CSV import with a bad row fixed), the hall, a committee; the
/// secretary's work — a session, two planned sittings, the agenda with a PDF — is on the public page before the sitting
/// opens; the sitting is opened from the admin console and run from the chair console with two tablets paired by
/// keys and identified by PINs the admin console issued; then it is closed and the second sitting opens.
/// </summary>
[Collection(Lane.B)]
public sealed class AdminConsoleTests(ITestOutputHelper output)
{
    private const string Council = "zelena";
    private const string Login = "holova-admin";
    private const string Password = "Zelena-rada-2026!";
    private static readonly string Today = DateTime.Now.ToString("yyyy-MM-dd");

    // Five deputies (the composition, the least the server allows) and the head; line 4 has an impossible birth date.
    private const string Header = "fullName,faction,mandateStart,mandateEnd,gender,birthDate,isHead";
    private static readonly string[] Deputies =
        ["Коваль Ірина Степанівна", "Мельник Андрій Петрович", "Шевчук Олена Василівна", "Ткаченко Максим Олегович", "Кравець Галина Миколаївна"];
    private const string Head = "Бондаренко Петро Іванович";

    private static string Csv(string birthOfSecond) => string.Join("\r\n",
        Header,
        $"{Head},,2025-11-25,,1,1968-04-02,1",
        $"{Deputies[0]},Громада,2025-11-25,,2,1979-06-12,0",
        $"{Deputies[1]},Громада,2025-11-25,,1,{birthOfSecond},0",
        $"{Deputies[2]},Разом,2025-11-25,,2,1985-01-30,0",
        $"{Deputies[3]},Разом,2025-11-25,,1,1990-09-09,0",
        $"{Deputies[4]},,2025-11-25,,2,1972-12-01,0") + "\r\n";

    private readonly List<string> _axeReport = new();
    private readonly List<string> _axeFailures = new();

    [Fact]
    public async Task From_an_empty_data_dir_the_admin_sets_up_a_council_plans_and_opens_sittings_that_tablets_vote_in()
    {
        await using var stage = await Stage.StartAsync("admin-console", demo: false);
        var admin = await stage.OpenAsync("/admin", 1280, 900, label: "admin");
        admin.Dialog += async (_, d) => await d.AcceptAsync(); // «are you sure?» is answered yes

        await FirstStartAsync(stage, admin);
        var committee = await CommitteeAsync(admin);
        var (first, second, itemIds, pdfName) = await PlanSittingsAsync(stage, admin);

        // The public page shows the planned sittings, their agendas and the document, before anything opens.
        var citizen = await stage.OpenAsync($"/{Council}/", 360, 800, label: "public");
        var planned = citizen.Locator($"#upcoming article[data-sitting='{first}']");
        await Expect(planned).ToContainTextAsync("Про бюджет громади на 2027 рік");
        await Expect(planned).ToContainTextAsync("Про затвердження порядку денного");
        await Expect(citizen.Locator($"#upcoming article[data-sitting='{second}']")).ToBeVisibleAsync();
        var docLink = planned.Locator("ul.files a", new() { HasText = pdfName });
        await Expect(docLink).ToBeVisibleAsync();
        var doc = await citizen.APIRequest.GetAsync((await docLink.GetAttributeAsync("href"))!);
        Assert.True(doc.Ok, $"the document link answers {doc.Status}");
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(await doc.BodyAsync())[..5]);
        await Expect(citizen.ById("no-sitting")).ToHaveTextAsync("Зараз засідання не триває.");
        await AxeAsync(stage, citizen, "public-planned-sittings");

        var chair = await RunFirstSittingAsync(stage, admin, first, itemIds);
        await SecondSittingOpensAsync(stage, admin, chair, first, second);
        await Expect(citizen.ById("sitting-status")).ToHaveTextAsync("Засідання триває"); // the public page follows, live
        await Expect(citizen.Locator("h1")).ToHaveTextAsync("Зеленівська сільська рада");

        // The committee was defined without the head, and the server refuses the head as a member too.
        var token = await LoginAsync(stage.Hall);
        var deputies = await GetAsync<JsonElement>(stage.Hall, $"/api/councils/{Council}/deputies", token);
        var headId = deputies.EnumerateArray().First(d => d.GetProperty("isHead").GetBoolean()).GetProperty("id").GetString()!;
        using var refused = await SendAsync(stage.Hall, HttpMethod.Put, $"/api/councils/{Council}/bodies/{committee}/members", token,
            new { members = new[] { new { deputyId = headId, role = "member" } } });
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("head-in-committee", await refused.Content.ReadAsStringAsync());

        // The audit log: who did what from where, the chain recomputed by the server; the sitting commands of the
        // chair console are there with the account that gave them.
        await admin.GotoAsync($"/{Council}/admin#audit");
        await Expect(admin.ById("audit-verify")).ToHaveAttributeAsync("data-holds", "true");
        await Expect(admin.Locator("#audit-table tr[data-action='sitting.open']").First).ToContainTextAsync(Login);
        await Expect(admin.Locator("#audit-table tr[data-action='sitting.open-registration']").First).ToContainTextAsync(Login);
        await admin.ById("audit-filter").FillAsync("terminal.issue");
        await Expect(admin.Locator("#audit-table tbody tr")).ToHaveCountAsync(3); // the two tablet keys and the keypad gateway's
        await AxeAsync(stage, admin, "admin-audit");
        // An observer's console is that log and nothing else.
        const string observerPassword = "observer password 2026 Zx";
        SecretLedger.Add(observerPassword);
        using (var created = await SendAsync(stage.Hall, HttpMethod.Post, $"/api/councils/{Council}/accounts", token, new { login = "sposterihach", password = observerPassword, role = "observer" }))
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var observer = await stage.OpenAsync($"/{Council}/admin#deputies", 1280, 900, label: "observer");
        await observer.ById("login-name").FillAsync("sposterihach");
        await observer.ById("login-password").FillAsync(observerPassword);
        await observer.ById("login-form-submit").ClickAsync();
        await Expect(observer.Locator("#admin-nav a")).ToHaveCountAsync(1);
        await Expect(observer.ById("nav-audit")).ToBeVisibleAsync();
        await Expect(observer.ById("audit-verify")).ToHaveAttributeAsync("data-holds", "true");

        File.WriteAllLines(Path.Combine(ConsoleBuild.ArtifactsDir, "axe-admin-report.txt"), _axeReport);
        foreach (var line in _axeReport) output.WriteLine(line);
        Assert.True(_axeFailures.Count == 0, "serious or critical axe violations:\n" + string.Join("\n", _axeFailures));
    }

    /// <summary>/admin on a fresh server: the setup token, the host admin, then the wizard — council, convocation, deputies, hall.</summary>
    private async Task FirstStartAsync(Stage stage, IPage admin)
    {
        await Expect(admin.ById("setup-token")).ToBeVisibleAsync();
        await AxeAsync(stage, admin, "admin-setup");
        var tokenFile = Path.Combine(stage.Hall.DataDir, "setup-token.txt");
        Assert.True(File.Exists(tokenFile), "the server wrote DATA_DIR/setup-token.txt");
        var setupToken = File.ReadAllText(tokenFile).Trim();

        // A wrong token is refused beside its field; the right one makes the host admin.
        await admin.ById("setup-token").FillAsync("not-the-token");
        await admin.ById("setup-login").FillAsync(Login);
        await admin.ById("setup-password").FillAsync(Password);
        await admin.ById("setup-form-submit").ClickAsync();
        await Expect(admin.ById("setup-token-error")).ToContainTextAsync("токен");
        await admin.ById("setup-token").FillAsync(setupToken);
        await admin.ById("setup-form-submit").ClickAsync();
        // The host admin's first login is limited to enrolling the second factor.
        await Ui.EnrolSecondFactorAsync(admin, Login);

        // The council.
        await Expect(admin.ById("council-id")).ToBeVisibleAsync();
        await admin.ById("council-id").FillAsync(Council);
        await admin.ById("council-name").FillAsync("Зеленівська сільська рада");
        await admin.ById("council-edrpou").FillAsync("04412345");
        await admin.ById("council-katottg").FillAsync("UA12020010010052939");
        await admin.ById("council-composition").FillAsync("5");
        await admin.ById("council-url").FillAsync("https://zelena-rada.example.ua");
        await admin.ById("council-form-submit").ClickAsync();
        Assert.False(File.Exists(tokenFile), "the setup token is deleted once used");

        // The convocation.
        await Expect(admin.ById("conv-number")).ToBeVisibleAsync();
        await admin.ById("conv-number").FillAsync("9");
        await admin.ById("conv-from").FillAsync("2025-11-25");
        await admin.ById("conv-until").FillAsync("2030-11-25");
        await admin.ById("conv-form-submit").ClickAsync();

        // The deputies: the dry run shows the bad row with its line; nothing can be committed until it is fixed.
        await Expect(admin.ById("import-text")).ToBeVisibleAsync();
        await admin.ById("import-text").FillAsync(Csv("31.02.1981"));
        await admin.ById("import-dry-run").ClickAsync();
        var bad = admin.Locator("#import-rows tr[data-line='4']");
        await Expect(bad).ToContainTextAsync(Deputies[1]);
        await Expect(bad).ToContainTextAsync("31.02.1981");
        await Expect(bad).ToHaveClassAsync(new Regex("import-error"));
        await Expect(admin.Locator("#import-rows tr.import-error")).ToHaveCountAsync(1);
        await Expect(admin.ById("import-commit")).ToBeDisabledAsync();
        await AxeAsync(stage, admin, "admin-wizard-import-error");
        await admin.ById("import-text").FillAsync(Csv("1981-02-28"));
        await admin.ById("import-dry-run").ClickAsync();
        await Expect(admin.Locator("#import-rows tr.import-create")).ToHaveCountAsync(6);
        await Expect(admin.ById("import-commit")).ToBeEnabledAsync();
        await admin.ById("import-commit").ClickAsync();
        await Expect(admin.ById("admin-message")).ToContainTextAsync("додано 6");
        await admin.ById("wizard-next").ClickAsync();

        // The hall: 27 seats.
        await admin.ById("hall-name").FillAsync("Сесійна зала");
        await admin.ById("hall-place").FillAsync("с. Зеленівка, вул. Центральна, 1");
        await admin.ById("seat-count").FillAsync("27");
        await admin.ById("seat-add").ClickAsync();
        await Expect(admin.Locator("#seat-table tbody tr")).ToHaveCountAsync(27);
        await admin.ById("hall-form-submit").ClickAsync();
        await Expect(admin.ById("wizard-open-console")).ToBeVisibleAsync();
        await admin.ById("wizard-open-console").ClickAsync();
        await admin.WaitForURLAsync($"**/{Council}/admin");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("Зеленівська сільська рада");
    }

    /// <summary>A standing committee of three deputies (the head is not offered); answers its id.</summary>
    private async Task<string> CommitteeAsync(IPage admin)
    {
        await admin.ById("nav-bodies").ClickAsync();
        await admin.ById("committee-name").FillAsync("Постійна комісія з питань бюджету");
        await admin.ById("committee-id").FillAsync("zelena-budget");
        await admin.ById("committee-composition").FillAsync("3");
        await admin.ById("committee-add-submit").ClickAsync();
        var members = admin.Locator("#members-zelena-budget");
        await Expect(members).ToBeVisibleAsync();
        await Expect(members.Locator("tbody tr")).ToHaveCountAsync(5);
        await Expect(members).Not.ToContainTextAsync(Head);
        var roles = new[] { "chair", "secretary", "member" };
        for (int i = 0; i < 3; i++)
            await members.Locator("tr", new() { HasText = Deputies[i] }).Locator("select").SelectOptionAsync(roles[i]);
        await admin.ById("members-form-zelena-budget-submit").ClickAsync();
        await Expect(admin.Locator("#body-zelena-budget > p").First).ToHaveTextAsync("Членів: 3 з 3");
        return "zelena-budget";
    }

    /// <summary>A session, two plenary sittings, two agenda items and a PDF on the first sitting.</summary>
    private async Task<(string First, string Second, string[] ItemIds, string PdfName)> PlanSittingsAsync(Stage stage, IPage admin)
    {
        await admin.ById("nav-sittings").ClickAsync();
        await admin.ById("session-number").FillAsync("5");
        await admin.ById("session-title").FillAsync("П'ята сесія IX скликання");
        await admin.ById("session-form-submit").ClickAsync();
        await Expect(admin.Locator("#sessions-table tbody tr")).ToHaveCountAsync(1);

        var first = await PlanSittingAsync(admin, 1, "10:00");
        await AddItemAsync(admin, "Про затвердження порядку денного", null);
        await AddItemAsync(admin, "Про бюджет громади на 2027 рік", "127");
        var items = admin.Locator("#agenda-list > li");
        await Expect(items).ToHaveCountAsync(2);
        var budget = items.Filter(new() { HasText = "бюджет громади" });
        const string pdfName = "proekt-biudzhetu-2027.pdf";
        await budget.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = pdfName, MimeType = "application/pdf", Buffer = MinimalPdf() });
        await budget.Locator("button[id^='doc-upload-']").ClickAsync();
        await Expect(budget.Locator("ul.docs a", new() { HasText = pdfName })).ToBeVisibleAsync();
        await AxeAsync(stage, admin, "admin-sitting-planned");
        var itemIds = await items.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.item)");

        await admin.ById("back-to-sittings").ClickAsync();
        var second = await PlanSittingAsync(admin, 2, "15:00");
        await AddItemAsync(admin, "Про звіт старости", null);
        await admin.ById("back-to-sittings").ClickAsync();
        await Expect(admin.Locator("#sittings-table tbody tr")).ToHaveCountAsync(2);
        await AxeAsync(stage, admin, "admin-sittings");
        return (first, second, itemIds, pdfName);
    }

    private static async Task<string> PlanSittingAsync(IPage admin, int number, string time)
    {
        await admin.ById("sitting-number").FillAsync(number.ToString());
        await admin.ById("sitting-date").FillAsync(Today);
        await admin.ById("sitting-time").FillAsync(time);
        await admin.ById("sitting-form-submit").ClickAsync();
        await Expect(admin.ById("sitting-title")).ToContainTextAsync($"№ {number}");
        await Expect(admin.ById("sitting-open")).ToBeVisibleAsync();
        var hash = new Uri(admin.Url).Fragment; // #sittings/{id}
        Assert.StartsWith("#sittings/", hash);
        return Uri.UnescapeDataString(hash["#sittings/".Length..]);
    }

    private static async Task AddItemAsync(IPage admin, string title, string? project)
    {
        var before = await admin.Locator("#agenda-list > li").CountAsync();
        if (project is not null) await admin.ById("item-project").FillAsync(project);
        await admin.ById("item-title").FillAsync(title);
        await admin.ById("item-form-submit").ClickAsync();
        await Expect(admin.Locator("#agenda-list > li")).ToHaveCountAsync(before + 1);
    }

    /// <summary>Opened from the admin console; two tablets (keys and PINs from the admin console) register and vote; closed.</summary>
    private async Task<IPage> RunFirstSittingAsync(Stage stage, IPage admin, string first, string[] itemIds)
    {
        await admin.GotoAsync($"/{Council}/admin#sittings/{Uri.EscapeDataString(first)}");
        await admin.ById("sitting-open").ClickAsync();
        await Expect(admin.ById("sitting-close")).ToBeVisibleAsync();
        await Expect(admin.Locator("#sitting-title [data-status]")).ToHaveAttributeAsync("data-status", "open");

        // Two tablet keys from the hall's terminals section; the key is shown once with its pairing link.
        await admin.ById("nav-halls").ClickAsync();
        await admin.Locator("#halls a[id^='hall-open-']").First.ClickAsync();
        var links = new List<string>();
        foreach (var seat in new[] { 1, 2 })
        {
            await admin.ById("terminal-kind").SelectOptionAsync("tablet");
            await admin.ById("terminal-seats").FillAsync(seat.ToString());
            await admin.ById("terminal-label").FillAsync($"Планшет {seat}");
            await admin.ById("terminal-form-submit").ClickAsync();
            await Expect(admin.ById("once-dialog")).ToBeVisibleAsync();
            var key = (await admin.ById("once-value").InnerTextAsync()).Trim();
            var link = (await admin.ById("once-link").GetAttributeAsync("href"))!;
            // The key and the hall CA's fingerprint ride in the fragment; the dialog shows the fingerprint too.
            var ca = System.Text.RegularExpressions.Regex.Match(link, "#key=" + System.Text.RegularExpressions.Regex.Escape(Uri.EscapeDataString(key)) + "&ca=([0-9A-F]{64})$");
            Assert.True(ca.Success, link);
            await Expect(admin.Locator("#once-dialog .ca-note")).ToContainTextAsync(string.Join(':', ca.Groups[1].Value.Chunk(2).Select(c => new string(c))));
            links.Add(link);
            if (seat == 1) await AxeAsync(stage, admin, "admin-terminal-key-shown-once");
            await admin.ById("once-close").ClickAsync();
            await Expect(admin.ById("once-dialog")).ToHaveCountAsync(0);
        }
        await Expect(admin.Locator("#terminals li")).ToHaveCountAsync(2);

        // PINs from the deputies section, shown once.
        await admin.ById("nav-deputies").ClickAsync();
        var pins = new List<string>();
        foreach (var name in Deputies[..2])
        {
            var row = admin.Locator("#deputies-table tr", new() { HasText = name });
            await row.Locator("button[id^='dep-pin-']").ClickAsync();
            await Expect(admin.ById("once-dialog")).ToBeVisibleAsync();
            var pin = (await admin.ById("once-value").InnerTextAsync()).Trim();
            Assert.Matches("^[0-9]{6}$", pin);
            pins.Add(pin);
            await admin.ById("once-close").ClickAsync();
            await Expect(row).ToContainTextAsync("видано");
        }
        await AxeAsync(stage, admin, "admin-deputies");

        // The chair console: the same admin logs in and opens registration.
        var chair = await stage.OpenAsync($"/{Council}/chair", 1440, 1000, label: "chair");
        await chair.ById("login-name").FillAsync(Login);
        await chair.ById("login-password").FillAsync(Password);
        await chair.ById("login-code").FillAsync(await StaffLogin.NextCodeAsync(new Uri(chair.Url), Login));
        await chair.ById("login-submit").ClickAsync();
        await Expect(chair.ById("link-state")).ToHaveTextAsync("На зв'язку");
        await Expect(chair.ById("sitting-panel")).ToContainTextAsync("засідання № 1");
        await chair.ById("reg-open").ClickAsync();
        await Expect(chair.ById("reg-close")).ToBeEnabledAsync();

        // Tablet 1 pairs by the link as given (/terminal#key=…), tablet 2 at the council's own path; each identifies by PIN.
        var tablet1 = await stage.OpenAsync(links[0], 800, 1280, label: "tablet-1");
        var key2 = Uri.UnescapeDataString(links[1][(links[1].IndexOf("#key=", StringComparison.Ordinal) + 5)..links[1].IndexOf("&ca=", StringComparison.Ordinal)]);
        var tablet2 = await stage.OpenAsync($"/{Council}/terminal#key={Uri.EscapeDataString(key2)}", 360, 780, label: "tablet-2");
        // The link's fingerprint was checked against the server's hall CA before the key went out, and the tablet says so.
        await Expect(tablet1.ById("hall-ca")).ToContainTextAsync("Сервер зали перевірено");
        // A link naming another hall's CA (one digit changed): the tablet refuses before sending the key anywhere.
        var stray = await stage.OpenAsync(links[0][..^1] + (links[0][^1] == '0' ? '1' : '0'), 800, 1280, label: "tablet-wrong-ca");
        await Expect(stray.ById("pair-error")).ToContainTextAsync("Цей сервер — не той, для якого видано ключ");
        await Expect(stray.ById("pair-key")).ToHaveValueAsync("");
        foreach (var (tablet, name, pin) in new[] { (tablet1, Deputies[0], pins[0]), (tablet2, Deputies[1], pins[1]) })
        {
            await Expect(tablet.Locator("#deputy option", new() { HasText = name })).ToHaveCountAsync(1);
            await tablet.ById("deputy").SelectOptionAsync(new SelectOptionValue { Label = name });
            await tablet.ById("pin").FillAsync(pin);
            await tablet.ById("pin").PressAsync("Enter");
            await Expect(tablet.ById("item-h")).ToBeVisibleAsync();
            await Expect(tablet.Locator(".status-line")).ToContainTextAsync("Зареєстровано");
        }
        await Expect(tablet1.Locator(".bar .seat-no")).ToHaveTextAsync("Місце 1");
        await Expect(tablet2.Locator(".bar .seat-no")).ToHaveTextAsync("Місце 2");
        // The third deputy registers at a seat keypad (a gateway key and a PIN issued through the REST API).
        var keypad = await KeypadAsync(stage.Hall, seat: 3, Deputies[2]);
        await Expect(chair.ById("quorum")).ToContainTextAsync("Зареєстровано 3 з 5");
        await Expect(chair.ById("quorum")).ToContainTextAsync("кворум є");
        await chair.ById("reg-close").ClickAsync();
        await Expect(chair.ById("reg-open")).ToBeEnabledAsync();

        // A vote on the budget (the prepared item, with its id from the registry), both tablets «За».
        var budgetItem = itemIds[1];
        await chair.ById($"start-item-{budgetItem}").ClickAsync();
        await Expect(chair.ById("vote-motion")).ToHaveValueAsync(new Regex("бюджет громади"));
        await chair.ById("vote-rule").SelectOptionAsync("majority-of-composition");
        await chair.ById("vote-duration").FillAsync("300");
        await chair.ById("vote-open").ClickAsync();
        await Expect(chair.ById("vote-close")).ToBeVisibleAsync();
        foreach (var tablet in new[] { tablet1, tablet2 })
        {
            await Expect(tablet.ById("vote-threshold")).ToContainTextAsync("3");
            await Ui.CastByKeyboardAsync(tablet, "yes");
            await Expect(tablet.ById("cast-status")).ToContainTextAsync("Ваш голос «За» зараховано");
        }
        var voteId = (await stage.Hall.CurrentSittingAsync()).Vote!.VoteId;
        await Stage.CastAsync(keypad, voteId, [3], "yes");
        await Expect(chair.ById("tally-yes")).ToHaveTextAsync("3");
        await chair.ById("vote-close").ClickAsync();
        await Expect(chair.ById("vote-result")).ToContainTextAsync("Прийнято");
        await stage.ShotAsync(chair, "admin-run-chair-vote-closed");

        // Closed from the admin console.
        await admin.GotoAsync($"/{Council}/admin#sittings/{Uri.EscapeDataString(first)}");
        await admin.ById("sitting-close").ClickAsync();
        await Expect(admin.Locator("#sitting-title [data-status]")).ToHaveAttributeAsync("data-status", "closed");
        await Expect(chair.ById("close-sitting")).ToBeDisabledAsync();
        return chair;
    }

    /// <summary>The second planned sitting opens from the admin console and becomes the council's current sitting.</summary>
    private static async Task SecondSittingOpensAsync(Stage stage, IPage admin, IPage chair, string first, string second)
    {
        await admin.GotoAsync($"/{Council}/admin#sittings/{Uri.EscapeDataString(second)}");
        await admin.ById("sitting-open").ClickAsync();
        await Expect(admin.ById("sitting-close")).ToBeVisibleAsync();

        var open = await stage.Hall.Http.GetFromJsonAsync<JsonElement>($"/api/councils/{Council}/sittings?status=open");
        Assert.Equal([second], open.EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToArray());
        var closed = await stage.Hall.Http.GetFromJsonAsync<JsonElement>($"/api/councils/{Council}/sittings?status=closed");
        Assert.Equal([first], closed.EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToArray());
        await Eventually.True(async () => (await stage.Hall.CurrentSittingAsync()).SittingId == second, "the second sitting is current");

        // The chair console, still open since the first sitting, follows the council to its new sitting.
        await Expect(chair.ById("sitting-panel")).ToContainTextAsync("засідання № 2");
        await Expect(chair.Locator("#agenda-list")).ToContainTextAsync("Про звіт старости");
    }

    /// <summary>
    /// A keypad gateway for <paramref name="seat"/> (key by REST) where <paramref name="name"/> identifies by a PIN issued by
    /// REST, sent with the deputy it belongs to (a PIN alone is refused, docs/security.md).
    /// </summary>
    private static async Task<HubConnection> KeypadAsync(HallServerProcess hall, int seat, string name)
    {
        var token = await LoginAsync(hall);
        var hallId = (await GetAsync<JsonElement>(hall, $"/api/councils/{Council}/halls", token))[0].GetProperty("id").GetString()!;
        using var issued = await SendAsync(hall, HttpMethod.Post, $"/api/councils/{Council}/halls/{hallId}/terminals", token, new { kind = "gateway", seats = new[] { seat }, label = "Пульт 3" });
        issued.EnsureSuccessStatusCode();
        var key = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var deputies = await GetAsync<JsonElement>(hall, $"/api/councils/{Council}/deputies", token);
        var id = deputies.EnumerateArray().First(d => d.GetProperty("fullName").GetString() == name).GetProperty("id").GetString()!;
        using var pinAnswer = await SendAsync(hall, HttpMethod.Post, $"/api/councils/{Council}/deputies/{Uri.EscapeDataString(id)}/pin", token, null);
        pinAnswer.EnsureSuccessStatusCode();
        var pin = (await pinAnswer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pin").GetString()!;
        var gateway = await hall.ConnectTerminalAsync();
        var hello = await gateway.InvokeAsync<HelloReply>("Hello", new HelloRequest(key, "test-keypad"));
        Assert.True(hello.Accepted, hello.Reason);
        await gateway.InvokeAsync<CommandAck>("Identify", new IdentifyRequest(SittingDriver.NewCommandId(), seat, Pin: pin, Deputy: id)).Must();
        return gateway;
    }

    /// <summary>A valid one-page PDF, written by hand with a correct cross-reference table.</summary>
    private static byte[] MinimalPdf()
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 760 Td (Budget 2027) Tj ET\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) pdf.Append($"{o:D10} 00000 n \n");
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    private static async Task<string> LoginAsync(HallServerProcess hall)
    {
        // The password and a fresh code from the seed enrolled on the page.
        return await StaffLogin.TokenAsync(hall.Http, Login, Password);
    }

    private static async Task<T> GetAsync<T>(HallServerProcess hall, string path, string token)
    {
        using var r = await SendAsync(hall, HttpMethod.Get, path, token, null);
        r.EnsureSuccessStatusCode();
        return (await r.Content.ReadFromJsonAsync<T>())!;
    }

    private static async Task<HttpResponseMessage> SendAsync(HallServerProcess hall, HttpMethod method, string path, string token, object? json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : JsonContent.Create(json) };
        request.Headers.Authorization = new("Bearer", token);
        return await hall.Http.SendAsync(request);
    }

    /// <summary>axe-core, WCAG 2.1 AA and best practice, as <see cref="AccessibilityTests"/>: serious and critical fail the test.</summary>
    private async Task AxeAsync(Stage stage, IPage page, string name)
    {
        AxeResult result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });
        var byImpact = result.Violations.GroupBy(v => v.Impact ?? "unknown").ToDictionary(g => g.Key, g => g.Count());
        string Count(string impact) => byImpact.GetValueOrDefault(impact).ToString();
        _axeReport.Add($"{name,-34} passes {result.Passes.Length,3}  violations: critical {Count("critical")}, serious {Count("serious")}, moderate {Count("moderate")}, minor {Count("minor")}");
        foreach (var v in result.Violations)
        {
            var detail = $"    {v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target?.ToString() ?? ""))}";
            _axeReport.Add(detail);
            if (v.Impact is "serious" or "critical") _axeFailures.Add($"{name}: {detail.Trim()}");
        }
        await stage.ShotAsync(page, "axe-" + name);
    }
}
