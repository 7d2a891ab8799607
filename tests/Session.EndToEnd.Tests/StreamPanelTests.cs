using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Session.Core.Wire;
using Session.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Session.EndToEnd.Tests;

/// <summary>
/// The secretary's stream panel in Chromium, fed by a client paired with the council's broadcast key exactly as the
/// broadcast reports (the real broadcast's controls are tested end to end in Session.Broadcast.Tests).
/// </summary>
[Collection(Lane.B)]
public sealed class StreamPanelTests
{
    [Fact]
    public async Task The_stream_panel_shows_formatted_figures_and_its_buttons_reach_the_broadcast()
    {
        await using var stage = await Stage.StartAsync("stream-panel");
        var hall = stage.Hall;
        var broadcast = await hall.ConnectTerminalAsync();
        var controls = new List<StreamControlRequest>();
        broadcast.On<StreamControlRequest>(HubNames.StreamControl, r => { lock (controls) controls.Add(r); });
        Assert.True((await broadcast.InvokeAsync<HelloReply>("Hello", new HelloRequest(hall.BroadcastKey, "test-broadcast"))).Accepted);

        using var reporting = new CancellationTokenSource();
        string interpreter = "off";
        var reports = Task.Run(async () =>
        {
            while (!reporting.IsCancellationRequested)
            {
                // The raw figures the issue saw on the panel, as the broadcast sends them.
                await broadcast.InvokeAsync<CommandAck>("ReportStreamHealth", new Dictionary<string, object?>
                {
                    ["fps"] = 24.892509166915428, ["speed"] = 0.9957003666766171, ["bitrateKbps"] = 4489.27, ["droppedFrames"] = 2,
                    ["ingest"] = "live", ["loudnessMomentary"] = -13.96, ["loudnessShortTerm"] = -14.04, ["loudnessIntegrated"] = -14.1, ["loudnessTarget"] = -14.0,
                    ["interpreter"] = interpreter, ["interpreterSource"] = "live",
                    ["camera"] = new Dictionary<string, object?> { ["mode"] = "auto", ["shot"] = "overview", ["errorUk"] = "камера 10.0.0.5:52381 не відповідає", ["errorEn"] = "camera 10.0.0.5:52381 does not answer", ["presets"] = new[] { "overview", "3" } },
                });
                try { await Task.Delay(500, reporting.Token); } catch (OperationCanceledException) { }
            }
        });

        var chair = await stage.OpenAsync("/chair", 1440, 1000, label: "chair");
        await Ui.LoginChairAsync(chair, hall.SecretaryPassword);
        await Expect(chair.ById("stream-fps")).ToHaveTextAsync("24.9");
        await Expect(chair.ById("stream-speed")).ToHaveTextAsync("×1.00");
        await Expect(chair.ById("stream-bitrate")).ToHaveTextAsync("4489 кбіт/с");
        await Expect(chair.ById("stream-loudness")).ToHaveTextAsync("M -14.0 · S -14.0 · I -14.1 LUFS (→ -14)");
        await Expect(chair.ById("camera-error")).ToHaveTextAsync("камера 10.0.0.5:52381 не відповідає");
        await Expect(chair.ById("interpreter-state")).ToHaveTextAsync("сховано");

        await chair.ById("interpreter-toggle").ClickAsync();
        await Expect(chair.ById("chair-message")).ToHaveTextAsync("Команду передано трансляції");
        await chair.ById("camera-preset-3").ClickAsync();
        await Eventually.True(() => { lock (controls) return controls.Count >= 2; }, "both controls reach the broadcast's connection");
        lock (controls)
        {
            Assert.Equal(new StreamControlRequest(StreamControlRequest.InterpreterOn), controls[0]);
            Assert.Equal(new StreamControlRequest(StreamControlRequest.CameraPreset, "3"), controls[1]);
        }
        interpreter = "on";
        await Expect(chair.ById("interpreter-state")).ToHaveTextAsync("показано");
        await stage.ShotAsync(chair, "chair-stream-panel");

        // Without a broadcast reporting, a control is refused in the secretary's language instead of vanishing.
        reporting.Cancel();
        await reports;
        await broadcast.DisposeAsync();
        await Eventually.True(async () =>
        {
            await chair.ById("interpreter-toggle").ClickAsync();
            return (await chair.ById("chair-message").TextContentAsync())?.Contains("Трансляція не під'єднана") == true;
        }, "the panel says the broadcast is not connected", TimeSpan.FromSeconds(60));
    }
}
