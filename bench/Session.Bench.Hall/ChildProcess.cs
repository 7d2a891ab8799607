using System.Diagnostics;
using System.Threading.Channels;

namespace Session.Bench.Hall;

/// <summary>A dotnet program of the bench's build run as a child process, its stdout read line by line.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _errors = new();

    public ChildProcess(string dll, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_gcServer"] = "0";
        _process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => { if (e.Data is null) _lines.Writer.TryComplete(); else _lines.Writer.TryWrite(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_errors) _errors.Add(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Errors { get { lock (_errors) return string.Join('\n', _errors.TakeLast(20)); } }

    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>The next line of output; throws with the child's stderr if it ends or goes silent for <paramref name="timeout"/>.</summary>
    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            if (await _lines.Reader.WaitToReadAsync(cts.Token) && _lines.Reader.TryRead(out var line)) return line;
        }
        catch (OperationCanceledException) { throw new TimeoutException($"{_process.StartInfo.ArgumentList[0]} said nothing for {timeout}:\n{Errors}"); }
        throw new InvalidOperationException($"{Path.GetFileName(_process.StartInfo.ArgumentList[0])} ended:\n{Errors}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { Send("quit"); } catch (IOException) { }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }
}
