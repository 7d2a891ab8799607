using Session.Broadcast.Options;

namespace Session.Broadcast.Tests;

public class CommandLineTests
{
    private static (BroadcastOptions? O, IReadOnlyList<CommandLineError> E) Parse(string args, Dictionary<string, string>? env = null, Dictionary<string, string>? files = null) =>
        CommandLine.Parse(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), k => env?.GetValueOrDefault(k),
            p => files is not null && files.TryGetValue(p, out var c) ? c : throw new FileNotFoundException("no such file", p));

    [Fact]
    public void Key_from_environment_is_appended_to_the_rtmp_url_and_hidden_from_ToString()
    {
        var (o, e) = Parse("--hall http://127.0.0.1:5000 --source testsrc --rtmp rtmp://a.rtmp.youtube.com/live2/ --size 1920x1080 --fps 30",
            new() { ["SESSION_STREAM_KEY"] = " abcd-efgh-1234 \n" });
        Assert.Empty(e);
        Assert.Equal("rtmp://a.rtmp.youtube.com/live2/abcd-efgh-1234", o!.IngestUrl());
        Assert.Equal((1920, 1080, 30), (o.Width, o.Height, o.Fps));
        Assert.DoesNotContain("abcd-efgh-1234", o.ToString());
    }

    [Fact]
    public void Key_file_wins_over_nothing_and_hall_key_file_is_read()
    {
        var (o, e) = Parse("--hall http://h:5000 --source file:/x.mp4 --rtmp rtmps://a.rtmps.youtube.com:443/live2 --key-file /k --hall-key-file /hk",
            files: new() { ["/k"] = "secret-key\n", ["/hk"] = "hall/key+==" });
        Assert.Empty(e);
        Assert.Equal("rtmps://a.rtmps.youtube.com:443/live2/secret-key", o!.IngestUrl());
        Assert.Equal("hall/key+==", o.HallKey!.Reveal());
        Assert.IsType<VideoSource.File>(o.Source);
    }

    [Fact]
    public void An_rtsp_password_is_found_for_the_start_warning_and_uploads_are_on_unless_no_upload()
    {
        var (o, e) = Parse("--hall http://h:5000 --source rtsp://operator:p%40ss-w0rd@10.0.0.7/stream1 --interpreter rtsp://10.0.0.8/s --no-upload");
        Assert.Empty(e);
        Assert.Equal("p@ss-w0rd", Assert.IsType<VideoSource.Rtsp>(o!.Source).Password());
        Assert.Null(Assert.IsType<VideoSource.Rtsp>(o.Interpreter).Password());
        Assert.False(o.UploadRecordings);
        var masker = new Session.Broadcast.Secrets.SecretMasker();
        masker.Add(new Session.Broadcast.Secrets.Secret(((VideoSource.Rtsp)o.Source).Password()!));
        Assert.DoesNotContain("ss-w0rd", masker.Apply($"Broadcast: source {o.Source}"));
        Assert.True(Parse("--hall http://h:5000 --source testsrc").O!.UploadRecordings);
    }

    [Theory]
    [InlineData("--source testsrc", "--hall")]
    [InlineData("--hall http://h --source webcam", "--source")]
    [InlineData("--hall ftp://h --source testsrc", "--hall")]
    [InlineData("--hall http://h --source testsrc --size 1280x721", "--size")]
    [InlineData("--hall http://h --source testsrc --size big", "--size")]
    [InlineData("--hall http://h --source testsrc --fps 0", "--fps")]
    [InlineData("--hall http://h --source testsrc --fps", "--fps")]
    [InlineData("--hall http://h --source testsrc --loudness loud", "--loudness")]
    [InlineData("--hall http://h --source testsrc --preset slowest", "--preset")]
    [InlineData("--hall http://h --source testsrc --preset ultrafast", "--preset")]
    [InlineData("--hall http://h --source testsrc --audio hw:0", "--audio")]
    [InlineData("--hall http://h --source testsrc --rtmp http://x/live", "--rtmp")]
    [InlineData("--hall http://h --source testsrc --rtmp rtmp://x/live", "--key-file")]
    [InlineData("--hall http://h --source testsrc --rtmp rtmp://x/live --key-file /missing", "--key-file")]
    [InlineData("--hall http://h --source testsrc --bogus 1", "--bogus")]
    [InlineData("--hall http://h --hall http://g --source testsrc", "--hall")]
    [InlineData("--hall https://h --source testsrc --hall-ca AB:CD", "--hall-ca")]
    [InlineData("--hall https://h --source testsrc --hall-ca sha1:0123456789012345678901234567890123456789", "--hall-ca")]
    public void Bad_input_is_rejected_naming_the_option(string args, string option)
    {
        var (o, e) = Parse(args);
        Assert.Null(o);
        Assert.Contains(e, x => x.Option == option);
    }

    [Fact]
    public void Key_with_spaces_or_already_in_the_url_is_rejected_without_echoing_it()
    {
        var (o, e) = Parse("--hall http://h --source testsrc --rtmp rtmp://x/live", new() { ["SESSION_STREAM_KEY"] = "two words" });
        Assert.Null(o);
        Assert.All(e, x => Assert.DoesNotContain("two words", x.ToString()));

        (o, e) = Parse("--hall http://h --source testsrc --rtmp rtmp://x/live/k-123", new() { ["SESSION_STREAM_KEY"] = "k-123" });
        Assert.Null(o);
        Assert.Contains(e, x => x.Option == "--rtmp");
    }

    [Fact]
    public void Empty_key_file_is_an_error()
    {
        var (o, e) = Parse("--hall http://h --source testsrc --rtmp rtmp://x/live --key-file /k", files: new() { ["/k"] = "  \n" });
        Assert.Null(o);
        Assert.Contains(e, x => x.Option == "--key-file" && x.Message.Contains("empty"));
    }

    [Theory]
    [InlineData("testsrc", typeof(VideoSource.TestPattern))]
    [InlineData("v4l2:/dev/video0", typeof(VideoSource.V4l2))]
    [InlineData("rtsp://10.0.0.5:554/stream1", typeof(VideoSource.Rtsp))]
    [InlineData("file:/srv/sitting.mp4", typeof(VideoSource.File))]
    public void Every_documented_source_parses(string text, Type kind)
    {
        Assert.IsType(kind, VideoSource.Parse(text, out var error));
        Assert.Null(error);
    }
}
