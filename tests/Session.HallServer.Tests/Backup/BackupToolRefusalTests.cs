using System.Text;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Backup;

/// <summary>One real data dir and its backup, made once for the refusal tests.</summary>
public sealed class BackedUpHall : IAsyncLifetime
{
    public string Work { get; private set; } = "";
    public string DataDir => Path.Combine(Work, "data");
    public string Archive => Path.Combine(Work, "good.tar.gz");

    public async Task InitializeAsync()
    {
        Work = Directory.CreateTempSubdirectory("session-backup-refusals-").FullName;
        await using (var hall = await HallServerProcess.StartAsync(new HallServerStartOptions { DataDir = DataDir })) { }
        var run = await HallTool.RunAsync("backup", "--data-dir", DataDir, "--to", Archive);
        if (run.ExitCode != 0) throw new InvalidOperationException(run.All);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Work, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>Every bad input to <c>backup</c> and <c>restore</c>: a clear Ukrainian and English message, a non-zero exit, nothing written.</summary>
public sealed class BackupToolRefusalTests(BackedUpHall fixture) : IClassFixture<BackedUpHall>
{
    private static readonly string Garbage = "not a backup at all";

    [Theory]
    [InlineData("changed-byte")]
    [InlineData("extra-file")]
    [InlineData("missing-file")]
    [InlineData("path-escape")]
    [InlineData("no-manifest")]
    [InlineData("not-an-archive")]
    public async Task Restore_refuses_an_archive_that_does_not_match_its_manifest_and_writes_nothing(string damage)
    {
        var place = Directory.CreateTempSubdirectory("session-restore-bad-").FullName;
        try
        {
            var entries = BackupArchives.Entries(fixture.Archive);
            var bad = Path.Combine(place, "bad.tar.gz");
            switch (damage)
            {
                case "changed-byte":
                    var i = entries.FindIndex(e => e.Name == "journal.db");
                    var bytes = entries[i].Bytes.ToArray();
                    bytes[bytes.Length / 2] ^= 0x01;
                    entries[i] = ("journal.db", bytes);
                    BackupArchives.Write(bad, entries);
                    break;
                case "extra-file":
                    BackupArchives.Write(bad, [.. entries, ("opendata/extra.csv", Encoding.UTF8.GetBytes("a,b\n"))]);
                    break;
                case "missing-file":
                    BackupArchives.Write(bad, entries.Where(e => e.Name != "registry.db"));
                    break;
                case "path-escape":
                    BackupArchives.Write(bad, [.. entries, ("../escaped.key", Encoding.UTF8.GetBytes("x"))]);
                    break;
                case "no-manifest":
                    BackupArchives.Write(bad, entries.Where(e => e.Name != "manifest.json"));
                    break;
                default:
                    await File.WriteAllTextAsync(bad, Garbage);
                    break;
            }
            var target = Path.Combine(place, "restored");

            var run = await HallTool.RunAsync("restore", bad, "--data-dir", target);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("Помилка:", run.Error);
            Assert.Contains("Error:", run.Error);
            Assert.Contains(damage switch
            {
                "changed-byte" => "journal.db: SHA-256 does not match the manifest",
                "extra-file" => "opendata/extra.csv: not in the manifest",
                "missing-file" => "registry.db: missing from the archive",
                "path-escape" => "leads outside the data dir",
                "no-manifest" => "there is no manifest.json",
                _ => "the archive is damaged",
            }, run.Error);
            Assert.False(Directory.Exists(target), "nothing was restored");
            Assert.False(File.Exists(Path.Combine(place, "escaped.key")));
            BackupArchives.NoLeftovers(place);
        }
        finally
        {
            Directory.Delete(place, recursive: true);
        }
    }

    [Fact]
    public async Task Restore_refuses_a_folder_that_is_not_empty_and_leaves_it_as_it_was()
    {
        var target = Directory.CreateTempSubdirectory("session-restore-full-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(target, "keep.txt"), "mine");

            var run = await HallTool.RunAsync("restore", fixture.Archive, "--data-dir", target);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("не порожня", run.Error);
            Assert.Contains("is not empty", run.Error);
            Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
            Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(target, "keep.txt")));
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public async Task Restore_into_an_empty_folder_puts_back_every_file_with_keys_private()
    {
        var target = Directory.CreateTempSubdirectory("session-restore-empty-").FullName;
        try
        {
            var run = await HallTool.RunAsync("restore", fixture.Archive, "--data-dir", target);

            Assert.True(run.ExitCode == 0, run.All);
            foreach (var (name, bytes) in BackupArchives.Entries(fixture.Archive).Where(e => e.Name != "manifest.json"))
                Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(target, name)));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(target, "hall.key")));
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public async Task Backup_refuses_to_overwrite_an_existing_file_or_to_copy_a_folder_that_is_not_a_data_dir()
    {
        var place = Directory.CreateTempSubdirectory("session-backup-bad-").FullName;
        try
        {
            var existing = Path.Combine(place, "earlier.tar.gz");
            await File.WriteAllTextAsync(existing, "an earlier backup");
            var overwrite = await HallTool.RunAsync("backup", "--data-dir", fixture.DataDir, "--to", existing);
            Assert.Equal(1, overwrite.ExitCode);
            Assert.Contains("уже існує", overwrite.Error);
            Assert.Contains("already exists", overwrite.Error);
            Assert.Equal("an earlier backup", await File.ReadAllTextAsync(existing));

            var empty = Directory.CreateDirectory(Path.Combine(place, "empty")).FullName;
            var notData = await HallTool.RunAsync("backup", "--data-dir", empty, "--to", Path.Combine(place, "x.tar.gz"));
            Assert.Equal(1, notData.ExitCode);
            Assert.Contains("не є текою даних Session", notData.Error);
            Assert.Contains("is not a Session data dir", notData.Error);

            var missing = await HallTool.RunAsync("backup", "--data-dir", Path.Combine(place, "nowhere"), "--to", Path.Combine(place, "y.tar.gz"));
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("does not exist", missing.Error);

            Assert.Equal(["earlier.tar.gz", "empty"], Directory.EnumerateFileSystemEntries(place).Select(Path.GetFileName).Order());
            Assert.Empty(Directory.EnumerateFileSystemEntries(empty));
        }
        finally
        {
            Directory.Delete(place, recursive: true);
        }
    }

