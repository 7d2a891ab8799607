using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Session.Core.Wire;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests;

/// <summary>The REST API of the demo hall; one server for both tests (the second only adds a terminal key the first does not read).</summary>
public sealed class RestApiTests(DemoHall demo) : IClassFixture<DemoHall>
{
    [Fact]
    public async Task The_api_lists_sessions_sittings_and_votes_and_serves_its_openapi_document()
    {
        var hall = demo.Hall;
        using var openapi = JsonDocument.Parse(await hall.Http.GetStringAsync("/openapi/v1.json"));
        var paths = openapi.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/sessions", "/api/sessions/{id}", "/api/votes/{id}", "/api/sittings/current", "/api/auth/login" })
            Assert.True(paths.TryGetProperty(path, out _), path);

        var sessions = await hall.Http.GetFromJsonAsync<JsonElement>("/api/sessions");
        var session = sessions[0];
        Assert.Equal("Сорок п'ята сесія VIII скликання", session.GetProperty("title").GetString());
        // The demo's session: the past sitting (closed), today's (open) and one planned ahead.
        Assert.Equal(new string?[] { "closed", "open", "planned" }, session.GetProperty("sittings").EnumerateArray().Select(s => s.GetProperty("status").GetString()).ToArray());
        var one = await hall.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session.GetProperty("id").GetString()}");
        Assert.Equal(session.GetProperty("id").GetString(), one.GetProperty("id").GetString());

        // The demo's completed sitting: 10 votes played through the engine, each with its roll call.
        var past = await hall.Http.GetFromJsonAsync<SittingView>("/api/sittings/vyshneva-45-1");
        Assert.Equal("closed", past!.Status);
        Assert.Equal(10, past.Votes.Length);
        var vote = await hall.Http.GetFromJsonAsync<VoteView>($"/api/votes/{past.Votes[1].VoteId}");
        Assert.Equal(27, vote!.RollCall!.Length);
        Assert.Equal(vote.Tally, Tally(vote.RollCall));
        var secret = past.Votes.Single(v => v.Mode == "secret");
        Assert.Null((await hall.Http.GetFromJsonAsync<VoteView>($"/api/votes/{secret.VoteId}"))!.RollCall);

        Assert.Equal(HttpStatusCode.NotFound, (await hall.Http.GetAsync("/api/votes/no-such-vote")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hall.Http.GetAsync("/api/sittings/no-such-sitting")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hall.Http.GetAsync("/api/sessions/no-such-session")).StatusCode);
    }

    [Fact]
    public async Task Login_with_a_wrong_password_is_refused_and_terminal_keys_need_the_secretary()
    {
        var hall = demo.Hall;
        var wrong = await hall.Http.PostAsJsonAsync("/api/auth/login", new LoginRequest("secretar", "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var anonymous = await hall.Http.PostAsJsonAsync("/api/terminals", new IssueTerminalRequest("tablet", [1], "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var issued = await hall.IssueTerminalAsync("tablet", 3);
        Assert.Equal([3], issued.Seats);
        Assert.False(string.IsNullOrWhiteSpace(issued.Key));
        // The key is shown once and never stored or logged in clear.
        Assert.DoesNotContain(hall.Output, l => l.Contains(issued.Key));
        Assert.DoesNotContain(hall.Output, l => l.Contains(hall.SecretaryPassword));
    }

    private static TallyView Tally(RollCallView[] rollCall) => new(
        rollCall.Count(r => r.Result == "yes"), rollCall.Count(r => r.Result == "no"), rollCall.Count(r => r.Result == "abstain"),
        rollCall.Count(r => r.Result == "not-voting"), rollCall.Count(r => r.Result == "absent"), rollCall.Count(r => r.Result == "conflict"));
}
