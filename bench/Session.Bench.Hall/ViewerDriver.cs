namespace Session.Bench.Hall;

/// <summary>What the viewer driver saw of one tally update: how many viewers got it, the first and the last receipt.</summary>
public sealed record UpdateSeen(long Seq, int Viewers, long First, long Last);

public sealed record DriverReport(IReadOnlyList<UpdateSeen> Updates, long Frames, long Bytes, int Failed, byte[]? Sample);

/// <summary>Controls a Session.Bench.Viewers process: N raw WebSocket viewers watching one URL (bench/README.md).</summary>
public sealed class ViewerDriver : IAsyncDisposable
{
    private readonly ChildProcess _process;

    public int Watching { get; private set; }
    public int GaveUp { get; private set; }
    public int Id => _process.Id;

    private ViewerDriver(ChildProcess process) => _process = process;

    public static async Task<ViewerDriver> StartAsync(Uri url, int viewers, string council, string protocol, string? cores, Action<string> progress)
    {
        var process = new ChildProcess("Session.Bench.Viewers.dll", ["--url", url.ToString(), "--viewers", viewers.ToString(), "--council", council, "--protocol", protocol]);
        var driver = new ViewerDriver(process);
        try
        {
            if (cores is not null) Cpu.Pin(process.Id, cores);
            while (true)
            {
                var line = await process.ReadLineAsync(TimeSpan.FromMinutes(3));
                if (line.StartsWith("progress ", StringComparison.Ordinal)) progress(line);
                else if (line.StartsWith("error ", StringComparison.Ordinal)) throw new InvalidOperationException("viewer driver: " + line[6..]);
                else if (line.StartsWith("ready ", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ');
                    (driver.Watching, driver.GaveUp) = (int.Parse(parts[1]), int.Parse(parts[2]));
                    return driver;
                }
            }
        }
        catch
        {
            await driver.DisposeAsync();
            throw;
        }
    }

    /// <summary>Everything received since the last report.</summary>
    public async Task<DriverReport> ReportAsync()
    {
        _process.Send("report");
        var updates = new List<UpdateSeen>();
        long frames = 0, bytes = 0;
        int failed = 0;
        byte[]? sample = null;
        while (await _process.ReadLineAsync(TimeSpan.FromMinutes(1)) is var line && line != "end")
        {
            var p = line.Split(' ');
            switch (p[0])
            {
                case "tally": updates.Add(new UpdateSeen(long.Parse(p[1]), int.Parse(p[2]), long.Parse(p[3]), long.Parse(p[4]))); break;
                case "frames": (frames, bytes) = (long.Parse(p[1]), long.Parse(p[2])); break;
                case "failed": failed = int.Parse(p[1]); break;
                case "sample": sample = Convert.FromBase64String(p[1]); break;
            }
        }
        return new DriverReport(updates, frames, bytes, failed, sample);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
