using Session.Broadcast.Chapters;
using Session.Broadcast.Options;
using Session.Broadcast.Tests.Support;
using Session.Broadcast.YouTube;

namespace Session.Broadcast.Tests.YouTube;

public class YouTubeOptionsTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["client.json"] = YouTubeStandIn.ClientJson,
        ["token.json"] = $$"""{"refresh_token":"{{YouTubeStandIn.RefreshToken}}","scope":"https://www.googleapis.com/auth/youtube","obtained":"2026-12-03T06:00:00+00:00"}""",
    };

    private static (BroadcastOptions?, IReadOnlyList<CommandLineError>) Parse(params string[] extra) =>
        CommandLine.Parse(["--hall", "http://127.0.0.1:5000", "--source", "testsrc", .. extra], _ => null,
            path => Files.TryGetValue(path, out var text) ? text : throw new FileNotFoundException(path));

    [Fact]
    public void Client_and_token_files_give_the_youtube_options_with_Googles_endpoints_and_public_by_default()
    {
        var (options, errors) = Parse("--youtube-client", "client.json", "--youtube-token", "token.json");
        Assert.Empty(errors);
        var yt = options!.YouTube!;
        Assert.Equal(YouTubeStandIn.ClientId, yt.Client.ClientId);
        Assert.Equal(YouTubeStandIn.RefreshToken, yt.RefreshToken!.Reveal());
        Assert.Equal("public", yt.Privacy);
        Assert.Equal(new Uri("https://oauth2.googleapis.com/"), yt.OAuthBase);
        Assert.Equal(new Uri("https://www.googleapis.com/youtube/v3/"), yt.ApiBase);
        Assert.Null(options.IngestUrl());
        Assert.DoesNotContain(YouTubeStandIn.ClientSecret, options.ToString());
        Assert.DoesNotContain(YouTubeStandIn.RefreshToken, options.ToString());
    }

    [Theory]
    [InlineData("--youtube-token", "--youtube-client", "client.json")]
    [InlineData("--youtube-token", "--youtube-client", "client.json", "--youtube-token", "missing.json")]
    [InlineData("--youtube-privacy", "--youtube-client", "client.json", "--youtube-token", "token.json", "--youtube-privacy", "friends")]
    [InlineData("--rtmp", "--youtube-client", "client.json", "--youtube-token", "token.json", "--rtmp", "rtmp://a.rtmp.youtube.com/live2")]
    public void A_bad_youtube_command_line_names_the_option_and_never_the_secrets(string option, params string[] args)
    {
        var (options, errors) = CommandLine.Parse(["--hall", "http://127.0.0.1:5000", "--source", "testsrc", .. args],
            v => v == CommandLine.StreamKeyVariable ? "pasted-key-1" : null,
            path => Files.TryGetValue(path, out var text) ? text : throw new FileNotFoundException(path));
        Assert.Null(options);
        Assert.Contains(errors, e => e.Option == option);
        var text = string.Join('\n', errors);
        Assert.DoesNotContain(YouTubeStandIn.ClientSecret, text);
        Assert.DoesNotContain(YouTubeStandIn.RefreshToken, text);
    }

    [Fact]
    public void A_pasted_key_without_youtube_options_is_the_ingest_as_before()
    {
        var (options, errors) = CommandLine.Parse(["--hall", "http://127.0.0.1:5000", "--source", "testsrc", "--rtmp", "rtmp://a.rtmp.youtube.com/live2"],
            v => v == CommandLine.StreamKeyVariable ? "abcd-efgh-ijkl" : null, File.ReadAllText);
        Assert.Empty(errors);
        Assert.Null(options!.YouTube);
        Assert.Equal("rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl", options.IngestUrl());
    }

    [Fact]
    public void Chapters_move_to_the_videos_time_and_the_item_running_when_it_went_live_starts_at_zero()
    {
        Chapter[] stream = [new(TimeSpan.FromSeconds(0), "1. Перше"), new(TimeSpan.FromSeconds(4), "2. Друге"), new(TimeSpan.FromSeconds(40), "3. Третє"), new(TimeSpan.FromSeconds(75), "4. Четверте")];
        var video = YouTubeLifecycle.VideoChapters(stream, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(120));
        Assert.Equal("0:00 2. Друге\n0:34 3. Третє\n1:09 4. Четверте\n", ChapterList.Format(video));
    }

    [Fact]
    public void The_title_names_council_session_convocation_sitting_and_date_within_YouTubes_limits()
    {
        var title = YouTubeTitle.For(TestViews.Sitting(), DateTimeOffset.UtcNow);
        Assert.Equal("Тестова міська рада: Дванадцята сесія (8 скликання), засідання 3, 23.11.2026", title);
        var description = YouTubeTitle.WithChapters(YouTubeTitle.Description(TestViews.Sitting(), DateTimeOffset.UtcNow), "0:00 1. Про <бюджет>\n");
        Assert.Contains("Live stream: Тестова міська рада, session 12 of convocation 8, sitting 3", description);
        Assert.EndsWith("\n\n0:00 1. Про ‹бюджет›", description);
    }
}
