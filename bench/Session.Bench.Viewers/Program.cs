using System.Diagnostics;
using Session.Bench.Viewers;

// The light viewer driver of the hall bench (bench/README.md): N raw WebSocket viewers speaking the SignalR JSON or
// MessagePack protocol to any URL (the hall server's /hubs/public, a public relay, or the bench's raw-WebSocket floor server),
// each only reading and counting frames. It runs in a process of its own and is driven over stdin/stdout:
//   stdout: "progress <watching>", then "ready <watching> <failed>" once every viewer is watching or has given up;
//   stdin:  "report" → "tally <seq> <viewers> <first-ts> <last-ts>" lines, "frames <n> <bytes>", "failed <n>",
//           "sample <base64 tally frame>" and "end"; "quit" closes every socket and exits.
// Timestamps are Stopwatch ticks (CLOCK_MONOTONIC on Linux), comparable with the bench process on the same machine.
// Usage: dotnet Session.Bench.Viewers.dll --url ws://127.0.0.1:5000/hubs/public --viewers 10000 [--council vyshneva]
//        [--target WatchCouncil] [--connect-parallel 200] [--protocol json|messagepack]
var options = DriverOptions.Parse(args);
if (options.Error is { } error)
{
    Console.Error.WriteLine(error);
    return 2;
}

using var stop = new CancellationTokenSource();
var viewers = Enumerable.Range(0, options.Viewers).Select(i => new Viewer(i, options.Protocol)).ToArray();
var watching = 0;
var gaveUp = 0;
var readers = new List<Task>();
var clock = Stopwatch.StartNew();

using (var gate = new SemaphoreSlim(options.ConnectParallel))
{
    var connects = viewers.Select(async v =>
    {
        await gate.WaitAsync();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var candidate = attempt == 1 ? v : viewers[v.Index] = new Viewer(v.Index, options.Protocol);
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    await candidate.ConnectAsync(options.Url, options.Target, options.Council, timeout.Token);
                    var reading = candidate.ReadAsync(_ => pending.TrySetResult(), stop.Token);
                    var settled = await Task.WhenAny(pending.Task, reading, Task.Delay(TimeSpan.FromSeconds(30)));
                    if (settled == pending.Task)
                    {
                        lock (readers) readers.Add(reading);
                        Interlocked.Increment(ref watching);
                        return;
                    }
                    candidate.Abort();
                    if (candidate.Failure is { } f && f.StartsWith("the ", StringComparison.Ordinal)) throw new InvalidOperationException(f);
                }
                catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or OperationCanceledException or IOException or System.Net.Http.HttpRequestException)
                {
                    candidate.Abort();
                }
                if (attempt == 5) { Interlocked.Increment(ref gaveUp); return; }
                // A burst of thousands of connects can overflow the accept queue; a real audience arrives over minutes.
                await Task.Delay(200 * attempt);
            }
        }
        finally
        {
            gate.Release();
        }
    }).ToList();
    var all = Task.WhenAll(connects);
    while (await Task.WhenAny(all, Task.Delay(2000)) != all)
        Console.WriteLine($"progress {Volatile.Read(ref watching)}");
    try
    {
        await all;
    }
    catch (InvalidOperationException e)
    {
        Console.WriteLine($"error {e.Message}");
        return 3;
    }
}
Console.WriteLine($"ready {watching} {gaveUp}");
Console.Error.WriteLine($"viewers: {watching} watching {options.Url} after {clock.Elapsed.TotalSeconds:F1} s, {gaveUp} gave up");

// SignalR closes a connection that says nothing for 30 s: every viewer pings every 15 s, spread over that time.
_ = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        var pause = TimeSpan.FromMilliseconds(15_000.0 / Math.Max(1, viewers.Length));
        foreach (var v in viewers)
        {
            if (stop.IsCancellationRequested) return;
            try { await v.PingAsync(stop.Token); } catch (Exception) { /* a dead viewer is counted by its reader */ }
            if (pause > TimeSpan.FromMilliseconds(1)) await Task.Delay(pause);
        }
        if (pause <= TimeSpan.FromMilliseconds(1)) await Task.Delay(15_000);
    }
});

while (Console.ReadLine() is { } command)
{
    if (command == "report") Report(viewers);
    else if (command == "quit") break;
}
stop.Cancel();
foreach (var v in viewers) v.Abort();
return 0;

static void Report(Viewer[] viewers)
{
    var updates = new Dictionary<long, (int Count, long First, long Last)>();
    foreach (var v in viewers)
    {
        foreach (var (seq, at) in v.TakeTallies())
        {
            updates[seq] = updates.TryGetValue(seq, out var u)
                ? (u.Count + 1, Math.Min(u.First, at), Math.Max(u.Last, at))
                : (1, at, at);
        }
    }
    var output = new System.Text.StringBuilder();
    foreach (var (seq, u) in updates.OrderBy(p => p.Key)) output.Append($"tally {seq} {u.Count} {u.First} {u.Last}\n");
    output.Append($"frames {viewers.Sum(v => v.Frames)} {viewers.Sum(v => v.Bytes)}\n");
    output.Append($"failed {viewers.Count(v => v.Failure is not null)}\n");
    if (viewers.Select(v => v.SampleFrame).FirstOrDefault(f => f is not null) is { } sample) output.Append($"sample {Convert.ToBase64String(sample)}\n");
    output.Append("end\n");
    Console.Write(output.ToString());
    Console.Out.Flush();
}
