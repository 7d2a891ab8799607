using Microsoft.Playwright;
using Session.Core.Wire;
using Session.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

[Collection(Lane.A)]
public sealed class FullSittingTests
{
    [Fact]
    public async Task Secretary_and_three_tablets_hold_a_vote_whose_result_and_roll_call_reach_the_hall_screen_and_the_public_page()
    {
        await using var stage = await Stage.StartAsync("full-sitting");
        var hall = stage.Hall;

        // The secretary logs in and issues a key for each of three tablets.
        var chair = await stage.OpenAsync("/chair", 1440, 1000, label: "chair");
        await Ui.LoginChairAsync(chair, hall.SecretaryPassword);
        var keys = new Dictionary<int, string>();
        foreach (var seat in new[] { 1, 2, 3 }) keys[seat] = await Ui.IssueTabletKeyAsync(chair, seat);
        Assert.Equal(3, keys.Values.Distinct().Count());

        var screen = await stage.OpenAsync("/hall", 1920, 1080, label: "hall");
        await chair.ById("reg-open").ClickAsync();
        await Expect(chair.ById("reg-close")).ToBeEnabledAsync();
        await Expect(screen.ById("hall-registered")).ToHaveTextAsync("Зареєстровано 0 з 26");

        // A phone at 360 px and a 10" tablet in landscape pair and identify by PIN; the second deputy uses another
        // tab of the phone's browser (as in a demo from two tabs), which must stay a terminal of its own.
        var phone = await stage.OpenAsync("/terminal", 360, 780, label: "tablet-1");
        var tablets = new Dictionary<int, IPage>
        {
            [1] = phone,
            [2] = await stage.OpenTabAsync(phone, "/terminal", "tablet-2"),
            [3] = await stage.OpenAsync("/terminal", 1280, 800, label: "tablet-3"),
        };
        foreach (var (seat, page) in tablets)
        {
            await Ui.PairAndIdentifyAsync(page, keys[seat], SittingDriver.DemoDeputy(seat), SittingDriver.DemoPin(seat));
            await Expect(page.Locator(".status-line")).ToContainTextAsync("Зареєстровано");
        }
        await phone.ReloadAsync(); // a reload keeps the tab's own pairing and identification
        await Expect(phone.Locator(".bar .seat-no")).ToHaveTextAsync("Місце 1");
        await Expect(tablets[2].Locator(".bar .seat-no")).ToHaveTextAsync("Місце 2");

        // The rest of the quorum registers at their seat keypads (the demo gateway): 16 of 27, quorum 14.
        var gateway = await stage.GatewayAsync();
        await Stage.IdentifyByCardAsync(gateway, Enumerable.Range(4, 13));
        await Expect(chair.ById("quorum")).ToContainTextAsync("Зареєстровано 16 з");
        await Expect(chair.ById("quorum")).ToContainTextAsync("кворум є");
        await Expect(screen.ById("hall-registered")).ToHaveTextAsync("Зареєстровано 16 з 26");
        await stage.ShotAsync(screen, "hall-registration", fullPage: false);
        await chair.ById("reg-close").ClickAsync();
        await Expect(chair.ById("reg-open")).ToBeEnabledAsync();

        var citizen = await stage.OpenAsync("/", 360, 800, label: "public");

        // The secretary starts the first item and opens a roll-call vote by majority of the composition.
        var sitting = await hall.CurrentSittingAsync();
        var item = sitting.Agenda[0];
        await chair.ById($"start-item-{item.Id}").ClickAsync();
        await Expect(chair.ById("vote-motion")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(item.Title)));
        await chair.ById("vote-rule").SelectOptionAsync("majority-of-composition");
        await chair.ById("vote-duration").FillAsync("300");
        await Expect(chair.ById("threshold-preview")).ToContainTextAsync("14");
        await chair.ById("vote-open").ClickAsync();
        await Expect(chair.ById("vote-close")).ToBeVisibleAsync();
        var voteId = (await hall.CurrentSittingAsync()).Vote!.VoteId;

        // Each tablet shows the motion, the rule, the threshold and a countdown, then votes with the keyboard alone.
        foreach (var page in tablets.Values)
        {
            await Expect(page.ById("vote-threshold")).ToContainTextAsync("14");
            await Expect(page.ById("countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+:\d\d$"));
        }
        await stage.ShotAsync(tablets[1], "terminal-360-vote-open");
        await tablets[3].ById("lang-switch").ClickAsync(); // the third deputy reads English
        await Expect(tablets[3].ById("cast-abstain")).ToHaveTextAsync("Abstain");

