using Session.HallServer.Publishing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Session.HallServer.Api;
using Session.HallServer.Auth;
using Session.HallServer.Demo;
using Session.HallServer.Hubs;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;

namespace Session.HallServer.Hosting;

/// <summary>What Program.cs calls: the services, the co-hosted Orleans silo, the hubs and the API.</summary>
public static class HallSetup
{
    public static WebApplicationBuilder AddHall(this WebApplicationBuilder builder)
    {
        var hall = builder.Configuration.GetSection("Hall").Get<HallOptions>() ?? new HallOptions();
        var problems = hall.Validate().ToList();
        if (problems.Count > 0) throw new OptionsValidationException("Hall", typeof(HallOptions), problems);
        hall.DataDir = Path.GetFullPath(hall.DataDir);
        Directory.CreateDirectory(hall.DataDir);
        var s = builder.Services;
        s.Configure<HallOptions>(o =>
        {
            builder.Configuration.GetSection("Hall").Bind(o);
            o.DataDir = hall.DataDir;
        });

        builder.WebHost.ConfigureKestrel(ConnectionLimits.Apply);
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton(new Secrets(hall.DataDir));
        s.AddSingleton(_ => new JournalStore(hall.JournalPath));
        s.AddDbContextFactory<RegistryDb>(o => o.UseSqlite($"Data Source={hall.RegistryPath}"));
        s.AddSingleton<HallDirectory>();
        s.AddSingleton<CurrentSitting>();
        s.AddSingleton<SeatPresence>();
        s.AddSingleton<SittingFanout>();
        s.AddSingleton<PinThrottle>();
        s.AddSingleton<StreamHealthRelay>();
        s.AddSingleton<DemoCouncil>();
        s.AddSingleton<Session.HallServer.Publishing.CouncilSigner>();
        s.AddSingleton<Session.HallServer.Publishing.OpenDataPublisher>();
        s.AddSingleton<ICommitListener>(sp => sp.GetRequiredService<Session.HallServer.Publishing.OpenDataPublisher>());
        s.AddHostedService(sp => sp.GetRequiredService<Session.HallServer.Publishing.OpenDataPublisher>());

        s.AddAuthentication(TokenAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null);
        s.AddAuthorization();

        s.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = hall.MaxMessageBytes;
                o.EnableDetailedErrors = false;
            })
            .AddJsonProtocol()
            .AddMessagePackProtocol();
        s.AddOpenApi();
        s.AddDirectoryBrowser();
        s.AddProblemDetails();

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromDays(2));
            silo.Services.AddSerializer(sb => sb.AddJsonSerializer(
                isSupported: type => type.Namespace?.StartsWith("Session.Core", StringComparison.Ordinal) == true,
                jsonSerializerOptions: Session.Core.Journal.JournalJson.Options));
        });
        // After the silo: start-up calls grains.
        s.AddHostedService<HallStartup>();
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        return builder;
    }

    public static WebApplication UseHall(this WebApplication app)
    {
        var hall = app.Services.GetRequiredService<IOptions<HallOptions>>().Value;
        app.UseDefaultFiles();
        app.UseStaticFiles();
        Directory.CreateDirectory(hall.OpenDataDir);
        app.UseOpenDataFiles(hall.OpenDataDir);
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHub<TerminalHub>("/hubs/terminal");
        app.MapHub<ChairHub>("/hubs/chair");
        app.MapHub<PublicHub>("/hubs/public");
        app.MapHallApi();
        app.MapOpenApi();
        foreach (var page in new[] { "terminal", "chair", "hall" })
            app.MapGet("/" + page, () => Results.File(Path.Combine(app.Environment.WebRootPath ?? "", page + ".html"), "text/html; charset=utf-8")).ExcludeFromDescription();
        return app;
    }
}
