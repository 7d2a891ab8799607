namespace Session.Broadcast.Secrets;

/// <summary>A secret string (stream key, terminal key) whose <see cref="ToString"/> never shows it.</summary>
public sealed class Secret
{
    private readonly string value;

    public Secret(string value)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException("a secret cannot be empty", nameof(value));
        this.value = value;
    }

    public string Reveal() => value;

    public override string ToString() => SecretMasker.Mask;
}
