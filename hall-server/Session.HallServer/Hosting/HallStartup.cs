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
/// Start-up, in order: migrate the registry; read and check every sitting's journal (a bad event stops the server,
/// naming it — nothing is truncated or skipped); make sure the secretary account exists; seed the demo; activate the
/// open sittings so their timers run again; and when Kestrel listens, print where to go.
/// </summary>
public sealed class HallStartup(
    IOptions<HallOptions> options,
    IDbContextFactory<RegistryDb> db,
    JournalStore journal,
    HallDirectory directory,
    DemoCouncil demo,
    CurrentSitting current,
    Publishing.OpenDataPublisher publisher,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<HallStartup> log) : IHostedService
{
    public const string SecretaryLogin = "secretar";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var hall = options.Value;
        await using (var ctx = await db.CreateDbContextAsync(cancellationToken))
            await ctx.Database.MigrateAsync(cancellationToken);

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
                    sittingId, journal.Path, ex.Seq, ex.Problem);
                throw new InvalidOperationException($"journal of sitting {sittingId}: event {ex.Seq} is bad: {ex.Problem}", ex);
            }
        }

        var password = await EnsureSecretaryAsync(hall);
        if (hall.Demo) await demo.SeedAsync(cancellationToken);

        foreach (var s in (await directory.SittingsAsync()).Where(s => s.Status == "open"))
            await current.Grain(s.Id).View();
        // A publication interrupted by a crash is made again from the journal.
        foreach (var sittingId in journal.SittingIds()) publisher.Enqueue(sittingId);

        lifetime.ApplicationStarted.Register(() => Announce(password));
    }

    private async Task<string?> EnsureSecretaryAsync(HallOptions hall)
    {
        var fromEnv = Environment.GetEnvironmentVariable("SESSION_SECRETARY_PASSWORD");
        var file = Path.Combine(hall.DataDir, "secretary.txt");
        await using var ctx = await db.CreateDbContextAsync();
        bool exists = await ctx.Accounts.AnyAsync(a => a.Login == SecretaryLogin);
        if (!string.IsNullOrEmpty(fromEnv))
        {
            await directory.SetAccountAsync(SecretaryLogin, fromEnv, TokenAuthentication.SecretaryRole);
            return null;
        }
        if (exists) return File.Exists(file) ? ReadPassword(file) : null;
        var generated = Secrets.NewKey()[..12];
        await directory.SetAccountAsync(SecretaryLogin, generated, TokenAuthentication.SecretaryRole);
        await File.WriteAllTextAsync(file, $"login: {SecretaryLogin}\npassword: {generated}\n");
        Secrets.MakePrivate(file);
        return generated;
    }

    private static string? ReadPassword(string file) =>
        File.ReadLines(file).FirstOrDefault(l => l.StartsWith("password: ", StringComparison.Ordinal))?["password: ".Length..];

    private void Announce(string? password)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = addresses.FirstOrDefault() ?? "http://127.0.0.1:5000";
        var hall = options.Value;
        Console.WriteLine();
        Console.WriteLine("Session: зал готовий / the hall is ready");
        Console.WriteLine($"  Публічна сторінка / public page:     {url}/");
        Console.WriteLine($"  Секретар / secretary console:        {url}/chair");
        Console.WriteLine($"  Термінал депутата / deputy terminal: {url}/terminal");
        Console.WriteLine($"  Екран залу / hall screen:            {url}/hall");
        Console.WriteLine($"  Відкриті дані / open data:           {url}/opendata/  ·  API: {url}/openapi/v1.json");
        Console.WriteLine(password is not null
            ? $"  Вхід секретаря / secretary login:    {SecretaryLogin} / {password}  (also in {Path.Combine(hall.DataDir, "secretary.txt")})"
            : $"  Вхід секретаря / secretary login:    {SecretaryLogin} (password as set)");
        Console.WriteLine($"SESSION-READY {url}");
        Console.Out.Flush();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
