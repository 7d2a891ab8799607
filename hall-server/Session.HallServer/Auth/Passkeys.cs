using System.Security.Cryptography;
using System.Text;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Session.HallServer.Hosting;
using Session.HallServer.Registry;
using Session.HallServer.Storage;

namespace Session.HallServer.Auth;

/// <summary>Passkeys (WebAuthn): the relying party's name, which must be a DNS name the devices open the hall by.</summary>
public sealed class PasskeyOptions
{
    /// <summary>
    /// The DNS name passkeys are bound to (<c>rada.example.gov.ua</c>); WebAuthn refuses IP addresses. Pages opened by
    /// any other host name get <c>passkey-wrong-host</c>. The demo's is <c>localhost</c>.
    /// </summary>
    public string RpId { get; set; } = "localhost";

    /// <summary>How long a device has to answer a passkey prompt.</summary>
    public TimeSpan CeremonyTimeout { get; set; } = TimeSpan.FromMinutes(3);
}

/// <summary>The host a ceremony runs for: the relying party and the page's origin, checked against the configuration.</summary>
public sealed record PasskeyHost(string RpId, string Origin);

/// <summary>A verified assertion: the credential that signed it and the proof the journal keeps (both hashed).</summary>
public sealed record PasskeyAssertion(string CredentialId, uint SignCount, string Proof);

/// <summary>
/// The WebAuthn ceremonies over Fido2 (docs/security.md "Remote sittings"): options out, a signed answer back,
/// verified against the challenge stored for it. Each challenge is a registry row deleted when answered, so it is
/// answered once on any node. The origin and the relying party come from configuration, never from the request alone:
/// a page served under another name cannot enrol or sign in.
/// </summary>
public sealed class Passkeys(IDbContextFactory<RegistryDb> db, IOptions<HallOptions> options, TimeProvider clock)
{
    private PasskeyOptions Settings => options.Value.Passkeys;

    /// <summary>The relying party for this request, or the refusal when the page was opened under another name.</summary>
    public PasskeyHost HostOf(HttpRequest request)
    {
        var rpId = Settings.RpId.Trim().ToLowerInvariant();
        var host = request.Host.Host.ToLowerInvariant();
        if (host != rpId && !host.EndsWith("." + rpId, StringComparison.Ordinal))
            throw WrongHost(rpId).Fail();
        return new PasskeyHost(rpId, $"{request.Scheme}://{request.Host.Value}".ToLowerInvariant());
    }

    public static RegistryError WrongHost(string rpId) => new("passkey-wrong-host",
        $"Ключі доступу працюють лише за адресою {rpId}: відкрийте сторінку за нею",
        $"Passkeys work only at {rpId}: open the page by that name", null, StatusCodes.Status400BadRequest);

    public static readonly RegistryError Refused = new("passkey-refused",
        "Ключ доступу не підтверджено: спробуйте ще раз на зареєстрованому пристрої",
        "The passkey was not verified: try again on the enrolled device", "credential", StatusCodes.Status401Unauthorized);

    public static readonly RegistryError Expired = new("passkey-expired",
        "Час на підтвердження ключа доступу минув: почніть знову", "The passkey prompt expired: start again", "challengeId", StatusCodes.Status400BadRequest);

    private Fido2 Fido(PasskeyHost host)
    {
        var origins = new HashSet<string>(options.Value.AllowedOrigins.Select(o => o.TrimEnd('/').ToLowerInvariant())) { host.Origin };
        return new Fido2(new Fido2Configuration
        {
            RPID = host.RpId,
            RPName = "Session",
            Origins = origins,
            Timeout = (uint)Settings.CeremonyTimeout.TotalMilliseconds,
        }, metadataService: null);
    }

