using Microsoft.Playwright;
using Session.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>The secretary's less frequent tools: urgent items, reordering, proxy entry, cancel and re-vote, revoking a key.</summary>
[Collection(Lane.A)]
public sealed class ChairConsoleTests
{
    [Fact]
    public async Task The_secretary_adds_an_urgent_item_enters_a_proxy_vote_cancels_revotes_and_revokes_a_key()
    {
        await using var stage = await Stage.StartAsync("chair-console");
        var hall = stage.Hall;
        var chair = await stage.OpenAsync("/chair", 1440, 1000, label: "chair");
        await Ui.LoginChairAsync(chair, hall.SecretaryPassword);
        await chair.ById("reg-open").ClickAsync();
        await Expect(chair.ById("reg-close")).ToBeEnabledAsync();
        var gateway = await stage.GatewayAsync();
        await Stage.IdentifyByCardAsync(gateway, Enumerable.Range(1, 16));
        await chair.ById("reg-close").ClickAsync();
        await Expect(chair.ById("quorum")).ToContainTextAsync("кворум є");

        // An urgent item needs a reason: without one the console says so and keeps what was typed.
        await chair.Locator("summary", new() { HasText = "Додати питання" }).ClickAsync();
        await chair.ById("item-title").FillAsync("Про виділення коштів на ремонт укриття");
        await chair.ById("item-urgent").CheckAsync();
        await chair.ById("item-add").ClickAsync();
        await Expect(chair.ById("chair-message")).ToHaveTextAsync("Потрібно вказати причину");
        await Expect(chair.ById("item-title")).ToHaveValueAsync("Про виділення коштів на ремонт укриття");
        await chair.ById("item-reason").FillAsync("Пошкодження після обстрілу");
        await chair.ById("item-add").ClickAsync();
        await Expect(chair.Locator("#agenda-list li", new() { HasText = "ремонт укриття" })).ToContainTextAsync("терміново");

        // Reorder: the first item goes one down.
        var before = (await hall.CurrentSittingAsync()).Agenda.Select(i => i.Id).ToArray();
        await chair.ById($"down-{before[0]}").ClickAsync();
        await Eventually.True(async () => (await hall.CurrentSittingAsync()).Agenda[1].Id == before[0], "the first item moved down");

        // A vote with a proxy entry for a deputy whose terminal failed, then cancelled with a reason and re-held.
        var item = (await hall.CurrentSittingAsync()).Agenda[0];
        await chair.ById($"start-item-{item.Id}").ClickAsync();
        // The motion is filled from the item once the server has started it; opening before that is refused by the form.
        await Expect(chair.ById("vote-motion")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(item.Title)));
        await chair.ById("vote-duration").FillAsync("300");
        await chair.ById("vote-open").ClickAsync();
        await Expect(chair.ById("vote-close")).ToBeVisibleAsync();
        var firstVote = (await hall.CurrentSittingAsync()).Vote!.VoteId;

        await chair.Locator("summary", new() { HasText = "Внести голос за несправного термінала" }).ClickAsync();
        await chair.ById("proxy-deputy").SelectOptionAsync("dep-02");
        await chair.ById("proxy-choice").SelectOptionAsync("yes");
        await chair.ById("proxy-submit").ClickAsync();
        await Expect(chair.ById("chair-message")).ToHaveTextAsync("Потрібно вказати причину");
        await chair.ById("proxy-reason").FillAsync("Термінал місця 2 не вмикається");
        await chair.ById("proxy-submit").ClickAsync();
        await Expect(chair.ById("chair-message")).ToContainTextAsync("Виконано");
        await Expect(chair.ById("tally-yes")).ToHaveTextAsync("1");

        await chair.Locator("summary", new() { HasText = "Скасувати голосування" }).ClickAsync();
        await chair.ById("cancel-reason").FillAsync("Збій системи озвучення");
        await chair.ById("vote-cancel").ClickAsync();
        await Expect(chair.ById("vote-status")).ToContainTextAsync("Скасовано: Збій системи озвучення");

        await chair.ById("vote-revote").ClickAsync();
        await Expect(chair.ById("vote-close")).ToBeVisibleAsync();
        var revote = (await hall.CurrentSittingAsync()).Vote!;
        Assert.Equal(firstVote, revote.RevoteOf);
        await Stage.CastAsync(gateway, revote.VoteId, Enumerable.Range(1, 14), "yes");
        await Expect(chair.ById("tally-yes")).ToHaveTextAsync("14");
        await chair.ById("vote-close").ClickAsync();
        await Expect(chair.ById("vote-result")).ToContainTextAsync("Прийнято");
        await stage.ShotAsync(chair, "chair-after-revote");

        var citizen = await stage.OpenAsync("/", 360, 800, label: "public");
        await Expect(citizen.ById($"vote-{firstVote}")).ToContainTextAsync("Скасовано");
        await Expect(citizen.ById($"vote-{revote.VoteId}")).ToContainTextAsync("Прийнято");
        await citizen.ById($"vote-{firstVote}").Locator("summary").ClickAsync();
        await Expect(citizen.ById($"vote-{firstVote}")).ToContainTextAsync("Причина скасування: Збій системи озвучення");

        // A revoked key no longer pairs a tablet; the tablet says why and keeps the pairing form.
        var key = await Ui.IssueTabletKeyAsync(chair, 20);
        await chair.Locator("#issued li").First.Locator("button", new() { HasText = "Відкликати" }).ClickAsync();
        await Expect(chair.Locator("#issued li").First).ToContainTextAsync("відкликано");
        var tablet = await stage.OpenAsync("/terminal", 360, 800, label: "tablet-20");
        await tablet.ById("pair-key").FillAsync(key);
        await tablet.ById("pair-submit").ClickAsync();
        await Expect(tablet.ById("pair-error")).ToBeVisibleAsync();
        await Expect(tablet.ById("pair-error")).ToHaveTextAsync("Невідомий або відкликаний ключ термінала");
        await Expect(tablet.ById("pair-key")).ToHaveValueAsync(key);
        await stage.ShotAsync(tablet, "terminal-360-revoked-key");
    }
}
