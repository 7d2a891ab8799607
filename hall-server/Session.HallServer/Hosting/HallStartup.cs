using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Session.Core.Journal;
using Session.HallServer.Auth;
using Session.HallServer.Demo;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;

namespace Session.HallServer.Hosting;

/// <summary>
/// Start-up (issue 12: serving within 3 s of a restart). Beside the Orleans silo's start (they need no grain): migrate
/// the registry; read and check every sitting's journal (a bad event stops the server, naming it — nothing is truncated
/// or skipped); reconcile the registry's sittings with the journals; make sure the secretary account exists. Once the
/// silo is active: seed the demo and the setup token. Kestrel starts beside the silo, but every request waits at the
/// <see cref="StartupGate"/> until all of this is done; then SESSION-READY is printed, and the open sittings are
/// activated so their timers run again, the open data re-published and the registry's audit chains checked.
/// Each step's time is logged (<see cref="StartupClock"/>).
/// </summary>
public sealed class HallStartup(
    IOptions<HallOptions> options,
    IDbContextFactory<RegistryDb> db,
    IJournalStore journal,
    StorageDescription storage,
    HallDirectory directory,
    DemoCouncil demo,
    DemoSecondCouncil secondDemo,
    CurrentSitting current,
    Publishing.OpenDataPublisher publisher,
    Registry.SittingLifecycle lifecycle,
    Registry.SetupToken setup,
    Registry.RegistryWriter audit,
    SecondFactors factors,
    IServer server,
    IHostApplicationLifetime lifetime,
    StartupClock clock,
    StartupGate gate,
    Tls.HallTls tls,
    ILogger<HallStartup> log) : IHostedService
{
    public const string SecretaryLogin = "secretar";
    public const string CaptionerLogin = "subtytry";

    /// <summary>The demo captioner's password when it was made this start (null: kept from before, or not the demo).</summary>
    private string? _captionerPassword;

    private readonly Lock _begin = new();
    private Task<(string? Password, string? Seed)>? _checks;
    private readonly TaskCompletionSource _silo = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>From the silo's start-up task: grains can be called (the hosted services start side by side, HallSetup).</summary>
    public void SiloActive()
    {
        clock.Mark("the Orleans silo active");
        _silo.TrySetResult();
    }

    /// <summary>Registered before the silo: starts the checks that need no grain, so they run beside the silo's start.</summary>
    public sealed class Early(HallStartup startup) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            startup.BeginChecks();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>From Program.cs, right after the host is built: resolving the start-up off the main thread lets the checks begin before the hosted services start.</summary>
    public static void BeginChecks(IServiceProvider services) => _ = Task.Run(() => services.GetRequiredService<HallStartup>().BeginChecks());

    private Task<(string? Password, string? Seed)> BeginChecks()
    {
        lock (_begin) return _checks ??= Task.Run(() => CheckAsync(lifetime.ApplicationStopping));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var hall = options.Value;
        log.LogInformation("Orleans silo on 127.0.0.1:{SiloPort}, gateway {GatewayPort}", hall.SiloPort, hall.GatewayPort);
        log.LogInformation("Storage {Provider}: {Where}", storage.Provider, storage.Where);
        var ready = Task.Run(() => FinishAsync(lifetime.ApplicationStopping));
        lifetime.ApplicationStarted.Register(() =>
        {
            clock.Mark("every hosted service started, Kestrel listening (requests wait at the start-up gate)");
            _ = Task.Run(() => AnnounceWhenReadyAsync(ready));
        });
        return Task.CompletedTask;
    }

    /// <summary>
    /// Registry, journals, reconciliation and the secretary: no grain is needed, so this runs beside the silo's start.
    /// The migration and the chain check touch different stores and run side by side; the reconciliation reads both.
    /// </summary>
    private async Task<(string? Password, string? Seed)> CheckAsync(CancellationToken stopping)
    {
        var hall = options.Value;
        var migrated = Task.Run(async () =>
        {
            var step = System.Diagnostics.Stopwatch.StartNew();
            await using (var ctx = await db.CreateDbContextAsync(stopping))
            {
                Storage.RegistryProviders.CreateSqliteFile(ctx.Database);
                // Migrating an up-to-date registry still runs EF's model differ (the slowest step of a restart); the
                // history table answers "nothing to apply" in a query.
                var applied = (await ctx.Database.GetAppliedMigrationsAsync(stopping)).ToHashSet(StringComparer.Ordinal);
                if (ctx.Database.GetMigrations().Any(m => !applied.Contains(m)))
                {
                    await ctx.Database.MigrateAsync(stopping);
                    // A pooled SQLite connection opened before the tables existed keeps the empty schema it read, and
                    // reports "no such table" while a writer holds the lock: none is kept past the migration.
                    if (ctx.Database.IsSqlite()) Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                }
            }
            clock.Took("registry migrations", step.Elapsed);
        }, stopping);
        // Before any request passes the gate: a bad event stops the start, and nothing is served from a journal not yet checked.
        var chains = Task.Run(() =>
        {
            var step = System.Diagnostics.Stopwatch.StartNew();
            foreach (var sittingId in journal.SittingIds())
            {
                try
                {
                    var entries = journal.Read(sittingId);
                    log.LogInformation("Journal of sitting {SittingId}: {Count} events, chain intact", sittingId, entries.Count);
                }
                catch (JournalCorruptException ex)
                {
                    log.LogCritical("Journal of sitting {SittingId} in {Path}: event {Seq} is bad: {Problem}. The server will not start; the journal is left untouched.",
                        sittingId, journal.Describe, ex.Seq, ex.Problem);
                    throw new InvalidOperationException($"journal of sitting {sittingId}: event {ex.Seq} is bad: {ex.Problem}", ex);
                }
            }
            clock.Took("journal chain check", step.Elapsed);
        }, stopping);
        await Task.WhenAll(migrated, chains);

        var reconciled = Task.Run(async () =>
        {
            var step = System.Diagnostics.Stopwatch.StartNew();
            await lifecycle.ReconcileAsync(journal);
            clock.Took("sittings reconciled with the journal", step.Elapsed);
        }, stopping);
        var secretary = hall.Demo
            ? Task.Run(() => DemoAccountsAsync(hall, stopping), stopping)
            : Task.FromResult<(string?, string?)>((null, null));
        await Task.WhenAll(reconciled, secretary);
        return await secretary;
    }

    /// <summary>
    /// The demo's secretary and captioner. On a restart (both accounts and their files exist) what is announced is read
    /// from the files, and the check that the stored passwords are still the configured ones (PBKDF2) runs beside, after
    /// the gate: a login waits for it (<see cref="StartupGate.Accounts"/>). A first start makes them before the gate, as
    /// the setup token is made only while no account exists.
    /// </summary>
    private async Task<(string? Password, string? Seed)> DemoAccountsAsync(HallOptions hall, CancellationToken stopping)
    {
        async Task<(string?, string?)> Ensure()
        {
            var step = System.Diagnostics.Stopwatch.StartNew();
            var made = await EnsureSecretaryAsync(hall);
            _captionerPassword = await EnsureCaptionerAsync(hall);
            clock.Took("secretary and captioner accounts (passwords hashed)", step.Elapsed);
            return made;
        }

        if (await KnownDemoAccountsAsync(hall) is not { } known) return await Ensure();
        _captionerPassword = known.Captioner;
        gate.AccountsPending(Task.Run(async () =>
        {
            // After the gate opens: the password hashes do not compete with the rest of the start for the cores.
            try { await gate.Ready; }
            catch (Exception) { return; }
            try { await Ensure(); }
            catch (Exception ex) when (!stopping.IsCancellationRequested) { log.LogError(ex, "The demo's accounts could not be made as configured"); }
            catch (Exception) { }
        }, CancellationToken.None));
        return (known.Password, known.Seed);
    }

    /// <summary>What <see cref="EnsureSecretaryAsync"/> and <see cref="EnsureCaptionerAsync"/> will answer, read without a password hash: null unless this is a restart of a demo made before.</summary>
    private async Task<(string? Password, string? Seed, string Captioner)?> KnownDemoAccountsAsync(HallOptions hall)
    {
        var secretaryFile = Path.Combine(hall.DataDir, "secretary.txt");
        var captionerFile = Path.Combine(hall.DataDir, "captioner.txt");
        if (!File.Exists(captionerFile)) return null;
        // Both from the environment (as the tests give them): secretary.txt is not written, and not needed.
        var lines = File.Exists(secretaryFile) ? await File.ReadAllLinesAsync(secretaryFile) : [];
        string? Field(string[] from, string name) => from.FirstOrDefault(l => l.StartsWith(name + ": ", StringComparison.Ordinal))?[(name.Length + 2)..];
        var fromEnv = Environment.GetEnvironmentVariable("SESSION_SECRETARY_PASSWORD");
        var seedFromEnv = Environment.GetEnvironmentVariable("SESSION_SECRETARY_TOTP_SEED");
        var password = string.IsNullOrEmpty(fromEnv) ? Field(lines, "password") : null;
        var seed = string.IsNullOrEmpty(seedFromEnv) ? Field(lines, "totp-seed") : seedFromEnv;
        var captioner = Field(await File.ReadAllLinesAsync(captionerFile), "password");
        if ((string.IsNullOrEmpty(fromEnv) && password is null) || string.IsNullOrEmpty(seed) || Totp.FromBase32(seed) is null || captioner is null) return null;
        string[] logins = hall.DemoCouncils >= 2 ? [SecretaryLogin, CaptionerLogin, DemoSecondCouncil.SecretaryLogin] : [SecretaryLogin, CaptionerLogin];
        await using var ctx = await db.CreateDbContextAsync();
        if (await ctx.Accounts.CountAsync(a => logins.Contains(a.Login)) != logins.Length) return null;
        return (password, string.IsNullOrEmpty(seedFromEnv) ? seed : null, captioner);
    }

    /// <summary>After the silo: the checks' end, the demo (it opens sittings through grains) and the setup token; then the gate opens.</summary>
    private async Task<(string? Password, string? Seed, string? SetupToken, List<string> Councils)> FinishAsync(CancellationToken stopping)
    {
        try
        {
            var secretary = await BeginChecks();
            await _silo.Task.WaitAsync(stopping);
            var step = System.Diagnostics.Stopwatch.StartNew();
            if (options.Value.Demo) await demo.SeedAsync(stopping);
            if (options.Value.Demo && options.Value.DemoCouncils >= 2) await secondDemo.SeedAsync(stopping);
            var setupToken = await setup.EnsureAsync();
            var councils = (await directory.CouncilsAsync()).Select(c => c.Id).ToList();
            clock.Took("demo seed and setup token", step.Elapsed);
            gate.Open();
            return (secretary.Password, secretary.Seed, setupToken, councils);
        }
        catch (Exception ex)
        {
            // The start failed (a bad journal, storage): nothing passes the gate, and the process ends non-zero, as an
            // exception out of a hosted service's start did before Kestrel listened early.
            if (ex is not InvalidOperationException { InnerException: JournalCorruptException })
                log.LogCritical(ex, "Start-up failed; the server stops");
            gate.Fail(ex);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            throw;
        }
    }

    private async Task AnnounceWhenReadyAsync(Task<(string? Password, string? Seed, string? SetupToken, List<string> Councils)> ready)
    {
        (string? Password, string? Seed, string? SetupToken, List<string> Councils) started;
        try { started = await ready; }
        catch (Exception) { return; }
        clock.Mark("checks done, gate open");
        clock.Summary();
        Announce(started.Password, started.Seed, started.SetupToken, started.Councils);
        await AfterListeningAsync(lifetime.ApplicationStopping);
    }

    /// <summary>
    /// The slow work a restart does not need before it answers (issue 12: serving within 3 s of a restart). A command that
    /// arrives first activates its sitting's grain itself, from the journal checked above.
    /// </summary>
    private async Task AfterListeningAsync(CancellationToken stopping)
    {
        try
        {
            // Open sittings are activated so their vote and speech timers run again without waiting for a command.
            foreach (var s in (await directory.SittingsAsync()).Where(s => s.Status == Storage.SittingStatus.Open))
                await current.Grain(s.Id).View();
            clock.Mark("open sittings activated (timers re-armed)");
            // A publication interrupted by a crash is made again from the journal.
            foreach (var sittingId in journal.SittingIds()) publisher.CatchUp(sittingId);
            // The registry's audit chains are checked too; a broken one is reported loudly (the hall still starts: the
            // sittings' record is the journal, and a council must be able to sit while its registry is investigated).
            foreach (var council in (await directory.CouncilIdsAsync()).Append(AccountAudit.HostChain))
            {
                stopping.ThrowIfCancellationRequested();
                if (await audit.VerifyAsync(council) is { } bad)
                    log.LogCritical("Audit chain of council {Council}: record {Seq} is bad (changed or missing); investigate registry.db", council, bad);
            }
            clock.Mark("registry audit chains verified");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        catch (Exception ex)
        {
            log.LogError(ex, "Start-up work after listening failed (open sittings, re-publication or audit check)");
        }
    }

    /// <summary>
    /// The demo's secretary: the password from SESSION_SECRETARY_PASSWORD or made once, and a TOTP second factor from
    /// SESSION_SECRETARY_TOTP_SEED or made once — both kept in DATA_DIR/secretary.txt and printed at start, so a new
    /// user adds the seed to an authenticator app (or runs <c>oathtool --totp -b SEED</c>) and logs in.
    /// </summary>
    private async Task<(string? Password, string? Seed)> EnsureSecretaryAsync(HallOptions hall)
    {
        var fromEnv = Environment.GetEnvironmentVariable("SESSION_SECRETARY_PASSWORD");
        var seedFromEnv = Environment.GetEnvironmentVariable("SESSION_SECRETARY_TOTP_SEED");
        var file = Path.Combine(hall.DataDir, "secretary.txt");
        var lines = File.Exists(file) ? (await File.ReadAllLinesAsync(file)).ToList() : new List<string>();
        string? Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name + ": ", StringComparison.Ordinal))?[(name.Length + 2)..];
        await using var ctx = await db.CreateDbContextAsync();
        bool exists = await ctx.Accounts.AnyAsync(a => a.Login == SecretaryLogin);
        string? password = null;
        if (!string.IsNullOrEmpty(fromEnv)) await directory.SetAccountAsync(SecretaryLogin, fromEnv, Roles.Secretary, DemoCouncil.CouncilId);
        else if (exists) password = Field("password");
        else
        {
            password = Secrets.NewKey()[..12];
            await directory.SetAccountAsync(SecretaryLogin, password, Roles.Secretary, DemoCouncil.CouncilId);
            lines = [$"login: {SecretaryLogin}", $"password: {password}"];
        }

        var seedText = string.IsNullOrEmpty(seedFromEnv) ? Field("totp-seed") : seedFromEnv;
        if (string.IsNullOrEmpty(seedText) || Totp.FromBase32(seedText) is null)
        {
            seedText = Totp.Base32(Totp.NewSeed());
            lines.RemoveAll(l => l.StartsWith("totp-seed: ", StringComparison.Ordinal));
            lines.Add($"totp-seed: {seedText}");
        }
        await factors.SetDemoTotpAsync(SecretaryLogin, Totp.FromBase32(seedText)!);
        // The second demo council's secretary (a regional host's demo): the same demo password and seed, its own council.
        if (hall.DemoCouncils >= 2 && (string.IsNullOrEmpty(fromEnv) ? password : fromEnv) is { } secondPassword
            && (!string.IsNullOrEmpty(fromEnv) || !await ctx.Accounts.AnyAsync(a => a.Login == DemoSecondCouncil.SecretaryLogin)))
            await directory.SetAccountAsync(DemoSecondCouncil.SecretaryLogin, secondPassword, Roles.Secretary, DemoSecondCouncil.CouncilId);
        if (hall.DemoCouncils >= 2) await factors.SetDemoTotpAsync(DemoSecondCouncil.SecretaryLogin, Totp.FromBase32(seedText)!);
        if (string.IsNullOrEmpty(fromEnv) || string.IsNullOrEmpty(seedFromEnv))
        {
            await File.WriteAllLinesAsync(file, lines);
            Secrets.MakePrivate(file);
        }
        return (password, string.IsNullOrEmpty(seedFromEnv) ? seedText : null);
    }

    /// <summary>
    /// The demo's captioner (issue 14): a re-speaker or stenographer types captions at /{council}/captions and may do
    /// nothing else, so no second factor is required. The password is made once, kept in DATA_DIR/captioner.txt (0600).
    /// </summary>
    private async Task<string?> EnsureCaptionerAsync(HallOptions hall)
    {
        var file = Path.Combine(hall.DataDir, "captioner.txt");
        await using var ctx = await db.CreateDbContextAsync();
        if (await ctx.Accounts.AnyAsync(a => a.Login == CaptionerLogin) && File.Exists(file))
            return (await File.ReadAllLinesAsync(file)).FirstOrDefault(l => l.StartsWith("password: ", StringComparison.Ordinal))?["password: ".Length..];
        var password = Secrets.NewKey()[..12];
        await directory.SetAccountAsync(CaptionerLogin, password, Roles.Captioner, DemoCouncil.CouncilId);
        await File.WriteAllLinesAsync(file, [$"login: {CaptionerLogin}", $"password: {password}"]);
        Secrets.MakePrivate(file);
        return password;
    }

    private void Announce(string? password, string? seed, string? setupToken, List<string> councils)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = addresses.FirstOrDefault() ?? "http://127.0.0.1:5000";
        var hall = options.Value;
        // With the public relay on, the audience goes there (docs/hall-server.md "The public relay").
        var pub = hall.PublicRelay.Enabled ? hall.PublicRelay.Url!.TrimEnd('/') : url;
        Console.WriteLine();
        Console.WriteLine("Session: зал готовий / the hall is ready");
        if (setupToken is not null)
        {
            Console.WriteLine("  Перший запуск / first start: no account exists yet.");
            Console.WriteLine($"  Відкрийте / open {url}/admin and enter the one-time setup token: {setupToken}");
            Console.WriteLine($"  (also in {Path.Combine(hall.DataDir, "setup-token.txt")}; it stops working once the first admin account exists)");
        }
        foreach (var council in councils)
        {
            Console.WriteLine($"  Рада / council «{council}»:");
            Console.WriteLine($"    Публічна сторінка / public page:     {pub}/{council}/");
            Console.WriteLine($"    Секретар / secretary console:        {url}/{council}/chair");
            Console.WriteLine($"    Адміністрування / admin console:     {url}/{council}/admin");
            Console.WriteLine($"    Термінал депутата / deputy terminal: {url}/{council}/terminal");
            Console.WriteLine($"    Екран залу / hall screen:            {url}/{council}/hall");
            Console.WriteLine($"    Субтитри / caption console:          {url}/{council}/captions");
        }
        if (councils.Count == 1)
            Console.WriteLine($"  (one council: {url}/, {url}/chair, {url}/terminal, {url}/hall answer for it too)");
        if (tls.CaFingerprint is { } fingerprint)
        {
            Console.WriteLine($"  HTTPS: CA залу / hall CA SHA-256 {fingerprint}");
            Console.WriteLine($"    сертифікат / certificate: {url}{Tls.TlsApi.CaPath}; gateway.json \"hallCa\", broadcast --hall-ca (docs/security.md, HTTPS)");
        }
        if (!hall.Tls.AllowPlainHttp && Tls.PlainHttpGuard.HttpsPort(server) is null && addresses.Any(a => !IsLoopbackAddress(a)))
            Console.WriteLine("  Увага / note: інші комп'ютери отримають відмову без адреси https:// / other machines are refused until an https:// address is in --urls");
        Console.WriteLine($"  Відкриті дані / open data:           {pub}/opendata/  ·  API: {url}/openapi/v1.json");
        if (hall.PublicRelay.Enabled)
            Console.WriteLine($"  Публічний ретранслятор / public relay: {pub} (at most {hall.PublicRelay.MaxViewers} viewers; the hall's own /hubs/public keeps {hall.PublicRelay.HallViewers} for hall screens)");
        if (hall.Demo)
        {
            // How the demo's deputies identify (docs/api.md); printed as a rule, never as PINs.
            Console.WriteLine("  Депутати / deputies:                 на планшеті оберіть прізвище, потім PIN «20» + номер місця двома цифрами /");
            Console.WriteLine("                                       on a tablet pick the name, then the PIN «20» + the seat number in two digits");
        }
        if (hall.Demo)
            Console.WriteLine(password is not null
                ? $"  Вхід секретаря / secretary login:    {SecretaryLogin} / {password}  (also in {Path.Combine(hall.DataDir, "secretary.txt")})"
                : $"  Вхід секретаря / secretary login:    {SecretaryLogin} (password as set)");
        if (hall.Demo && hall.DemoCouncils >= 2)
            Console.WriteLine($"  Секретар «{DemoSecondCouncil.CouncilId}» / its secretary: {DemoSecondCouncil.SecretaryLogin}, the same password and second factor");
        if (hall.Demo && _captionerPassword is not null)
            Console.WriteLine($"  Субтитри / captioner login:          {CaptionerLogin} / {_captionerPassword}  (caption console only; in {Path.Combine(hall.DataDir, "captioner.txt")})");
        if (hall.Demo && seed is not null)
        {
            Console.WriteLine($"  Другий фактор / second factor (TOTP): seed {seed}");
            Console.WriteLine($"    add it to an authenticator app, or get a code with: oathtool --totp -b {seed}");
        }
        Console.WriteLine($"SESSION-READY {url}");
        Console.Out.Flush();
    }

    private static bool IsLoopbackAddress(string address) =>
        Microsoft.AspNetCore.Http.BindingAddress.Parse(address).Host is var host
        && (host == "localhost" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip)));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