    /// <summary>Starts an enrolment: a resident passkey that verifies its user (a PIN or a fingerprint on the device).</summary>
    public async Task<(string ChallengeId, CredentialCreateOptions Options)> BeginEnrolAsync(
        PasskeyHost host, string purpose, string subject, string userId, string userName, string displayName, IReadOnlyList<byte[]> exclude)
    {
        var created = Fido(host).RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = Encoding.UTF8.GetBytes(userId), Name = userName, DisplayName = displayName },
            ExcludeCredentials = exclude.Select(id => new PublicKeyCredentialDescriptor(id)).ToList(),
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Required,
                UserVerification = UserVerificationRequirement.Required,
            },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        return (await StoreAsync(purpose, subject, created.ToJson()), created);
    }

    /// <summary>Checks an enrolment's answer against its challenge; the registered credential, or a refusal.</summary>
    public async Task<RegisteredPublicKeyCredential> FinishEnrolAsync(PasskeyHost host, string? challengeId, string purpose, string subject,
        AuthenticatorAttestationRawResponse? response, Func<byte[], Task<bool>> unique)
    {
        var json = await TakeAsync(challengeId, purpose, subject);
        if (response?.Response is null) throw Refused.Fail();
        try
        {
            return await Fido(host).MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = CredentialCreateOptions.FromJson(json),
                IsCredentialIdUniqueToUserCallback = (p, _) => unique(p.CredentialId),
            });
        }
        catch (Exception ex) when (ex is Fido2VerificationException or FormatException or ArgumentException or InvalidOperationException or CryptographicException)
        {
            throw Refused.Fail();
        }
    }

    /// <summary>Starts a sign-in with any passkey of this host (discoverable): the device offers its own.</summary>
    public async Task<(string ChallengeId, AssertionOptions Options)> BeginSignInAsync(PasskeyHost host, string purpose, string subject)
    {
        var asked = Fido(host).GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [],
            UserVerification = UserVerificationRequirement.Required,
        });
        return (await StoreAsync(purpose, subject, asked.ToJson()), asked);
    }

    /// <summary>
    /// Checks a sign-in's answer: the credential must be one <paramref name="stored"/> knows, the signature its key's,
    /// the counter (where the device keeps one) higher than the last.
    /// </summary>
    public async Task<PasskeyAssertion> FinishSignInAsync(PasskeyHost host, string? challengeId, string purpose, string subject,
        AuthenticatorAssertionRawResponse? response, Func<string, Task<(byte[] PublicKey, uint SignCount, string UserId)?>> stored)
    {
        var json = await TakeAsync(challengeId, purpose, subject);
        if (response?.Response is null || response.RawId is not { Length: > 0 and <= 1024 }) throw Refused.Fail();
        var credentialId = Base64Url(response.RawId);
        if (await stored(credentialId) is not { } key) throw Refused.Fail();
        try
        {
            var verified = await Fido(host).MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = AssertionOptions.FromJson(json),
                StoredPublicKey = key.PublicKey,
                StoredSignatureCounter = key.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (p, _) => Task.FromResult(Encoding.UTF8.GetString(p.UserHandle) == key.UserId),
            });
            var signed = SHA256.HashData([.. response.Response.AuthenticatorData, .. response.Response.Signature]);
            var proof = $"passkey:{Convert.ToHexStringLower(SHA256.HashData(response.RawId))[..16]}:{Convert.ToHexStringLower(signed)[..32]}";
            return new PasskeyAssertion(credentialId, verified.SignCount, proof);
        }
        catch (Exception ex) when (ex is Fido2VerificationException or FormatException or ArgumentException or InvalidOperationException or CryptographicException)
        {
            throw Refused.Fail();
        }
    }

    /// <summary>A browser's credential JSON (<c>toJSON()</c>) as Fido2 reads it; null when it is not one.</summary>
    public static T? Read<T>(System.Text.Json.JsonElement? json) where T : class
    {
        if (json is not { ValueKind: System.Text.Json.JsonValueKind.Object } element) return null;
        try { return System.Text.Json.JsonSerializer.Deserialize<T>(element.GetRawText()); }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or NotSupportedException or InvalidOperationException) { return null; }
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<string> StoreAsync(string purpose, string subject, string optionsJson)
    {
        await using var ctx = await db.CreateDbContextAsync();
        var now = clock.GetUtcNow();
        // Unanswered ceremonies are dropped as new ones start: the table holds minutes of prompts, not history.
        var nowMs = now.ToUnixTimeMilliseconds();
        await ctx.PasskeyChallenges.Where(c => c.ExpiresAtUnixMs < nowMs).ExecuteDeleteAsync();
        var id = "pk-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        ctx.PasskeyChallenges.Add(new PasskeyChallengeEntity
        {
            Id = id, Purpose = purpose, Subject = subject, OptionsJson = optionsJson, ExpiresAtUnixMs = (now + Settings.CeremonyTimeout).ToUnixTimeMilliseconds(),
        });
        await ctx.SaveChangesAsync();
        return id;
    }

    /// <summary>The stored options of a ceremony, removed as they are read: a challenge is answered once.</summary>
    private async Task<string> TakeAsync(string? challengeId, string purpose, string subject)
    {
        if (string.IsNullOrEmpty(challengeId) || challengeId.Length > 64) throw Expired.Fail();
        await using var ctx = await db.CreateDbContextAsync();
        var row = await ctx.PasskeyChallenges.AsNoTracking().FirstOrDefaultAsync(c => c.Id == challengeId);
        if (row is null || row.Purpose != purpose || row.Subject != subject || row.ExpiresAtUnixMs < clock.GetUtcNow().ToUnixTimeMilliseconds()) throw Expired.Fail();
        if (await ctx.PasskeyChallenges.Where(c => c.Id == challengeId).ExecuteDeleteAsync() != 1) throw Expired.Fail();
        return row.OptionsJson;
    }
}
