namespace Session.HallServer.Backup;

/// <summary>
/// The command-line tools <c>backup --data-dir DIR --to FILE</c> and <c>restore FILE --data-dir NEW</c>: they run and
/// exit without starting Kestrel or Orleans. Exit codes: 0 done, 1 refused (the reason in Ukrainian and English),
/// 2 bad arguments (with the usage).
/// </summary>
public static class BackupCommand
{
    public const int Done = 0;
    public const int Refused = 1;
    public const int BadArguments = 2;

    public const string Usage = """
        Використання / usage:
          Session.HallServer backup --data-dir DIR --to FILE.tar.gz
              онлайн-копія теки даних (можна під час засідання) / an online copy of the data dir (safe while a sitting runs)
          Session.HallServer restore FILE.tar.gz --data-dir NEW
              відновлення в нову або порожню теку / restore into a new or empty folder
        """;

    public static int Run(string verb, string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Parse(verb, args);
        if (parsed.Problem is { } problem)
        {
            error.WriteLine($"Помилка: {problem.Uk}\nError: {problem.En}\n");
            error.WriteLine(Usage);
            return BadArguments;
        }
        try
        {
            if (verb == "backup")
            {
                var r = BackupWriter.Create(parsed.DataDir!, parsed.File!);
                output.WriteLine($"Копію створено / backup written: {r.Archive}");
                output.WriteLine($"  {r.Manifest.Files.Count} files, {r.Bytes} bytes, {(long)r.Took.TotalMilliseconds} ms");
                foreach (var j in r.Manifest.Journals)
                    output.WriteLine($"  journal {j.SittingId}: {j.Events} events, chain intact, head {j.LastHash}");
                output.WriteLine("  Копія містить ключі: шифруйте її перед тим, як винести з машини / the backup holds keys: encrypt it before it leaves the machine");
            }
            else
            {
                var r = BackupRestorer.Restore(parsed.File!, parsed.DataDir!);
                output.WriteLine($"Відновлено / restored into {r.DataDir}: {r.Manifest.Files.Count} files, every SHA-256 matches the manifest of {r.Manifest.CreatedAt:O}");
            }
            return Done;
        }
        catch (BackupRefused ex)
        {
            error.WriteLine(ex.ToString());
            return Refused;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            error.WriteLine($"Помилка: не вдалося ({ex.GetType().Name}): {ex.Message}\nError: failed ({ex.GetType().Name}): {ex.Message}");
            return Refused;
        }
    }

    private sealed record Parsed(string? DataDir, string? File, (string Uk, string En)? Problem);

    private static Parsed Parse(string verb, string[] args)
    {
        if (verb is not ("backup" or "restore")) return Bad($"невідома команда «{verb}»", $"unknown command '{verb}'");
        string? dataDir = null, to = null, positional = null;
        for (int i = 0; i < args.Length; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, v) : (args[i], (string?)null);
            if (name is "--data-dir" or "--to")
            {
                var value = inline ?? (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
                if (string.IsNullOrWhiteSpace(value)) return Bad($"після {name} потрібне значення", $"{name} needs a value");
                if ((name == "--data-dir" ? dataDir : to) is not null) return Bad($"{name} задано двічі", $"{name} is given twice");
                if (name == "--data-dir") dataDir = value; else to = value;
            }
            else if (name.StartsWith('-')) return Bad($"невідомий параметр {name}", $"unknown option {name}");
            else if (positional is null) positional = name;
            else return Bad($"зайвий аргумент «{name}»", $"unexpected argument '{name}'");
        }
        if (verb == "backup")
        {
            if (positional is not null) return Bad($"зайвий аргумент «{positional}» (куди писати — через --to)", $"unexpected argument '{positional}' (say where with --to)");
            if (dataDir is null) return Bad("не вказано --data-dir", "--data-dir is missing");
            if (to is null) return Bad("не вказано --to FILE", "--to FILE is missing");
            return new Parsed(dataDir, to, null);
        }
        if (to is not null) return Bad("--to не застосовується до restore", "--to does not apply to restore");
        if (positional is null) return Bad("не вказано файл копії", "the backup FILE is missing");
        if (dataDir is null) return Bad("не вказано --data-dir NEW", "--data-dir NEW is missing");
        return new Parsed(dataDir, positional, null);

        static Parsed Bad(string uk, string en) => new(null, null, (uk, en));
    }
}
