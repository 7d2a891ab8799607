using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Session.Broadcast.Camera;
using Session.Broadcast.Options;
using Session.Broadcast.Secrets;
using Session.Broadcast.Tests.Support;

namespace Session.Broadcast.Tests;

public class CameraTests
{
    [Fact]
    public async Task Visca_over_udp_sends_the_header_with_increasing_sequence_numbers_then_the_preset_recall()
    {
        await using var camera = new ViscaCamera();
        using var link = CameraLinks.Open(new CameraTarget.ViscaUdp("127.0.0.1", camera.Port));
        await link.RecallAsync("11", CancellationToken.None);
        await link.RecallAsync("200", CancellationToken.None);
        var got = camera.Received.Select(r => r.Bytes).ToList();
        Assert.Equal(2, got.Count);
        Assert.Equal(ViscaCamera.Recall(1, 11), got[0]);
        Assert.Equal(ViscaCamera.Recall(2, 200), got[1]);
    }

    [Fact]
    public async Task A_visca_error_reply_and_a_silent_camera_are_camera_errors_in_ukrainian_and_english()
    {
        await using var camera = new ViscaCamera();
        camera.Refuse.Add(7);
        using var link = CameraLinks.Open(new CameraTarget.ViscaUdp("127.0.0.1", camera.Port), TimeSpan.FromSeconds(1));
        var refused = await Assert.ThrowsAsync<CameraException>(() => link.RecallAsync("7", CancellationToken.None));
        Assert.Contains("VISCA 41", refused.En);
        Assert.Contains("не виконується", refused.Uk);

        camera.Silent = true;
        var silent = await Assert.ThrowsAsync<CameraException>(() => link.RecallAsync("8", CancellationToken.None));
        Assert.Contains("does not answer", silent.En);
        Assert.Contains("не відповідає", silent.Uk);
    }

