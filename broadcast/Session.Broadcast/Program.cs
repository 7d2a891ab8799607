using Microsoft.Extensions.Logging;
using Session.Broadcast;
using Session.Broadcast.Options;
using Session.Broadcast.Secrets;

if (args is ["archive-report", ..])
    return Session.Broadcast.Recording.ArchiveReportCommand.Run(args.Skip(1).ToList(), Console.Out, Console.Error, TimeProvider.System);

if (args is ["join", ..])
{
    var joinMasker = new SecretMasker();
    using var joinLogs = LoggerFactory.Create(b => b.ClearProviders().AddProvider(new MaskedLoggerProvider(Console.Out, joinMasker, LogLevel.Information)));
    using var joinStop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; joinStop.Cancel(); };
    return await Session.Broadcast.Recording.JoinCommand.RunAsync(args.Skip(1).ToList(), joinLogs, joinMasker, Environment.GetEnvironmentVariable, joinStop.Token);
}

if (args is ["youtube-login", ..])
{
    using var interrupt = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; interrupt.Cancel(); };
    return await Session.Broadcast.YouTube.YouTubeLoginCommand.RunAsync(args.Skip(1).ToList(), Environment.GetEnvironmentVariable, Console.Out, Console.Error, TimeProvider.System, interrupt.Token);
}

var (options, errors) = CommandLine.Parse(args, Environment.GetEnvironmentVariable, File.ReadAllText);
if (options is null)
{
    foreach (var e in errors) Console.Error.WriteLine($"error: {e}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

var masker = new SecretMasker();
masker.Add(options.StreamKey);
masker.Add(options.HallKey);
masker.AddUrl(options.CaptionsUrl);
masker.Add(options.YouTube?.Client.ClientSecret);
masker.Add(options.YouTube?.RefreshToken);
if (options.Camera is Session.Broadcast.Camera.CameraTarget.Onvif onvif) masker.Add(onvif.Password);
var rtspPasswords = new[] { options.Source, options.Interpreter }.OfType<VideoSource.Rtsp>().Select(r => r.Password()).OfType<string>().ToList();
foreach (var p in rtspPasswords) masker.Add(new Secret(p));
var level = Environment.GetEnvironmentVariable("SESSION_BROADCAST_LOG") == "debug" ? LogLevel.Debug : LogLevel.Information;
using var logs = LoggerFactory.Create(b => b.ClearProviders().SetMinimumLevel(level).AddProvider(new MaskedLoggerProvider(Console.Out, masker, level)));
var log = logs.CreateLogger("Session.Broadcast");

using var cts = new CancellationTokenSource();
// SIGINT/SIGTERM stop FFmpeg cleanly (it finishes the archive segment) and write the chapters before exit.
using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; cts.Cancel(); });
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });

try
{
    if (rtspPasswords.Count > 0 && !ProcHidesOthers())
        // FFmpeg 5.1 takes the RTSP URL only on its argv, where ps shows it to every local user unless /proc hides it.
        log.LogWarning("Пароль камери RTSP буде в командному рядку FFmpeg, який бачать інші користувачі цієї машини (ps), якщо /proc не змонтовано з hidepid=invisible або в службі немає ProtectProc=invisible (docs/broadcast.md) / " +
            "the RTSP camera password is on FFmpeg's command line, visible to other local users (ps) unless /proc is mounted with hidepid=invisible or the service sets ProtectProc=invisible (docs/broadcast.md)");
    using var host = new BroadcastHost(options, logs, masker, TimeProvider.System);
    log.LogInformation("Broadcast: source {Source}, {Width}x{Height}@{Fps}, ingest {Ingest}, archive {Archive}",
        options.Source, options.Width, options.Height, options.Fps, options.IngestUrl() is { } ingest ? masker.Apply(ingest) : options.YouTube is null ? "(none)" : "YouTube API", options.ArchiveDir);
    return await host.RunAsync(cts.Token);
}
catch (Exception e)
{
    // The logger masks the exception text too.
    log.LogCritical(e, "Broadcast stopped");
    return 1;
}

// hidepid=invisible (or 2) on /proc, as systemd's ProtectProc=invisible mounts it for the service: other users' argv is hidden.
static bool ProcHidesOthers()
{
    try { return File.ReadLines("/proc/self/mounts").Any(l => l.Split(' ') is [_, "/proc", "proc", var opts, ..] && opts.Split(',').Any(o => o is "hidepid=invisible" or "hidepid=2")); }
    catch (IOException) { return false; }
}
