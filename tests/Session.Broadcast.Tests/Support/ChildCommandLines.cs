namespace Session.Broadcast.Tests.Support;

/// <summary>The command lines (<c>/proc/PID/cmdline</c>) of this process's descendants: what <c>ps</c> shows any local user.</summary>
public static class ChildCommandLines
{
    public static IReadOnlyList<(int Pid, string CommandLine)> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // "pid (comm) state ppid …": comm may hold spaces, so read after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        }
        var result = new List<(int, string)>();
        var frontier = new Queue<int>([root]);
        while (frontier.Count > 0)
        {
            var p = frontier.Dequeue();
            foreach (var (child, parent) in parents)
            {
                if (parent != p) continue;
                frontier.Enqueue(child);
                try { result.Add((child, File.ReadAllText($"/proc/{child}/cmdline").Replace('\0', ' '))); }
                catch (IOException) { }
            }
        }
        return result;
    }
}