    [Fact]
    public async Task Visca_over_tcp_sends_the_bare_packet_without_the_header()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var received = Task.Run(async () =>
        {
            using var c = await listener.AcceptTcpClientAsync();
            var s = c.GetStream();
            var buf = new byte[7];
            await s.ReadExactlyAsync(buf);
            await s.WriteAsync(new byte[] { 0x90, 0x41, 0xFF, 0x90, 0x51, 0xFF });
            return buf;
        });
        using var link = CameraLinks.Open(new CameraTarget.ViscaTcp("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port));
        await link.RecallAsync("3", CancellationToken.None);
        Assert.Equal(new byte[] { 0x81, 0x01, 0x04, 0x3F, 0x02, 0x03, 0xFF }, await received.WaitAsync(TimeSpan.FromSeconds(10)));
        listener.Stop();
    }

    [Fact]
    public async Task Onvif_goto_preset_posts_the_soap_request_with_a_ws_security_password_digest_and_a_fault_is_an_error()
    {
        int port = Ports.Free();
        using var http = new HttpListener();
        http.Prefixes.Add($"http://127.0.0.1:{port}/");
        http.Start();
        var target = (CameraTarget.Onvif)CameraTarget.Parse($"onvif://operator@127.0.0.1:{port}/onvif/ptz_service?profile=Profile_1", new Secret("s3cret-pass"), out var error)!;
        Assert.Null(error);
        using var link = CameraLinks.Open(target, TimeSpan.FromSeconds(10));

        var serve = Task.Run(async () =>
        {
            var bodies = new List<(string Path, string? Type, string Body)>();
            for (int i = 0; i < 2; i++)
            {
                var ctx = await http.GetContextAsync();
                using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
                bodies.Add((ctx.Request.Url!.AbsolutePath, ctx.Request.ContentType, await reader.ReadToEndAsync()));
                if (i == 1)
                {
                    ctx.Response.StatusCode = 500;
                    var fault = Encoding.UTF8.GetBytes("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><s:Fault><s:Reason><s:Text xml:lang=\"en\">No such PresetToken</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>");
                    await ctx.Response.OutputStream.WriteAsync(fault);
                }
                ctx.Response.Close();
            }
            return bodies;
        });
        await link.RecallAsync("Preset_5", CancellationToken.None);
        var fault = await Assert.ThrowsAsync<CameraException>(() => link.RecallAsync("Preset_99", CancellationToken.None));
        Assert.Contains("No such PresetToken", fault.En);
        Assert.Contains("відмовила", fault.Uk);

        var (path, type, body) = (await serve.WaitAsync(TimeSpan.FromSeconds(20)))[0];
        Assert.Equal("/onvif/ptz_service", path);
        Assert.Contains("application/soap+xml", type);
        Assert.Contains("http://www.onvif.org/ver20/ptz/wsdl/GotoPreset", type);
        Assert.Contains("<tptz:GotoPreset><tptz:ProfileToken>Profile_1</tptz:ProfileToken><tptz:PresetToken>Preset_5</tptz:PresetToken></tptz:GotoPreset>", body);
        Assert.Contains("<wsse:Username>operator</wsse:Username>", body);
        Assert.DoesNotContain("s3cret-pass", body);
        string Field(string name) => Regex.Match(body, $"<{name}[^>]*>([^<]+)</{name}>").Groups[1].Value;
        var nonce = Convert.FromBase64String(Field("wsse:Nonce"));
        var created = Field("wsu:Created");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", created);
        var expected = Convert.ToBase64String(SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes(created), .. Encoding.UTF8.GetBytes("s3cret-pass")]));
        Assert.Equal(expected, Field("wsse:Password"));
        Assert.Contains("#PasswordDigest", body);
    }

    [Theory]
    [InlineData("{\"seats\": {\"1\": 11}}", "overview")]
    [InlineData("{\"overview\": 1, \"seats\": {\"один\": 11}}", "один")]
    [InlineData("{\"overview\": 300}", "0–255")]
    [InlineData("not json", "JSON")]
    public void A_bad_presets_file_is_refused_with_a_message_in_both_languages(string json, string names)
    {
        Assert.Null(CameraPresets.Parse(json, numeric: true, out var error));
        Assert.Contains(names, error);
        Assert.Contains(" / ", error);
    }

    [Fact]
    public void The_command_line_takes_a_camera_with_presets_and_hold_and_refuses_a_password_in_the_url()
    {
        var files = new Dictionary<string, string> { ["/p.json"] = "{\"overview\": 1, \"seats\": {\"3\": 13, \"4\": 14}}", ["/pw"] = "cam-pass\n" };
        (BroadcastOptions? O, IReadOnlyList<CommandLineError> E) Parse(string a) => CommandLine.Parse(a.Split(' '), _ => null,
            p => files.TryGetValue(p, out var c) ? c : throw new FileNotFoundException("no such file", p));

        var (o, e) = Parse("--hall http://h:5000 --source testsrc --camera visca-udp://10.0.0.5 --camera-presets /p.json --camera-hold 2 --interpreter testsrc --interpreter-corner top-left");
        Assert.Empty(e);
        Assert.Equal(new CameraTarget.ViscaUdp("10.0.0.5", 52381), o!.Camera);
        Assert.Equal("13", o.CameraPresets!.Named("3"));
        Assert.Equal(["overview", "3", "4"], o.CameraPresets.Names);
        Assert.Equal(TimeSpan.FromSeconds(2), o.CameraHold);
        Assert.Equal(Corner.TopLeft, o.InterpreterCorner);
        Assert.IsType<VideoSource.TestPattern>(o.Interpreter);

        (o, e) = Parse("--hall http://h:5000 --source testsrc --camera onvif://op:pw@10.0.0.6/onvif/ptz?profile=P1 --camera-presets /p.json");
        Assert.Null(o);
        Assert.Contains(e, x => x.Option == "--camera" && x.Message.Contains("SESSION_CAMERA_PASSWORD") && x.Message.Contains("пароль"));

        (o, e) = Parse("--hall http://h:5000 --source testsrc --camera visca-udp://10.0.0.5 --interpreter-corner middle");
        Assert.Null(o);
        Assert.Contains(e, x => x.Option == "--camera-presets");
        Assert.Contains(e, x => x.Option == "--interpreter-corner" && x.Message.Contains("кут"));
        Assert.Contains(e, x => x.Option == "--interpreter");

        (o, e) = Parse("--hall http://h:5000 --source testsrc --camera onvif://op@10.0.0.6/onvif/ptz?profile=P1 --camera-presets /p.json --camera-password-file /pw");
        Assert.Empty(e);
        Assert.Equal("cam-pass", ((CameraTarget.Onvif)o!.Camera!).Password!.Reveal());
        Assert.DoesNotContain("cam-pass", o.Camera.ToString());
    }
}