        // The first deputy presses «Проти», sees it counted, then changes to «За» while the vote is open (the last press counts).
        await Ui.CastByKeyboardAsync(tablets[1], "no");
        await Expect(tablets[1].ById("cast-status")).ToContainTextAsync("Ваш голос «Проти» зараховано");
        await Ui.CastByKeyboardAsync(tablets[1], "yes");
        await Ui.CastByKeyboardAsync(tablets[2], "no");
        await Ui.CastByKeyboardAsync(tablets[3], "abstain");
        var seqRegex = new System.Text.RegularExpressions.Regex(@"№ \d+");
        await Expect(tablets[1].ById("cast-status")).ToContainTextAsync("Ваш голос «За» зараховано");
        await Expect(tablets[1].ById("cast-status")).ToContainTextAsync(seqRegex);
        await Expect(tablets[2].ById("cast-status")).ToContainTextAsync("Ваш голос «Проти» зараховано");
        await Expect(tablets[3].ById("cast-status")).ToContainTextAsync("Your vote \"Abstain\" is counted (journal entry no.");
        await Expect(tablets[1].ById("cast-yes")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(tablets[1].ById("cast-no")).ToHaveAttributeAsync("aria-pressed", "false");
        await stage.ShotAsync(tablets[1], "terminal-360-cast-accepted");
        await stage.ShotAsync(tablets[2], "terminal-360-second-tab-cast-accepted");
        await stage.ShotAsync(tablets[3], "terminal-10in-landscape-english");

        // Thirteen keypads vote «За»: 14 in all, exactly the threshold.
        await Stage.CastAsync(gateway, voteId, Enumerable.Range(4, 13), "yes");
        await Expect(screen.ById("hall-yes")).ToHaveTextAsync("14");
        await Expect(screen.ById("hall-no")).ToHaveTextAsync("1");
        await Expect(screen.ById("hall-abstain")).ToHaveTextAsync("1");
        await Expect(citizen.ById("live-tally")).ToContainTextAsync("За 14 · Проти 1 · Утримався 1");
        await Expect(chair.ById("tally-yes")).ToHaveTextAsync("14");
        await stage.ShotAsync(screen, "hall-vote-live", fullPage: false);
        await stage.ShotAsync(chair, "chair-vote-live");

        await chair.ById("vote-close").ClickAsync();

        // The hall screen: the verdict, the counts and the roll call by faction.
        await Expect(screen.ById("hall-result")).ToHaveTextAsync("ПРИЙНЯТО");
        var names = (await hall.CurrentSittingAsync()).Deputies.Where(d => d.Id.StartsWith("dep-")).ToDictionary(d => int.Parse(d.Id[4..]), d => d.Name);
        await Expect(screen.Locator(".rollcall li.r-yes", new() { HasText = names[1] })).ToContainTextAsync("За");
        await Expect(screen.Locator(".rollcall li.r-no", new() { HasText = names[2] })).ToContainTextAsync("Проти");
        await Expect(screen.Locator(".rollcall li.r-abstain", new() { HasText = names[3] })).ToContainTextAsync("Утримався");
        await Expect(screen.Locator(".rollcall li")).ToHaveCountAsync(sitting.Deputies.Length);
        await stage.ShotAsync(screen, "hall-vote-result", fullPage: false);

        // The public page: the closed vote with its roll call.
        var entry = citizen.ById($"vote-{voteId}");
        await Expect(entry).ToContainTextAsync("Прийнято");
        await entry.Locator("summary").ClickAsync();
        await Expect(entry.Locator("tr.r-no", new() { HasText = names[2] })).ToContainTextAsync("Проти");
        await Expect(entry.Locator("tr.r-abstain", new() { HasText = names[3] })).ToContainTextAsync("Утримався");
        await Expect(entry.Locator(".tally-line")).ToContainTextAsync("За 14 · Проти 1 · Утримався 1");
        await stage.ShotAsync(citizen, "public-360-vote-result");

        // Every download link on the public page leads to a published file: this sitting's roll calls right after
        // the vote, and the earlier (closed) sitting's signed protocol and archive too.
        var links = await citizen.Locator("ul.files a, .previous a").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('href'))");
        Assert.Contains(links, l => l.EndsWith("/protocol.pdf"));
        Assert.Contains(links, l => l.EndsWith("/ua-835/vote.csv") && l.Contains(sitting.SittingId));
        foreach (var href in links)
            await Eventually.True(async () => (await citizen.APIRequest.GetAsync(href)).Ok, $"{href} is served");
        await stage.ShotAsync(chair, "chair-vote-closed");

        // The server agrees with what the screens show, each tablet's choice counted once.
        var vote = await stage.VoteAsync(voteId);
        Assert.Equal(new TallyView(14, 1, 1, 0, 11, 0), vote.Tally with { });
        Assert.True(vote.Passed);
        var byDeputy = vote.RollCall!.ToDictionary(r => r.Name, r => r.Result);
        Assert.Equal("yes", byDeputy[names[1]]);
        Assert.Equal("no", byDeputy[names[2]]);
        Assert.Equal("abstain", byDeputy[names[3]]);
    }
}
