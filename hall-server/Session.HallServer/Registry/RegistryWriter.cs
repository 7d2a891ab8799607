using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Session.HallServer.Storage;

namespace Session.HallServer.Registry;

/// <summary>
/// Every registry change goes through here: one transaction holding the change and its audit record, so a refused
/// change leaves neither. Changes are serialized (they are rare; the hash chain needs one order).
/// The audit chain: <c>hash = SHA-256(prevHash ‖ line)</c>, genesis <c>SHA-256("registry:" + council)</c>.
/// </summary>
public sealed class RegistryWriter(IDbContextFactory<RegistryDb> db, TimeProvider clock, ILogger<RegistryWriter> log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<T> WriteAsync<T>(string council, Actor actor, string action, string subject, Func<RegistryDb, Task<T>> change, Func<T, object?>? data = null)
    {
        await _gate.WaitAsync();
        try
        {
            await using var ctx = await db.CreateDbContextAsync();
            await using var tx = await ctx.Database.BeginTransactionAsync();
            var result = await change(ctx);
            await ctx.SaveChangesAsync();
            await AppendAsync(ctx, council, actor, action, subject, data?.Invoke(result));
            await tx.CommitAsync();
            log.LogInformation("Registry of {Council}: {Action} {Subject} by {Actor}", council, action, subject, actor.Login);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public static string Genesis(string council) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("registry:" + council)));

    /// <summary>The hashed line. Records made before the user agent was kept have none, and their line is as it was.</summary>
    public static string LineOf(AuditEntity a) => a.UserAgent.Length == 0
        ? JsonSerializer.Serialize(new
        {
            seq = a.Seq, at = a.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), actor = a.Actor, address = a.Address,
            action = a.Action, subject = a.Subject, data = a.Data,
        })
        : JsonSerializer.Serialize(new
        {
            seq = a.Seq, at = a.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), actor = a.Actor, address = a.Address,
            userAgent = a.UserAgent, action = a.Action, subject = a.Subject, data = a.Data,
        });

    /// <summary>An event with no registry change (a login, a refused login): only its audit record.</summary>
    public Task RecordAsync(string council, Actor actor, string action, string subject, object? data = null) =>
        WriteAsync(council, actor, action, subject, _ => Task.FromResult(true), _ => data);

    public static string HashOf(string prevHash, string line)
    {
        var bytes = Convert.FromHexString(prevHash).Concat(Encoding.UTF8.GetBytes(line)).ToArray();
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private async Task AppendAsync(RegistryDb ctx, string council, Actor actor, string action, string subject, object? data)
    {
        var last = await ctx.Audit.AsNoTracking().Where(a => a.CouncilId == council).OrderByDescending(a => a.Seq).FirstOrDefaultAsync();
        var entry = new AuditEntity
        {
            CouncilId = council, Seq = (last?.Seq ?? 0) + 1, At = clock.GetUtcNow(), Actor = actor.Login, Address = actor.Address,
            UserAgent = actor.UserAgent, Action = action, Subject = subject, Data = data is null ? "{}" : JsonSerializer.Serialize(data, JsonSerializerOptions.Web), Hash = "",
        };
        entry.Hash = HashOf(last?.Hash ?? Genesis(council), LineOf(entry));
        ctx.Audit.Add(entry);
        await ctx.SaveChangesAsync();
    }

    /// <summary>Checks a council's audit chain; returns the first bad sequence number, or null when it holds.</summary>
    public async Task<long?> VerifyAsync(string council)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var prev = Genesis(council);
        foreach (var a in await ctx.Audit.AsNoTracking().Where(a => a.CouncilId == council).OrderBy(a => a.Seq).ToListAsync())
        {
            if (HashOf(prev, LineOf(a)) != a.Hash) return a.Seq;
            prev = a.Hash;
        }
        return null;
    }
}
