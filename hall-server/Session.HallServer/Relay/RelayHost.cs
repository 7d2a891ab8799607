using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Session.HallServer.Hosting;
using Session.HallServer.Publishing;
using Session.HallServer.Recordings;
using Session.HallServer.Tls;

namespace Session.HallServer.Relay;

/// <summary>
/// <c>Session.HallServer relay --hall URL --urls URL --data-dir DIR [--parent PID]</c>: the public relay. No Orleans,
/// no journal, no registry: one subscription per council to the hall, the public pages, <c>/opendata</c> and
/// <c>/recordings</c> read from the data dir, the public API's reads as snapshots, and /hubs/public for the audience.
/// </summary>
public static partial class RelayHost
{
    public const string ReadyLine = "RELAY-READY ";

    public static int Run(string[] args)
    {
        var normalized = CommandLine.Normalize(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = normalized,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = WebRoot.Find(args),
        });
        builder.Configuration.AddCommandLine(normalized, SwitchMappings);
        var hall = builder.Configuration.GetSection("Hall").Get<HallOptions>() ?? new HallOptions();
        var relay = builder.Configuration.GetSection("Relay").Get<RelayHostOptions>() ?? new RelayHostOptions();
        var problems = relay.Validate().Concat(hall.PublicRelay.Validate()).ToList();
        if (string.IsNullOrWhiteSpace(hall.DataDir)) problems.Add("--data-dir must name the hall's data folder");
        if (problems.Count > 0)
        {
            foreach (var p in problems) Console.Error.WriteLine("relay: " + p);
            return 2;
        }
        var dataDir = Path.GetFullPath(hall.DataDir);
        var s = builder.Services;
        s.Configure<HallOptions>(o => { builder.Configuration.GetSection("Hall").Bind(o); o.DataDir = dataDir; });
        s.Configure<RelayHostOptions>(builder.Configuration.GetSection("Relay"));
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton<ViewerRegistry>();
        s.AddSingleton<HubLifetimeManager<RelayHub>>(sp => sp.GetRequiredService<ViewerRegistry>());
        s.AddSingleton<RelayFeeds>();
        s.AddSingleton<ApiSnapshots>();
        s.AddHttpClient("hall");
        s.AddHostedService<ParentWatch>();
        s.AddHostedService<RefusedConnections>();
        s.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = 4 * 1024;
                o.EnableDetailedErrors = false;
            })
            .AddJsonProtocol()
            .AddMessagePackProtocol();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            ConnectionLimits.Apply(kestrel);
            // An https:// relay address: the hall's certificate (the council's own, or one issued by the hall CA), TLS 1.2+.
            kestrel.ConfigureHttpsDefaults(https => kestrel.ApplicationServices.GetRequiredService<Tls.HallTls>().Apply(https));
        });
        s.AddSingleton<Tls.HallTls>();
        builder.Logging.AddFilter(RefusedConnections.KestrelConnectionsCategory, LogLevel.Error);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Connections", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        var app = builder.Build();
        var viewers = app.Services.GetRequiredService<ViewerRegistry>();
        app.UseSecurityHeaders();
        // Off loopback, plain HTTP goes to the relay's https:// address or is refused, as at the hall.
        app.UsePlainHttpGuard();
        app.UseHubOriginCheck();
        app.Use(async (http, next) =>
        {
            // Over capacity, a page would only open one more connection that is refused: say so plainly instead.
            if (HttpMethods.IsGet(http.Request.Method) && IsPublicPage(http.Request.Path) && viewers.Full)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                http.Response.Headers.RetryAfter = "30";
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(RelayErrors.Page(RelayErrors.TooManyViewers));
                return;
            }
            await next(http);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        var openData = Path.Combine(dataDir, "opendata");
        Directory.CreateDirectory(openData);
        app.UseOpenDataFiles(openData);
        // The accepted recordings, as the hall serves them: the public page plays them from here.
        app.MapRecordingFiles(new Recordings.RecordingStore(dataDir));

        // A viewer's pipe is kept small: a viewer who does not read fills it soon, and is then dropped on the send timeout.
        app.MapHub<RelayHub>(Session.Core.Wire.HubNames.PublicPath, o =>
        {
            o.TransportMaxBufferSize = 32 * 1024;
            o.ApplicationMaxBufferSize = 32 * 1024;
        });
        var snapshots = app.Services.GetRequiredService<ApiSnapshots>();
        app.MapGet("/api/{**path}", snapshots.ServeAsync).ExcludeFromDescription();
        var index = Path.Combine(app.Environment.WebRootPath ?? "", "index.html");
        app.MapGet("/{council:regex(^[a-z][a-z0-9-]{{1,31}}$)}", () => Results.File(index, "text/html; charset=utf-8")).ExcludeFromDescription();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "";
            Console.WriteLine($"Session: публічний ретранслятор / public relay on {url} for the hall {relay.HallUri}, at most {hall.PublicRelay.MaxViewers} viewers");
            Console.WriteLine(ReadyLine + url);
            Console.Out.Flush();
        });
        app.Run();
        return 0;
    }

    public static Dictionary<string, string> SwitchMappings => new(CommandLine.SwitchMappings)
    {
        ["--hall"] = "Relay:Hall",
        ["--parent"] = "Relay:ParentPid",
    };

    private static bool IsPublicPage(PathString path) =>
        path.Value is "/" or "/index.html" || (path.Value is { } p && CouncilPage().IsMatch(p));

    [GeneratedRegex("^/[a-z][a-z0-9-]{1,31}/?$")]
    private static partial Regex CouncilPage();

    /// <summary>Started by the hall, the relay stops when the hall is gone (a relay has nothing to serve without it).</summary>
    private sealed class ParentWatch(Microsoft.Extensions.Options.IOptions<RelayHostOptions> options, IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (options.Value.ParentPid is not { } pid) return;
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (Alive(pid)) continue;
                lifetime.StopApplication();
                return;
            }
        }

        private static bool Alive(int pid)
        {
            try
            {
                using var p = System.Diagnostics.Process.GetProcessById(pid);
                return !p.HasExited;
            }
            catch (ArgumentException) { return false; }
        }
    }
}