    public static TheoryData<string[]> BadArguments => new()
    {
        new[] { "backup" },
        new[] { "backup", "--data-dir", "{data}" },
        new[] { "backup", "--to", "{out}" },
        new[] { "backup", "--data-dir", "{data}", "--to", "{out}", "--force" },
        new[] { "backup", "--data-dir", "{data}", "{out}" },
        new[] { "backup", "--data-dir", "--to", "{out}" },
        new[] { "restore" },
        new[] { "restore", "{archive}" },
        new[] { "restore", "{archive}", "--data-dir", "{new}", "extra" },
        new[] { "restore", "{archive}", "--data-dir", "{new}", "--to", "{out}" },
        new[] { "restor", "{archive}", "--data-dir", "{new}" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Bad_arguments_print_the_usage_and_exit_2_without_starting_the_server_or_writing(string[] args)
    {
        var place = Directory.CreateTempSubdirectory("session-backup-args-").FullName;
        try
        {
            var output = Path.Combine(place, "out.tar.gz");
            var fresh = Path.Combine(place, "new");
            var run = await HallTool.RunAsync(args.Select(a => a
                .Replace("{data}", fixture.DataDir).Replace("{out}", output).Replace("{archive}", fixture.Archive).Replace("{new}", fresh)).ToArray());

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("Помилка:", run.Error);
            Assert.Contains("Error:", run.Error);
            Assert.Contains("Використання / usage:", run.Error);
            Assert.DoesNotContain("SESSION-READY", run.All);
            Assert.Empty(Directory.EnumerateFileSystemEntries(place));
        }
        finally
        {
            Directory.Delete(place, recursive: true);
        }
    }
}
