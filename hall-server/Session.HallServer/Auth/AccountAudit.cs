using Session.HallServer.Registry;

namespace Session.HallServer.Auth;

/// <summary>
/// Account events in the registry's audit chain (docs/security.md "Audit"): logins and refusals, second-factor
/// enrolment, removal and recovery-code use, password change and reset, disable, enable and role change. An event of
/// an account of a council goes into that council's chain; of the host's admin, or of a login that names no account,
/// into the host's chain <see cref="HostChain"/> (readable by the host's admin at <c>/api/audit</c>).
/// </summary>
public sealed class AccountAudit(RegistryWriter writer)
{
    /// <summary>Not a council id (those have no '_'), so it never meets a council's chain.</summary>
    public const string HostChain = "_host";

    public Task RecordAsync(string? council, Actor actor, string action, string subject, object? data = null) =>
        writer.RecordAsync(council ?? HostChain, actor, action, subject, data);

    /// <summary>The caller as the chain records it: the login acting (bounded), the address and the user agent (at most 200 characters).</summary>
    public static Actor ActorOf(HttpContext http, string login) => RegistryAccess.ActorOf(http) with { Login = login.Length > 64 ? login[..64] : login };
}
