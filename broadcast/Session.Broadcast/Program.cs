using Microsoft.Extensions.Logging;
using Session.Broadcast;
using Session.Broadcast.Options;
using Session.Broadcast.Secrets;

if (args is ["archive-report", ..])
    return Session.Broadcast.Recording.ArchiveReportCommand.Run(args.Skip(1).ToList(), Console.Out, Console.Error, TimeProvider.System);

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
var level = Environment.GetEnvironmentVariable("SESSION_BROADCAST_LOG") == "debug" ? LogLevel.Debug : LogLevel.Information;
using var logs = LoggerFactory.Create(b => b.ClearProviders().SetMinimumLevel(level).AddProvider(new MaskedLoggerProvider(Console.Out, masker, level)));
var log = logs.CreateLogger("Session.Broadcast");

using var cts = new CancellationTokenSource();
// SIGINT/SIGTERM stop FFmpeg cleanly (it finishes the archive segment) and write the chapters before exit.
using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; cts.Cancel(); });
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });

try
{
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
