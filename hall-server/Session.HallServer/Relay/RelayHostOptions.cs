namespace Session.HallServer.Relay;

/// <summary>The relay verb's own arguments: <c>relay --hall URL [--parent PID]</c> (section "Relay").</summary>
public sealed class RelayHostOptions
{
    /// <summary>The hall server the relay subscribes to (its loopback address on one machine).</summary>
    public string Hall { get; set; } = "";

    /// <summary>The hall's process id when the hall started the relay: the relay stops when it is gone.</summary>
    public int? ParentPid { get; set; }

    public Uri HallUri => new(Hall.TrimEnd('/') + "/");

    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(Hall, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
            yield return $"--hall: «{Hall}» is not the hall server's address (http://127.0.0.1:5000) / --hall має бути адресою сервера залу";
    }
}
