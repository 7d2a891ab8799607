using Session.Broadcast.Recording;
using Session.Broadcast.Tests.Support;

namespace Session.Broadcast.Tests.Recording;

public class ArchiveReportTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void The_report_lists_every_run_with_its_expiry_and_only_an_explicit_delete_removes_only_what_expired()
    {
        var dir = BroadcastRun.NewDir();
        try
        {
            var archive = Path.Combine(dir, "archive");
            Directory.CreateDirectory(archive);
            var now = new DateTimeOffset(2032, 3, 1, 9, 0, 0, TimeSpan.Zero);
            var old = ArchiveRun.Pattern(archive, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)).Replace("%05d", "00000");
            var recent = ArchiveRun.Pattern(archive, new DateTimeOffset(2028, 5, 4, 10, 0, 0, TimeSpan.Zero)).Replace("%05d", "00000");
            File.WriteAllBytes(old, new byte[1000]);
            File.WriteAllBytes(recent, new byte[1000]);

            var report = new StringWriter();
            Assert.Equal(0, ArchiveReportCommand.Run(["--archive", archive], report, TextWriter.Null, new FixedClock(now)));
            Assert.Contains("2031-11-23\tстрок минув / expired", report.ToString());
            Assert.Contains("2033-05-04\tзберігається / kept", report.ToString());
            Assert.True(File.Exists(old), "a report alone removes nothing");

            // Under the law's five years is refused outright.
            var error = new StringWriter();
            Assert.Equal(2, ArchiveReportCommand.Run(["--archive", archive, "--retention-years", "3", "--delete-expired"], TextWriter.Null, error, new FixedClock(now)));
            Assert.Contains("не менше 5 років", error.ToString());
            Assert.True(File.Exists(old));

            var deleted = new StringWriter();
            Assert.Equal(0, ArchiveReportCommand.Run(["--archive", archive, "--delete-expired"], deleted, TextWriter.Null, new FixedClock(now)));
            Assert.False(File.Exists(old));
            Assert.True(File.Exists(recent));
            Assert.Contains("deleted: segments archive-20261123-100000-000", deleted.ToString());
        }
        finally { Directory.Delete(dir, true); }
    }
}
