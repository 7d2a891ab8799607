using Microsoft.AspNetCore.HttpOverrides;
using Session.HallServer.Publishing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Session.HallServer.Api;
using Session.HallServer.Recordings;
using Session.HallServer.Registry;
using Session.HallServer.Tls;
using Session.HallServer.Auth;
using Session.HallServer.Cluster;
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
        var storage = StorageSetup.Provider(hall);
        var problems = hall.Validate().ToList();
        // The SQLite copy (Backup/) reads journal.db and registry.db; a PostgreSQL database is backed up with pg_dump.
        if (storage == StorageSetup.Postgres && hall.Backup.Enabled)
            throw new StorageRefused(
                "Hall:Backup (копії за розкладом) працює лише зі сховищем sqlite; базу PostgreSQL копіюйте за допомогою pg_dump (docs/deploy.md)",
                "Hall:Backup (scheduled copies) works with the sqlite storage only; back up the PostgreSQL database with pg_dump (docs/deploy.md)");
        if (problems.Count > 0) throw new OptionsValidationException("Hall", typeof(HallOptions), problems);
        hall.DataDir = Path.GetFullPath(hall.DataDir);
        Directory.CreateDirectory(hall.DataDir);
        hall.SiloPort ??= FreePorts.Next();
        hall.GatewayPort ??= FreePorts.Next();
        if (hall.PublicRelay.Enabled && string.IsNullOrWhiteSpace(hall.PublicRelay.Url)) hall.PublicRelay.Url = $"http://127.0.0.1:{FreePorts.Next()}";
        var s = builder.Services;
        s.Configure<HallOptions>(o =>
        {
            builder.Configuration.GetSection("Hall").Bind(o);
            o.DataDir = hall.DataDir;
            (o.SiloPort, o.GatewayPort) = (hall.SiloPort, hall.GatewayPort);
            o.PublicRelay.Url = hall.PublicRelay.Url;
        });

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            ConnectionLimits.Apply(kestrel);
            // Every https:// address: the council's certificate or the hall CA's, TLS 1.2+ (docs/security.md "HTTPS").
            kestrel.ConfigureHttpsDefaults(https => kestrel.ApplicationServices.GetRequiredService<Tls.HallTls>().Apply(https));
        });
        s.AddSingleton<Tls.HallTls>();
        // A helper that fails (publisher, sweeper, backups) is logged and the hall sits on: by default the host would
        // stop with exit code 0, mid-sitting, where systemd's Restart=on-failure does not restart it.
        // The hosted services start side by side (issue 12: a restart serves within 3 s): Kestrel binds while the Orleans
        // silo starts, and requests wait at the start-up gate, which opens only once the silo is active (HallStartup).
        // They stop one by one, in reverse order, as before.
        s.Configure<HostOptions>(o =>
        {
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore;
            o.ServicesStartConcurrently = true;
        });
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton<StartupClock>();
        s.AddHostedService<StartupClock.HostBuilt>();
        s.AddSingleton<StartupGate>();
        // The registry and journal checks start here and run beside the silo's start.
        s.AddSingleton<HallStartup>();
        s.AddHostedService<HallStartup.Early>();
        s.AddSingleton<SittingClock>();
        s.AddSingleton<CardSightings>();
        s.AddSingleton<Registry.RegistryWriter>();
        s.AddSingleton<Registry.SetupToken>();
        s.AddSingleton<Registry.SittingLifecycle>();
        s.AddSingleton<ICommitListener>(sp => sp.GetRequiredService<Registry.SittingLifecycle>());
        s.AddSingleton(new Secrets(hall.DataDir));
        s.AddSingleton<LiveConnections>();
        s.AddSingleton<StaffSessions>();
        // The login and PIN throttles' counts: the cluster's in Redis on a regional host, this process's on the appliance.
        if (hall.Cluster.Enabled)
        {
            s.AddSingleton<Cluster.RedisFailureCounters>();
            s.AddSingleton<IFailureCounters>(sp => sp.GetRequiredService<Cluster.RedisFailureCounters>());
            s.AddSingleton<Cluster.SharedAddressLimits>();
        }
        else s.AddSingleton<IFailureCounters, MemoryFailureCounters>();
        s.AddSingleton<LoginThrottle>();
        s.AddSingleton<SecondFactors>();
        s.AddSingleton<AccountAudit>();
        // Protects the TOTP seeds at rest; its keys live in the data dir and go into every backup (BackupContents).
        s.AddDataProtection().SetApplicationName("Session.HallServer")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(hall.DataDir, Backup.BackupContents.ProtectionKeys)));
        s.AddSingleton<HubRateLimit>();
        s.AddHostedService<SessionSweeper>();
        s.AddHostedService<RefusedConnections>();
        s.AddHallRateLimits(hall.RateLimits);
        var storageLine = s.AddStorage(hall, builder.Configuration);
        s.AddSingleton(new StorageDescription(storage, storageLine));
        s.AddSingleton<HallDirectory>();
        s.AddSingleton<CurrentSitting>();
        s.AddSingleton<SeatPresence>();
        s.AddSingleton<SittingFanout>();
        s.AddSingleton<PinThrottle>();
        s.AddSingleton<PinAlerts>();
        s.AddSingleton<PinGate>();
        s.AddSingleton<Passkeys>();
        s.AddSingleton<TerminalConnections>();
        s.AddSingleton<StreamHealthRelay>();
        s.AddSingleton<Captions.CaptionBoard>();
        s.AddSingleton<StreamControls>();
        s.AddSingleton<Cluster.ClusterBus>();
        s.AddHostedService<Cluster.ClusterState>();
        s.AddSingleton<SelfTest.SoftwareVersion>();
        s.AddSingleton<SelfTest.SelfTestRunner>();
        s.AddSingleton<DemoCouncil>();
        s.AddSingleton<DemoSecondCouncil>();
        s.AddSingleton(new Recordings.RecordingStore(hall.DataDir));
        s.AddSingleton<Session.HallServer.Publishing.CouncilSigner>();
        s.AddSingleton<Session.HallServer.Publishing.OpenDataPublisher>();
        // Before the publisher: the backup scheduler must know a sitting closed before its final publication is done.
        s.AddSingleton<Backup.BackupScheduler>();
        s.AddSingleton<ICommitListener>(sp => sp.GetRequiredService<Backup.BackupScheduler>());
        s.AddHostedService(sp => sp.GetRequiredService<Backup.BackupScheduler>());
        s.AddSingleton<ICommitListener>(sp => sp.GetRequiredService<Session.HallServer.Publishing.OpenDataPublisher>());
        s.AddHostedService(sp => sp.GetRequiredService<Session.HallServer.Publishing.OpenDataPublisher>());

        s.AddAuthentication(TokenAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null);
        s.AddAuthorization();

        s.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = hall.MaxMessageBytes;
                o.EnableDetailedErrors = false;
                o.AddFilter<HubRateLimit>();
                o.AddFilter<StaffConnectionFilter>();
            })
            .AddHubOptions<TerminalHub>(o => o.MaximumParallelInvocationsPerClient = TerminalHub.ParallelInvocations)
            .AddJsonProtocol()
            .AddMessagePackProtocol()
            .AddHallBackplane(hall.Cluster);
        s.AddOpenApi();
        s.AddDirectoryBrowser();
        s.AddProblemDetails();

        builder.UseOrleans(silo =>
        {
            silo.UseHallClustering(hall);
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromDays(2));
            // Serialized with JSON between silos; copied by reference inside one (CoreTypesCopier).
            silo.Services.AddSerializer(sb => sb.AddJsonSerializer(
                isSerializable: CoreTypesCopier.IsCoreType,
                isCopyable: null,
                configureOptions: o => o.Configure(json => json.SerializerOptions = Session.Core.Journal.JournalJson.Options)));
            silo.Services.AddSingleton<IGeneralizedCopier, CoreTypesCopier>();
            // The demo's seeding and the open sittings' activation call grains: HallStartup waits for this.
            silo.AddStartupTask((sp, _) =>
            {
                sp.GetRequiredService<HallStartup>().SiloActive();
                return Task.CompletedTask;
            });
        });
        s.AddHostedService(sp => sp.GetRequiredService<HallStartup>());
        s.AddSingleton<Relay.HallViewerBudget>();
        s.AddHostedService<Relay.PublicRelaySupervisor>();
        builder.Logging.AddFilter(RefusedConnections.KestrelConnectionsCategory, LogLevel.Error);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        // It warns that its key files are not encrypted at rest: they are as private as hall.key (the data dir's mode).
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        // The registry migration's table rebuilds are expected on SQLite (checked by the upgrade test); not a warning for operators.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Migrations", LogLevel.Error);
        // Its "Request starting …" lines carry the whole URL, and a browser's hub URL carries its login token
        // (access_token): no secret in a log (issue 10).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        return builder;
    }

    public static WebApplication UseHall(this WebApplication app)
    {
        var hall = app.Services.GetRequiredService<IOptions<HallOptions>>().Value;
        // Behind nginx: the client's address and scheme from the trusted proxy's headers, before anything reads them.
        if (hall.TrustedProxies.Length > 0)
        {
            var forwarded = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
                // The proxy's own hop only: what a client wrote into X-Forwarded-For itself is never believed.
                ForwardLimit = 1,
            };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in hall.TrustedProxies) forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            app.UseForwardedHeaders(forwarded);
        }
        app.UseSecurityHeaders();
        app.UsePlainHttpGuard();
        app.UseStartupGate();
        app.UseHubOriginCheck();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        Directory.CreateDirectory(hall.OpenDataDir);
        app.UseOpenDataFiles(hall.OpenDataDir);
        app.UseStorageFaultAnswers();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // A regional host: the per-address limits once more, counted for all nodes together.
        if (hall.Cluster.Enabled) app.Use(app.Services.GetRequiredService<Cluster.SharedAddressLimits>().InvokeAsync);

        app.MapHub<TerminalHub>("/hubs/terminal");
        app.MapHub<ChairHub>("/hubs/chair");
        app.MapHub<PublicHub>("/hubs/public");
        app.MapHub<CaptionsHub>(Session.Core.Wire.HubNames.CaptionsPath);
        app.MapAuthApi();
        app.MapHallApi();
        app.MapRemoteApi();
        app.MapRegistryApi();
        app.MapOpenApi();
        app.MapTlsApi();
        app.MapRecordingsApi();
        app.MapRecordingFiles(app.Services.GetRequiredService<Recordings.RecordingStore>());
        MapPages(app);
        return app;
    }

    /// <summary>
    /// The consoles: <c>/{council}/…</c> for each council, and today's unscoped paths (which the pages resolve to the
    /// server's only council). The pages read the council from their own path.
    /// </summary>
    private static void MapPages(WebApplication app)
    {
        const string council = "{council:regex(^[a-z][a-z0-9-]{{1,31}}$)}";
        IResult Page(string name) => Results.File(Path.Combine(app.Environment.WebRootPath ?? "", name + ".html"), "text/html; charset=utf-8");
        foreach (var page in new[] { "terminal", "chair", "hall", "admin", "captions" })
        {
            app.MapGet("/" + page, () => Page(page)).ExcludeFromDescription();
            app.MapGet($"/{council}/{page}", () => Page(page)).ExcludeFromDescription();
        }
        app.MapGet($"/{council}/hall/{{hallId}}", () => Page("hall")).ExcludeFromDescription();
        // A deputy's remote device: the tablet's page, signed in by a passkey and a PIN instead of a pairing key.
        app.MapGet("/remote", () => Page("terminal")).ExcludeFromDescription();
        app.MapGet($"/{council}/remote", () => Page("terminal")).ExcludeFromDescription();
        app.MapGet($"/{council}", () => Page("index")).ExcludeFromDescription();
    }
}
