using System.Text.Json;
using Session.Testing;

namespace Session.Hardware.Tests;

/// <summary>The installer's hall check (`monitor`) as a process against the simulator as a process, over a socat pty pair.</summary>
public sealed class HallCheckTests
{
    [Fact]
    public async Task Monitor_prints_one_json_line_per_press_and_per_offline_online_change()
    {
        await using var pair = await SocatPair.StartAsync();
        await using var sim = ProcessRunner.Start(ProcessRunner.Dll("Session.SeatSimulator"), "--tty", pair.A, "--baud", "115200", "--addresses", "1-12");
        await Eventually.True(() => sim.Stderr.Any(l => l.StartsWith("seat simulator: 12 seats")), "simulator up: " + sim.AllOutput, TimeSpan.FromSeconds(60));
        await using var monitor = ProcessRunner.Start(ProcessRunner.Dll("Session.SeatGateway"), "monitor", "--port", pair.B, "--baud", "115200", "--addresses", "1-12", "--reply-timeout-ms", "150");
        await Eventually.True(() => monitor.Stdout.Count(l => l.Contains("\"online\"")) == 12, "12 seats online: " + monitor.AllOutput, TimeSpan.FromSeconds(60));

        await sim.Input.WriteLineAsync("card 5 04A22B19");
        await sim.Input.FlushAsync();
        await Eventually.True(() => sim.Stderr.Any(l => l == "ok: card 5 04A22B19"), "card in", TimeSpan.FromSeconds(30));
        await sim.Input.WriteLineAsync("press 5 yes");
        await sim.Input.WriteLineAsync("press 9 floor-request");
        await sim.Input.WriteLineAsync("unplug 11");
        await sim.Input.FlushAsync();
        await Eventually.True(() => monitor.Stdout.Count(l => l.Contains("\"evt\"")) == 2 && monitor.Stdout.Any(l => l.Contains("offline")),
            "two presses and one seat offline: " + monitor.AllOutput, TimeSpan.FromSeconds(30));
        await sim.Input.WriteLineAsync("plug 11");
        await sim.Input.FlushAsync();
        await Eventually.True(() => monitor.Stdout.Count(l => l.Contains("\"address\":11")) == 3, "seat 11 back: " + monitor.AllOutput, TimeSpan.FromSeconds(30));

        var lines = monitor.Stdout.ToList();
        Assert.Contains("{\"line\":0,\"address\":5,\"evt\":1,\"event\":\"yes\",\"card\":\"04A22B19\"}", lines);
        Assert.Contains("{\"line\":0,\"address\":9,\"evt\":1,\"event\":\"floor-request\",\"card\":null}", lines);
        Assert.Equal(["{\"line\":0,\"address\":11,\"state\":\"online\"}", "{\"line\":0,\"address\":11,\"state\":\"offline\"}", "{\"line\":0,\"address\":11,\"state\":\"online\"}"],
            lines.Where(l => l.Contains("\"address\":11")));
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose()); // every line is JSON
    }

    [Theory]
    [InlineData(new[] { "--port", "/nonexistent/tty", "--baud", "115200" }, "does not exist")]
    [InlineData(new[] { "--port", "/dev/null", "--baud", "12345" }, "baud 12345")]
    [InlineData(new[] { "--port", "/dev/null", "--addresses", "1-300" }, "1..247")]
    [InlineData(new[] { "--baud" }, "--baud needs a value")]
    public async Task Monitor_refuses_bad_arguments_with_a_clear_message(string[] args, string message)
    {
        await using var monitor = ProcessRunner.Start(ProcessRunner.Dll("Session.SeatGateway"), ["monitor", .. args]);
        Assert.Equal(2, await monitor.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(message, monitor.AllOutput);
    }

    [Fact]
    public async Task A_simulator_script_with_cards_plays_its_presses_into_the_hall_check_at_460800_baud()
    {
        await using var pair = await SocatPair.StartAsync();
        var script = Path.GetTempFileName();
        try
        {
            File.WriteAllText(script, """
                # hall check rehearsal
                at 0 unplug 4
                at 2 press 1 yes
                at 2 press 2 no
                at 2.5 press 3 abstain
                at 3 plug 4
                """);
            await using var monitor = ProcessRunner.Start(ProcessRunner.Dll("Session.SeatGateway"), "monitor", "--port", pair.B, "--baud", "460800", "--addresses", "1-4", "--reply-timeout-ms", "150");
            await using var sim = ProcessRunner.Start(ProcessRunner.Dll("Session.SeatSimulator"), "--tty", pair.A, "--baud", "460800", "--addresses", "1-4",
                "--cards", "04A22B:1", "--script", script);
            await Eventually.True(() => monitor.Stdout.Count(l => l.Contains("\"evt\"")) == 3 && monitor.Stdout.Count(l => l.Contains("\"online\"")) == 4,
                "three presses and four seats online: " + monitor.AllOutput, TimeSpan.FromSeconds(60));
            var lines = monitor.Stdout.ToList();
            Assert.Contains("{\"line\":0,\"address\":1,\"evt\":1,\"event\":\"yes\",\"card\":\"04A22B01\"}", lines);
            Assert.Contains("{\"line\":0,\"address\":2,\"evt\":1,\"event\":\"no\",\"card\":\"04A22B02\"}", lines);
            Assert.Contains("{\"line\":0,\"address\":3,\"evt\":1,\"event\":\"abstain\",\"card\":\"04A22B03\"}", lines);
            Assert.Equal("{\"line\":0,\"address\":4,\"state\":\"online\"}", lines.Last(l => l.Contains("\"address\":4")));
        }
        finally { File.Delete(script); }
    }

    [Theory]
    [InlineData(new[] { "--baud", "115200", "--addresses", "1-4" }, "--tty is required")]
    [InlineData(new[] { "--tty", "/dev/null", "--baud", "1200", "--addresses", "1-4" }, "not a Seat Bus rate")]
    [InlineData(new[] { "--tty", "/dev/null", "--addresses", "1-4", "--noise", "2" }, "--noise needs")]
    [InlineData(new[] { "--tty", "/dev/null", "--addresses", "1-4", "--cards", "04A22B" }, "PREFIX:FIRST")]
    [InlineData(new[] { "--tty", "/dev/null", "--addresses", "1-4", "--script", "/nonexistent" }, "does not exist")]
    [InlineData(new[] { "--tty", "/dev/null", "--addresses", "1-4", "--random", "0" }, "--random needs")]
    public async Task Simulator_refuses_bad_arguments_with_a_clear_message(string[] args, string message)
    {
        await using var sim = ProcessRunner.Start(ProcessRunner.Dll("Session.SeatSimulator"), args);
        Assert.Equal(2, await sim.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(message, sim.AllOutput);
    }

    [Fact]
    public async Task Random_presses_all_reach_the_hall_check_each_once()
    {
        await using var pair = await SocatPair.StartAsync();
        await using var monitor = ProcessRunner.Start(ProcessRunner.Dll("Session.SeatGateway"), "monitor", "--port", pair.B, "--baud", "115200", "--addresses", "1-8", "--reply-timeout-ms", "150");
        await using var sim = ProcessRunner.Start(ProcessRunner.Dll("Session.SeatSimulator"), "--tty", pair.A, "--baud", "115200", "--addresses", "1-8", "--random", "600", "--seed", "9");
        await Eventually.True(() => monitor.Stdout.Count(l => l.Contains("\"evt\"")) >= 20, "twenty random presses seen: " + monitor.AllOutput, TimeSpan.FromSeconds(90));
        var events = monitor.Stdout.Where(l => l.Contains("\"evt\"")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Select(e => (Address: e.GetProperty("address").GetInt32(), Evt: e.GetProperty("evt").GetInt32())).ToList();
        // Per seat the numbers only go up by one: nothing forwarded twice, nothing acked and lost in between
        // (a press replacing an unacknowledged one keeps its number and may show as that number again).
        foreach (var seat in events.GroupBy(e => e.Address))
        {
            var numbers = seat.Select(e => e.Evt).ToList();
            for (int i = 1; i < numbers.Count; i++) Assert.InRange(numbers[i] - numbers[i - 1], 0, 1);
        }
    }
}
