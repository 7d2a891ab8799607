using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Access;

/// <summary>Staff logins end: at logout, when idle, at their lifetime, and with their account — open consoles included.</summary>
public sealed class SessionTests
{
    private const string Password = "sekretar ради alfa 2026";

    [Fact]
    public async Task Logout_revokes_the_token_and_deleting_an_account_revokes_its_tokens_and_closes_its_live_chair_connection()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false });
        var admin = await RegistryClient.SetUpAsync(hall);
        await AccessKit.CreateBareCouncilAsync(admin, "alfa");
        await AccessKit.CreateAccountAsync(admin, "alfa", "sec-alfa", Password, "secretary");

        // Logout: that token is gone, another login of the same account is not.
        var first = await AccessKit.TokenAsync(hall.Http, "sec-alfa", Password);
        var second = await AccessKit.TokenAsync(hall.Http, "sec-alfa", Password);
        Assert.Equal(HttpStatusCode.OK, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", first));
        Assert.Equal(HttpStatusCode.NoContent, await AccessKit.StatusAsync(hall.Http, HttpMethod.Post, "/api/auth/logout", first));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", first));
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Post, "/api/auth/logout", first));
        Assert.Equal(HttpStatusCode.OK, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", second));

        // A live chair console of the account, and another account's console that must stay.
        await AccessKit.CreateAccountAsync(admin, "alfa", "chair-alfa", "holova ради alfa 2026", "chair");
        var otherToken = await AccessKit.TokenAsync(hall.Http, "chair-alfa", "holova ради alfa 2026");
        var console = hall.BuildConnection(HubNames.ChairPath, token: () => Task.FromResult<string?>(second));
        var other = hall.BuildConnection(HubNames.ChairPath, token: () => Task.FromResult<string?>(otherToken));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        console.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await console.StartAsync();
        await other.StartAsync();
        Assert.Equal("no-sitting", (await console.InvokeAsync<CommandAck>("OpenRegistration")).Reason);

        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, await AccessKit.StatusAsync(hall.Http, HttpMethod.Delete, "/api/councils/alfa/accounts/sec-alfa", admin.Token));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"closed after {clock.Elapsed}");
        Assert.Equal(HubConnectionState.Disconnected, console.State);
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", second));
        Assert.Equal(0L, await AccessKit.ScalarAsync(hall, "SELECT COUNT(*) FROM Tokens WHERE Login = 'sec-alfa'"));
        // Reconnecting with the old token is refused.
        var again = hall.BuildConnection(HubNames.ChairPath, token: () => Task.FromResult<string?>(second));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        // The other account's console is untouched.
        Assert.Equal(HubConnectionState.Connected, other.State);
        Assert.Equal("no-sitting", (await other.InvokeAsync<CommandAck>("OpenRegistration")).Reason);
        AccessKit.NoSecretLeaked(hall);
    }

    [Fact]
    public async Task An_unused_token_ends_after_the_idle_timeout_and_a_busy_one_at_its_absolute_lifetime()
    {
        await using var hall = await HallServerProcess.StartAsync(new HallServerStartOptions
        {
            Demo = false, ExtraArgs = ["--Hall:TokenIdleTimeout=00:00:06", "--Hall:TokenLifetime=00:00:15"],
        });
        var admin = await RegistryClient.SetUpAsync(hall);
        await AccessKit.CreateBareCouncilAsync(admin, "alfa");
        await AccessKit.CreateAccountAsync(admin, "alfa", "sec-alfa", Password, "secretary");

        // Times with room for a loaded machine: idle 6 s (a request slower than 6 s would idle the busy token), absolute
        // 15 s (the busy token's last use, at about 10 s, is 5 s before it; 18 s with uses up to 13 s cost 3 s more here).
        var busy = await AccessKit.TokenAsync(hall.Http, "sec-alfa", Password);
        var clock = Stopwatch.StartNew();
        var idle = await AccessKit.TokenAsync(hall.Http, "sec-alfa", Password);
        Assert.Equal(HttpStatusCode.OK, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", idle));
        var idleChecked = false;
        while (!idleChecked || clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            // Used every half second: alive well past the idle timeout.
            Assert.Equal(HttpStatusCode.OK, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", busy));
            if (!idleChecked && clock.Elapsed > TimeSpan.FromSeconds(9))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", idle));
                idleChecked = true;
            }
            await Task.Delay(500);
        }
        Assert.True(idleChecked);
        while (clock.Elapsed < TimeSpan.FromSeconds(15.5)) await Task.Delay(100);
        Assert.Equal(HttpStatusCode.Unauthorized, await AccessKit.StatusAsync(hall.Http, HttpMethod.Get, "/api/terminals", busy));
        AccessKit.NoSecretLeaked(hall);
    }
}
