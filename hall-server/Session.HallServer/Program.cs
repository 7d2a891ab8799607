using Session.HallServer.Hosting;

// Session hall server. Copyright the Session contributors; AGPL-3.0-or-later.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = CommandLine.Normalize(args),
    ContentRootPath = AppContext.BaseDirectory,
    WebRootPath = WebRoot.Find(args),
});
builder.Configuration.AddCommandLine(CommandLine.Normalize(args), CommandLine.SwitchMappings);
builder.AddHall();

var app = builder.Build();
app.UseHall();
app.Run();
