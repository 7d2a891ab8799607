using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Session.Core.Wire;
using Session.Hardware.SeatBus;
using Session.Hardware.Tty;
using Session.SeatSimulator;
using Session.Testing;

namespace Session.Bench.Hardware;

/// <summary>
/// Press → journal: the demo hall (27 seats) on two Seat Bus lines at 115200 baud with the spec's reply timeout, the gateway
/// process and the real hall-server. A press is timed from the simulated seat's key to the server's <c>Seat</c> push showing
/// the choice (sent right after the VoteCast is durable), and to the seat's own lamp lighting (the full loop back over the bus).
/// </summary>
internal static class PressToJournalBench
{
    public sealed record Result(string Scenario, int Presses, double P50, double P95, double P99, double Max, double LampP50, double LampP95);

    public static async Task<List<Result>> RunAsync(int rounds)
    {
        await using var hall = await HallServerProcess.StartAsync();
        var dir = Directory.CreateTempSubdirectory("bench-gw-").FullName;
        var ptys = new List<Pty>();
        var ports = new List<FileStream>();
        var lines = new List<SeatBusSimulator>();
        Process? gateway = null;
        try
        {
            foreach (var (count, first) in new[] { (14, 1), (13, 15) })
            {
                var pty = new Pty();
                ptys.Add(pty);
                var port = SerialPort.Open(pty.A, 115200);
                ports.Add(port);
                var seats = Enumerable.Range(1, count).Select(a => new SimulatedSeat((byte)a)).ToList();
                foreach (var s in seats) s.InsertCard(Convert.FromHexString(SittingDriver.DemoCard(first + s.Address - 1)));
                var sim = new SeatBusSimulator(port, seats, new SimulatorOptions { Baud = 115200, Seed = first });
                sim.Start();
                lines.Add(sim);
            }
            SimulatedSeat Seat(int s) => s <= 14 ? lines[0][(byte)s] : lines[1][(byte)(s - 14)];
            var config = Path.Combine(dir, "gateway.json");
            File.WriteAllText(config, JsonSerializer.Serialize(new
            {
                hubUrl = hall.BaseUrl.ToString(),
                keyFile = Path.Combine(hall.DataDir, "gateway.key"),
                lines = new object[]
                {
                    new { tty = ptys[0].B, baud = 115200, addresses = "1-14", firstSeat = 1 },
                    new { tty = ptys[1].B, baud = 115200, addresses = "1-13", firstSeat = 15 },
                },
            }));
            var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Session.SeatGateway.dll"));
            psi.ArgumentList.Add("--config");
            psi.ArgumentList.Add(config);
            gateway = Process.Start(psi)!;
            gateway.OutputDataReceived += (_, _) => { };
            gateway.ErrorDataReceived += (_, _) => { };
            gateway.BeginOutputReadLine();
            gateway.BeginErrorReadLine();

            // An observer on the terminal hub sees each seat's durable choice the moment the server pushes it.
            var seen = new ConcurrentDictionary<int, (string? Choice, long At)>();
            var observer = await hall.ConnectTerminalAsync();
            observer.On<SeatView>(HubNames.Seat, v => seen[v.Seat] = (v.Choice, Stopwatch.GetTimestamp()));
            await observer.InvokeAsync<HelloReply>("Hello", new HelloRequest(hall.GatewayKey, "bench-observer"));

            var chair = await hall.ConnectChairAsync();
            await Eventually.True(async () => (await chair.InvokeAsync<SeatView[]>("Seats")).Count(s => s.Online) == 27, "27 seats online", TimeSpan.FromSeconds(90));
            await chair.InvokeAsync<CommandAck>("OpenRegistration").Must();
            await Eventually.True(async () => (await hall.CurrentSittingAsync()).Registered == 27, "27 registered", TimeSpan.FromSeconds(90));
            await chair.InvokeAsync<CommandAck>("CloseRegistration").Must();
            await SittingDriver.OpenVoteAsync(chair, hall, seconds: 3600);
            await Eventually.True(() => Enumerable.Range(1, 27).All(s => Seat(s).Lamps.HasFlag(Lamps.VoteOpen)), "vote lamps", TimeSpan.FromSeconds(90));

            var keys = new[] { SeatKey.Yes, SeatKey.No, SeatKey.Abstain };
            var wire = new Dictionary<SeatKey, string> { [SeatKey.Yes] = "yes", [SeatKey.No] = "no", [SeatKey.Abstain] = "abstain" };
            var lampOf = new Dictionary<SeatKey, Lamps> { [SeatKey.Yes] = Lamps.Yes, [SeatKey.No] = Lamps.No, [SeatKey.Abstain] = Lamps.Abstain };
            var results = new List<Result>();
            var random = new Random(5);

            // One press at a time.
            var single = new List<double>();
            var singleLamp = new List<double>();
            for (int r = 0; r < rounds; r++)
                foreach (var seat in Enumerable.Range(1, 27).OrderBy(_ => random.Next()))
                {
                    var key = keys[(r + seat) % 3];
                    var unit = Seat(seat);
                    await Eventually.True(() => unit.AllAcked, "acked", TimeSpan.FromSeconds(30));
                    await Task.Delay(random.Next(0, 40)); // land anywhere in the poll cycle
                    long t0 = Stopwatch.GetTimestamp();
                    unit.Press(key);
                    await Eventually.True(() => seen.TryGetValue(seat, out var v) && v.Choice == wire[key] && v.At > t0, "durable", TimeSpan.FromSeconds(30));
                    single.Add(Stopwatch.GetElapsedTime(t0, seen[seat].At).TotalMilliseconds);
                    while ((unit.Lamps & (Lamps.Yes | Lamps.No | Lamps.Abstain)) != lampOf[key]) await Task.Yield();
                    singleLamp.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
            results.Add(Summarize("one press at a time", single, singleLamp));

            // All 27 seats press within one poll cycle.
            var burst = new List<double>();
            var burstLamp = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                await Eventually.True(() => Enumerable.Range(1, 27).All(s => Seat(s).AllAcked), "all acked", TimeSpan.FromSeconds(30));
                var key = keys[r % 3];
                long t0 = Stopwatch.GetTimestamp();
                foreach (var seat in Enumerable.Range(1, 27)) Seat(seat).Press(key);
                await Eventually.True(() => Enumerable.Range(1, 27).All(s => seen.TryGetValue(s, out var v) && v.Choice == wire[key] && v.At > t0), "burst durable", TimeSpan.FromSeconds(60));
                burst.AddRange(Enumerable.Range(1, 27).Select(s => Stopwatch.GetElapsedTime(t0, seen[s].At).TotalMilliseconds));
                await Eventually.True(() => Enumerable.Range(1, 27).All(s => (Seat(s).Lamps & (Lamps.Yes | Lamps.No | Lamps.Abstain)) == lampOf[key]), "burst lamps", TimeSpan.FromSeconds(60));
                burstLamp.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
            results.Add(Summarize("27 seats at once", burst, burstLamp));
            return results;
        }
        finally
        {
            if (gateway is { HasExited: false }) { gateway.Kill(); gateway.WaitForExit(5000); }
            foreach (var l in lines) l.Stop();
            foreach (var p in ptys) p.Dispose();
            foreach (var p in ports) p.Dispose();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static Result Summarize(string name, List<double> times, List<double> lamps)
    {
        times.Sort();
        lamps.Sort();
        return new Result(name, times.Count, Stats.Percentile(times, 50), Stats.Percentile(times, 95), Stats.Percentile(times, 99), times[^1],
            Stats.Percentile(lamps, 50), Stats.Percentile(lamps, 95));
    }
}
