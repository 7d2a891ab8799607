using Session.HallServer.Hosting;

// Session hall server. Copyright the Session contributors; AGPL-3.0-or-later.
// `relay …` is the public relay (docs/hall-server.md); `backup …`, `restore …` and `version` are tools: they run and
// exit without Kestrel or Orleans.
if (CommandLine.Tool(args) == "relay")
    return Session.HallServer.Relay.RelayHost.Run(args[1..]);
if (CommandLine.Tool(args) is "version")
    return Session.HallServer.SelfTest.SoftwareVersion.Print(Console.Out);
if (CommandLine.Tool(args) is { } tool)
    return Session.HallServer.Backup.BackupCommand.Run(tool, args[1..], Console.Out, Console.Error);

StartupClock.Before("runtime up, Main entered");
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = CommandLine.Normalize(args),
    ContentRootPath = AppContext.BaseDirectory,
    WebRootPath = WebRoot.Find(args),
});
builder.Configuration.AddCommandLine(CommandLine.Normalize(args), CommandLine.SwitchMappings);
try
{
    StartupClock.Before("web builder made");
    builder.AddHall();
    StartupClock.Before("services added");
}
catch (Session.HallServer.Storage.StorageRefused refused)
{
    // An unknown Hall:Storage or an unreachable database: said in Ukrainian and English, no stack trace, no password.
    Console.Error.WriteLine(refused);
    return Session.HallServer.Storage.StorageRefused.ExitCode;
}

var app = builder.Build();
StartupClock.Before("host built");
// The registry and journal checks need no grain: they start now, beside the hosted services' construction and start.
HallStartup.BeginChecks(app.Services);
app.UseHall();
StartupClock.Before("pipeline configured");
app.Run();
// Non-zero when the start-up's checks failed after Kestrel began listening (HallStartup: a bad journal).
return Environment.ExitCode;
