using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Session.HallServer.Hosting;

namespace Session.HallServer.Relay;

/// <summary>
/// With <c>Hall:PublicRelay:Enabled</c>, the hall starts the public relay — this same binary with the <c>relay</c>
/// verb — as its child under <c>nice</c>, once Kestrel listens, and starts it again if it dies. The relay's output
/// goes to the hall's log prefixed <c>relay:</c>; when it is ready the hall prints <c>SESSION-PUBLIC-READY url</c>.
/// </summary>
public sealed class PublicRelaySupervisor(
    IOptions<HallOptions> options,
    IServer server,
    IWebHostEnvironment environment,
    IHostApplicationLifetime lifetime,
    // Made before the relay starts: the hall CA exists on disk (the relay's https:// certificate is issued under it).
    Tls.HallTls tls,
    ILogger<PublicRelaySupervisor> log) : BackgroundService
{
    public const string ReadyLine = "SESSION-PUBLIC-READY ";
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var relay = options.Value.PublicRelay;
        if (!relay.Enabled) return;
        var started = new TaskCompletionSource();
        await using var _ = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        var hallUrl = LoopbackUrl(server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5000");

        while (!stoppingToken.IsCancellationRequested)
        {
            using var child = Spawn(hallUrl, relay);
            log.LogInformation("Public relay started (pid {Pid}) on {Url}, nice {Nice}, at most {Max} viewers", child.Id, relay.Url, relay.Nice, relay.MaxViewers);
            try
            {
                await child.WaitForExitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                if (!child.HasExited) child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return;
            }
            log.LogError("Public relay exited with {Code}; starting it again in {Delay}", child.ExitCode, RestartDelay);
            await Task.Delay(RestartDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private Process Spawn(string hallUrl, PublicRelayOptions relay)
    {
        var psi = new ProcessStartInfo("nice")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var a in Command(hallUrl, relay, options.Value.DataDir, environment.WebRootPath, Environment.ProcessId)) psi.ArgumentList.Add(a);
        // Pages of these origins may open the relay's hub too, as they may the hall's.
        for (int i = 0; i < options.Value.AllowedOrigins.Length; i++) psi.ArgumentList.Add($"--Hall:AllowedOrigins:{i}={options.Value.AllowedOrigins[i]}");
        // The hall's TLS settings, for an https:// relay address: by environment, so a certificate's password is on no command line.
        var t = options.Value.Tls;
        if (!string.IsNullOrEmpty(t.CertificatePath)) psi.Environment["Hall__Tls__CertificatePath"] = t.CertificatePath;
        if (!string.IsNullOrEmpty(t.CertificatePassword)) psi.Environment["Hall__Tls__CertificatePassword"] = t.CertificatePassword;
        for (int i = 0; i < t.Names.Length; i++) psi.Environment[$"Hall__Tls__Names__{i}"] = t.Names[i];
        psi.Environment["Hall__Tls__AllowPlainHttp"] = t.AllowPlainHttp ? "true" : "false";
        _ = tls.ServerCertificate;
        var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => Relayed(e.Data);
        p.ErrorDataReceived += (_, e) => Relayed(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>The relay's command line: <c>nice -n N [dotnet] Session.HallServer[.dll] relay …</c>.</summary>
    public static List<string> Command(string hallUrl, PublicRelayOptions relay, string dataDir, string? webRoot, int parentPid)
    {
        var args = new List<string> { "-n", relay.Nice.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var host = Environment.ProcessPath ?? "dotnet";
        args.Add(host);
        // Started as `dotnet Session.HallServer.dll`: the host needs the dll; started as the apphost, it does not.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") args.Add(typeof(PublicRelaySupervisor).Assembly.Location);
        args.AddRange([
            "relay", "--hall", hallUrl, "--urls", relay.Url!, "--data-dir", dataDir, "--parent", parentPid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Hall:PublicRelay:MaxViewers=" + relay.MaxViewers,
            "--Hall:PublicRelay:SendTimeout=" + relay.SendTimeout.ToString("c"),
            "--Hall:PublicRelay:ApiCacheFor=" + relay.ApiCacheFor.ToString("c"),
        ]);
        // The same pages as the hall serves.
        if (!string.IsNullOrEmpty(webRoot)) args.AddRange(["--web-root", webRoot]);
        return args;
    }

    private void Relayed(string? line)
    {
        if (line is null) return;
        Console.WriteLine("relay: " + line);
        if (line.StartsWith(RelayHost.ReadyLine, StringComparison.Ordinal))
            Console.WriteLine(ReadyLine + line[RelayHost.ReadyLine.Length..].Trim());
    }

    /// <summary>The relay reaches the hall on loopback: a wildcard listen address is turned into 127.0.0.1.</summary>
    public static string LoopbackUrl(string address) =>
        address.Replace("://0.0.0.0:", "://127.0.0.1:").Replace("://[::]:", "://127.0.0.1:").Replace("://+:", "://127.0.0.1:").Replace("://*:", "://127.0.0.1:");
}
