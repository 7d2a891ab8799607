using System.Security.Cryptography;
using System.Text.Json;
using Fido2NetLib;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Session.Core.Council;
using Session.Core.Sittings;
using Session.HallServer.Auth;
using Session.HallServer.Hosting;
using Session.HallServer.Hubs;
using Session.HallServer.Registry;
using Session.HallServer.Sittings;
using Session.HallServer.Storage;
using static Session.HallServer.Registry.RegistryAccess;

namespace Session.HallServer.Api;

public sealed record EnrolmentCodeReply(string Code, DateTimeOffset ExpiresAt, string Url);

public sealed record DeviceDto(string Id, string Label, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

public sealed record EnrolOptionsRequest(string? Code);

/// <summary><see cref="Options"/>: WebAuthn's JSON, as <c>PublicKeyCredential.parseCreationOptionsFromJSON</c> reads it.</summary>
public sealed record EnrolOptionsReply(string ChallengeId, JsonElement Options, string DeputyName);

/// <summary><see cref="Credential"/>: the browser's <c>PublicKeyCredential.toJSON()</c>.</summary>
public sealed record EnrolRequest(string? Code, string? ChallengeId, string? Label, JsonElement? Credential);

public sealed record EnrolReply(string DeviceId, string DeputyName);

public sealed record SignInOptionsReply(string ChallengeId, JsonElement Options);

public sealed record SignInRequest(string? ChallengeId, JsonElement? Credential, string? Pin);

/// <summary>A remote sign-in's answer: a terminal key for the deputy's remote place in the open sitting, already identified.</summary>
public sealed record SignInReply(string TerminalKey, int Seat, string SittingId, string DeputyId, string DeputyName);

/// <summary>
/// Remote sittings (docs/security.md "Remote sittings"): the admin gives a deputy a one-time code; the deputy enrols a
/// device's passkey with it; in a mixed or remote sitting the device signs in with that passkey and the deputy's PIN
/// and gets a terminal key for the deputy's remote place, identified with the passkey's proof — which every cast from
/// that place then carries in the journal.
/// </summary>
public static class RemoteApi
{
    public const string EnrolPurpose = "device-enrol";
    public const string SignInPurpose = "remote-sign-in";
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromHours(72);

    private static readonly RegistryError CodeInvalid = new("enrolment-code-invalid",
        "Код реєстрації пристрою неправильний, уже використаний або прострочений: попросіть в адміністратора ради новий",
        "The device enrolment code is wrong, used or expired: ask the council's admin for a new one", "code", StatusCodes.Status400BadRequest);

    private static readonly RegistryError NoRemoteSitting = new("no-remote-sitting",
        "Зараз немає відкритого засідання з дистанційною участю", "No open sitting allows remote participation now", null, StatusCodes.Status409Conflict);

    public static void MapRemoteApi(this WebApplication app)
    {
        var council = app.MapGroup("/api/councils/{council}/deputies/{deputyId}").WithRegistryErrors();

        council.MapPost("/remote-enrolment", async (string council, string deputyId, HttpContext http, RegistryWriter writer, Secrets secrets, TimeProvider clock) =>
        {
            var code = RecoveryCodes.New();
            var expires = clock.GetUtcNow() + CodeLifetime;
            await writer.WriteAsync(council, ActorOf(http), "device.enrolment-code", deputyId, async ctx =>
            {
                if (!await ctx.Deputies.AnyAsync(d => d.Id == deputyId && d.CouncilId == council)) throw Refuse.NotFound("депутат", deputyId);
                // A new code replaces the deputy's unused ones: only the last one handed over works.
                await ctx.DeviceEnrolments.Where(e => e.CouncilId == council && e.DeputyId == deputyId && e.UsedAt == null).ExecuteDeleteAsync();
                ctx.DeviceEnrolments.Add(new DeviceEnrolmentEntity { CodeHash = CodeHash(secrets, code), CouncilId = council, DeputyId = deputyId, ExpiresAt = expires });
                return true;
            }, _ => new { expiresAt = expires });
            return TypedResults.Ok(new EnrolmentCodeReply(code, expires, $"/{council}/remote"));
        }).Require(Level.Staff).WithName("IssueDeviceEnrolmentCode");

        council.MapGet("/remote-devices", async (string council, string deputyId, IDbContextFactory<RegistryDb> db) =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            var rows = await ctx.DeputyDevices.AsNoTracking().Where(d => d.CouncilId == council && d.DeputyId == deputyId).ToListAsync();
            return TypedResults.Ok(rows.OrderBy(d => d.CreatedAt).Select(d => new DeviceDto(d.Id, d.Label, d.CreatedAt, d.LastUsedAt, d.RevokedAt)).ToArray());
        }).Require(Level.Staff).WithName("ListDeputyDevices");

        council.MapDelete("/remote-devices/{deviceId}", async Task<Results<NoContent, NotFound>> (string council, string deputyId, string deviceId,
            HttpContext http, RegistryWriter writer, HallDirectory directory, TerminalConnections connections, TimeProvider clock) =>
        {
            var revoked = await writer.WriteAsync(council, ActorOf(http), "device.revoke", deputyId, async ctx =>
            {
                var device = await ctx.DeputyDevices.FirstOrDefaultAsync(d => d.Id == deviceId && d.CouncilId == council && d.DeputyId == deputyId && d.RevokedAt == null);
                if (device is null) return false;
                device.RevokedAt = clock.GetUtcNow();
                return true;
            }, _ => new { device = deviceId });
            if (!revoked) return TypedResults.NotFound();
            // Its remote place's key stops working and its open connection closes now.
            foreach (var terminalId in await directory.RevokeRemoteTerminalsAsync(council, RemoteTerminalLabel(deviceId)))
                connections.Close(terminalId, "its device was revoked");
            return TypedResults.NoContent();
        }).Require(Level.Staff).WithName("RevokeDeputyDevice");

        var remote = app.MapGroup("/api/remote").WithRegistryErrors();

        remote.MapPost("/enrol/options", async (EnrolOptionsRequest? r, HttpContext http, Passkeys passkeys, Secrets secrets, IDbContextFactory<RegistryDb> db, TimeProvider clock) =>
        {
            var host = passkeys.HostOf(http.Request);
            var (enrolment, deputy) = await EnrolmentAsync(db, secrets, clock, r?.Code);
            await using var ctx = await db.CreateDbContextAsync();
            var existing = await ctx.DeputyDevices.AsNoTracking().Where(d => d.CouncilId == deputy.CouncilId && d.DeputyId == deputy.Id && d.RevokedAt == null)
                .Select(d => d.CredentialId).ToListAsync();
            var (challengeId, options) = await passkeys.BeginEnrolAsync(host, EnrolPurpose, enrolment.CodeHash, deputy.Id,
                $"{deputy.CouncilId}/{deputy.Id}", deputy.FullName, existing.Select(FromBase64Url).ToList());
            return TypedResults.Ok(new EnrolOptionsReply(challengeId, Json(options.ToJson()), deputy.FullName));
        }).RequireRateLimiting(RateLimits.RemotePolicy).WithName("RemoteEnrolOptions");

        remote.MapPost("/enrol", async (EnrolRequest? r, HttpContext http, Passkeys passkeys, Secrets secrets, IDbContextFactory<RegistryDb> db,
            RegistryWriter writer, TimeProvider clock) =>
        {
            var host = passkeys.HostOf(http.Request);
            var label = Check.Optional(r?.Label, "label", "Назва пристрою", "Device name", 60) ?? "";
            var (enrolment, deputy) = await EnrolmentAsync(db, secrets, clock, r?.Code);
            var credential = await passkeys.FinishEnrolAsync(host, r?.ChallengeId, EnrolPurpose, enrolment.CodeHash, Passkeys.Read<AuthenticatorAttestationRawResponse>(r?.Credential), async id =>
            {
                await using var ctx = await db.CreateDbContextAsync();
                var text = Passkeys.Base64Url(id);
                return !await ctx.DeputyDevices.AnyAsync(d => d.CredentialId == text);
            });
            var actor = ActorOf(http) with { Login = "deputy:" + deputy.Id };
            var deviceId = await writer.WriteAsync(deputy.CouncilId, actor, "device.enrol", deputy.Id, async ctx =>
            {
                // The code is spent in the same transaction that stores the device: two answers cannot both enrol.
                var code = await ctx.DeviceEnrolments.FirstOrDefaultAsync(e => e.CodeHash == enrolment.CodeHash && e.UsedAt == null);
                if (code is null) throw CodeInvalid.Fail();
                code.UsedAt = clock.GetUtcNow();
                var device = new DeputyDeviceEntity
                {
                    Id = "dev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
                    CouncilId = deputy.CouncilId, DeputyId = deputy.Id, CredentialId = Passkeys.Base64Url(credential.Id), PublicKey = credential.PublicKey,
                    SignCount = credential.SignCount, Label = label, CreatedAt = clock.GetUtcNow(),
                };
                ctx.DeputyDevices.Add(device);
                return device.Id;
            }, id => new { device = id, label });
            return TypedResults.Ok(new EnrolReply(deviceId, deputy.FullName));
        }).RequireRateLimiting(RateLimits.RemotePolicy).WithName("RemoteEnrol");

        remote.MapPost("/sign-in/options", async (HttpContext http, Passkeys passkeys) =>
        {
            var (challengeId, options) = await passkeys.BeginSignInAsync(passkeys.HostOf(http.Request), SignInPurpose, "");
            return TypedResults.Ok(new SignInOptionsReply(challengeId, Json(options.ToJson())));
        }).RequireRateLimiting(RateLimits.RemotePolicy).WithName("RemoteSignInOptions");

        remote.MapPost("/sign-in", SignInAsync).RequireRateLimiting(RateLimits.RemotePolicy).WithName("RemoteSignIn");
    }

    private static async Task<Results<Ok<SignInReply>, ProblemHttpResult>> SignInAsync(SignInRequest? r, HttpContext http, Passkeys passkeys,
        IDbContextFactory<RegistryDb> db, HallDirectory directory, CurrentSitting current, PinGate pins, RegistryWriter writer, TimeProvider clock, ILoggerFactory logs)
    {
        if (r?.Pin is not { Length: > 0 and <= 32 } pin) return Problems.Of(new RegistryError("required", "Введіть PIN", "Enter the PIN", "pin"));
        var host = passkeys.HostOf(http.Request);
        DeputyDeviceEntity? device = null;
        var assertion = await passkeys.FinishSignInAsync(host, r.ChallengeId, SignInPurpose, "", Passkeys.Read<AuthenticatorAssertionRawResponse>(r.Credential), async credentialId =>
        {
            await using var ctx = await db.CreateDbContextAsync();
            device = await ctx.DeputyDevices.AsNoTracking().FirstOrDefaultAsync(d => d.CredentialId == credentialId && d.RevokedAt == null);
            return device is null ? null : (device.PublicKey, (uint)device.SignCount, device.DeputyId);
        });
        var dev = device!;
        var actor = ActorOf(http) with { Login = "deputy:" + dev.DeputyId };
        await using (var ctx = await db.CreateDbContextAsync())
            await ctx.DeputyDevices.Where(d => d.Id == dev.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.SignCount, (long)assertion.SignCount).SetProperty(d => d.LastUsedAt, clock.GetUtcNow()));

        var sitting = (await directory.OpenSittingsAsync(dev.CouncilId)).FirstOrDefault(s => SittingModes.AllowsRemote(s.Mode));
        if (sitting is null || await current.GrainAsync(sitting.HallId) is not { } grain || await grain.View() is null) return Problems.Of(NoRemoteSitting);

        // The PIN with the passkey's deputy, under the same holds as at a hall seat; the device counts as the terminal.
        var asTerminal = new Terminal("device:" + dev.Id, TerminalKinds.Remote, [], dev.Label, dev.CouncilId, sitting.HallId);
        var view = (await grain.View())!;
        var seat = await grain.RemoteSeatOf(dev.DeputyId);
        if (seat is null) return Problems.Of(NoRemoteSitting with { Uk = "Депутата немає у складі цього засідання", En = "The deputy is not on this sitting's roster" });
        var verdict = await pins.CheckAsync(asTerminal, seat.Value, dev.DeputyId, pin);
        if (verdict.Refusal is { } refusal)
        {
            await writer.WriteAsync(dev.CouncilId, actor, "remote.sign-in-failure", dev.DeputyId, _ => Task.FromResult(true), _ => new { device = dev.Id, reason = refusal.Code });
            if (verdict.RetryAfter is { } wait) http.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Of(new RegistryError(refusal.Code, refusal.Uk, refusal.En, "pin",
                verdict.RetryAfter is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status429TooManyRequests));
        }

        // One live key per device: a new sign-in ends the device's earlier one.
        var label = RemoteTerminalLabel(dev.Id);
        foreach (var old in await directory.RevokeRemoteTerminalsAsync(dev.CouncilId, label))
            http.RequestServices.GetRequiredService<TerminalConnections>().Close(old, "the device signed in again");
        var (terminal, key) = await directory.IssueTerminalAsync(dev.CouncilId, sitting.HallId, TerminalKinds.Remote, [seat.Value], label);
        var commandId = "remote-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var result = await grain.Execute(new Identify(seat.Value, dev.DeputyId, "passkey+pin", assertion.Proof) { CommandId = commandId });
        if (!result.Accepted)
        {
            await directory.RevokeTerminalAsync(dev.CouncilId, terminal.Id);
            return Problems.Of(new RegistryError(result.Code ?? "refused", result.Uk ?? "", result.En ?? "", null, StatusCodes.Status409Conflict));
        }
        await writer.WriteAsync(dev.CouncilId, actor, "remote.sign-in", dev.DeputyId, _ => Task.FromResult(true),
            _ => new { device = dev.Id, sitting = sitting.Id, seat = seat.Value, proof = assertion.Proof });
        logs.CreateLogger(typeof(RemoteApi)).LogInformation("Remote sign-in of deputy {Deputy} on device {Device} for sitting {Sitting}, place {Seat}",
            dev.DeputyId, dev.Id, sitting.Id, seat.Value);
        var name = view.Deputies.FirstOrDefault(d => d.Id == dev.DeputyId)?.Name ?? dev.DeputyId;
        return TypedResults.Ok(new SignInReply(key, seat.Value, sitting.Id, dev.DeputyId, name));
    }

    /// <summary>The label a device's remote terminal carries, so that revoking the device finds it.</summary>
    public static string RemoteTerminalLabel(string deviceId) => "remote " + deviceId;

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string CodeHash(Secrets secrets, string code) => secrets.Hmac("device-enrolment", RecoveryCodes.Normalize(code));

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    private static async Task<(DeviceEnrolmentEntity Enrolment, DeputyEntity Deputy)> EnrolmentAsync(
        IDbContextFactory<RegistryDb> db, Secrets secrets, TimeProvider clock, string? code)
    {
        if (!RecoveryCodes.LooksLikeCode(code)) throw CodeInvalid.Fail();
        await using var ctx = await db.CreateDbContextAsync();
        var hash = CodeHash(secrets, code!);
        var enrolment = await ctx.DeviceEnrolments.AsNoTracking().FirstOrDefaultAsync(e => e.CodeHash == hash);
        if (enrolment is null || enrolment.UsedAt is not null || enrolment.ExpiresAt < clock.GetUtcNow()) throw CodeInvalid.Fail();
        var deputy = await ctx.Deputies.AsNoTracking().FirstOrDefaultAsync(d => d.Id == enrolment.DeputyId && d.CouncilId == enrolment.CouncilId);
        return deputy is null ? throw CodeInvalid.Fail() : (enrolment, deputy);
    }
}
