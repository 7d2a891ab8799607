using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Session.HallServer.SelfTest;

/// <summary>
/// The running build's hash, shown by the self-test and printed on the protocol's first page: SHA-256 (lower-case
/// hex) over the UTF-8 lines <c>{file name}\t{SHA-256 of the file}\n</c> of the assemblies that decide and publish a
/// vote — Session.Core, Session.HallServer, Session.Publishing — in ordinal order of file name (docs/operations.md).
/// The same build gives the same hash on any machine; <c>Session.HallServer version</c> prints it and each file's hash.
/// </summary>
public sealed class SoftwareVersion
{
    public static readonly string[] AssemblyNames = ["Session.Core", "Session.HallServer", "Session.Publishing"];

    private readonly Lazy<(string Hash, IReadOnlyList<(string File, string Sha256)> Files)> _computed = new(Compute);

    public string Hash => _computed.Value.Hash;

    public IReadOnlyList<(string File, string Sha256)> Files => _computed.Value.Files;

    /// <summary>The informational version the build carries (with the git commit when the build knew it).</summary>
    public static string Informational =>
        typeof(SoftwareVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static (string, IReadOnlyList<(string, string)>) Compute()
    {
        var files = AssemblyNames
            .Select(n => Assembly.Load(n).Location)
            .Select(path => (File: Path.GetFileName(path), Sha256: Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))))
            .OrderBy(f => f.File, StringComparer.Ordinal)
            .ToArray();
        var text = string.Concat(files.Select(f => f.File + "\t" + f.Sha256 + "\n"));
        return (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), files);
    }

    /// <summary><c>Session.HallServer version</c>: the hash the protocol prints, and what it is made of.</summary>
    public static int Print(TextWriter output)
    {
        var v = new SoftwareVersion();
        output.WriteLine($"software-hash {v.Hash}");
        output.WriteLine($"version {Informational}");
        foreach (var (file, sha) in v.Files) output.WriteLine($"{sha}  {file}");
        return 0;
    }
}
