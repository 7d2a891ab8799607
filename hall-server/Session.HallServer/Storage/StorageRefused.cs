namespace Session.HallServer.Storage;

/// <summary>
/// The storage configuration cannot be used (an unknown <c>Hall:Storage</c>, a PostgreSQL that is unreachable or refuses
/// the login): the server does not start, and says why in Ukrainian and English. Never carries a password.
/// </summary>
public sealed class StorageRefused(string uk, string en) : Exception(en)
{
    public string Uk { get; } = uk;
    public string En { get; } = en;

    public const int ExitCode = 3;

    public override string ToString() => $"Помилка сховища: {Uk}\nStorage error: {En}";
}
