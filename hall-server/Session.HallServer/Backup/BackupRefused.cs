namespace Session.HallServer.Backup;

/// <summary>
/// A backup or restore that cannot go on, said in Ukrainian and English (the operator's words first). Thrown before
/// anything is written where it is asked for: no half archive, nothing in the restore folder.
/// </summary>
public sealed class BackupRefused(string code, string uk, string en) : Exception(en)
{
    public string Code { get; } = code;
    public string Uk { get; } = uk;
    public string En { get; } = en;

    public override string ToString() => $"Помилка: {Uk}\nError: {En}";
}
