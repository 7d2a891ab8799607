using System.Globalization;

namespace Session.Broadcast.Recording;

/// <summary>
/// <c>Session.Broadcast archive-report --archive DIR [--recordings DIR] [--retention-years 5] [--delete-expired]</c>:
/// prints the report; with <c>--delete-expired</c> also removes what is past its retention, and says what it removed.
/// </summary>
public static class ArchiveReportCommand
{
    public const string Usage = "Session.Broadcast archive-report --archive DIR [--recordings DIR] [--retention-years 5] [--delete-expired]";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, TimeProvider clock)
    {
        string archive = "archive";
        string? recordings = null;
        int years = RecordingJoiner.DefaultRetentionYears;
        bool delete = false;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--delete-expired": delete = true; break;
                case "--archive" when i + 1 < args.Count: archive = args[++i]; break;
                case "--recordings" when i + 1 < args.Count: recordings = args[++i]; break;
                case "--retention-years" when i + 1 < args.Count
                    && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out years) && years >= RecordingJoiner.DefaultRetentionYears:
                    i++; break;
                default:
                    error.WriteLine($"error: {args[i]}: невідомий або хибний параметр (строк зберігання — не менше {RecordingJoiner.DefaultRetentionYears} років) / unknown or bad option (retention is at least {RecordingJoiner.DefaultRetentionYears} years)");
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        var now = clock.GetUtcNow();
        var items = ArchiveReport.List(Path.GetFullPath(archive), Path.GetFullPath(recordings ?? Path.Combine(archive, "recordings")), years);
        output.Write(ArchiveReport.Format(items, now));
        if (!delete) return 0;
        foreach (var removed in ArchiveReport.DeleteExpired(items, now))
            output.WriteLine($"видалено / deleted: {removed.Kind} {removed.Name} (keep until {removed.KeepUntil.UtcDateTime:yyyy-MM-dd})");
        return 0;
    }
}
