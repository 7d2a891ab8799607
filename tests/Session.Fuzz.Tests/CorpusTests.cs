using Session.Fuzz.Targets;

namespace Session.Fuzz.Tests;

/// <summary>The seed corpus is what the product accepts: every target runs every seed without a crash, uninstrumented.</summary>
public sealed class CorpusTests
{
    public static TheoryData<string> Targets => new() { "seatbus", "hid", "hub-json", "hub-msgpack", "csv", "journal" };

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_seed_of_the_corpus_runs_through_its_target_without_a_crash(string name)
    {
        var seeds = Directory.GetFiles(Repo.Corpus(name));
        Assert.True(seeds.Length >= 3, $"fuzz/corpus/{name} has {seeds.Length} seeds");
        var target = Make(name);
        try
        {
            foreach (var seed in seeds) target.Run(File.ReadAllBytes(seed));
        }
        finally { (target as IDisposable)?.Dispose(); }
    }

    [Fact]
    public void Replay_reports_a_crashing_input_and_fails()
    {
        var dir = Directory.CreateTempSubdirectory("session-fuzz-replay-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "ok"), [1, 2, 3]);
            File.WriteAllBytes(Path.Combine(dir, "poison"), [0xDE, 0xAD]);
            var error = new StringWriter();
            var was = Console.Error;
            Console.SetError(error);
            int code;
            try { code = Replay.Run(new Poisoned(), [dir]); }
            finally { Console.SetError(was); }
            Assert.Equal(1, code);
            Assert.Contains("DEAD", error.ToString());
            Assert.Contains("NullReferenceException", error.ToString());
        }
        finally { Directory.Delete(dir, true); }
    }

    private sealed class Poisoned : IFuzzTarget
    {
        public string Name => "poisoned";
        public void Run(ReadOnlySpan<byte> input) { if (input.Length == 2) throw new NullReferenceException("planted"); }
    }

    private static IFuzzTarget Make(string name) => name switch
    {
        "seatbus" => new SeatBusFrames(),
        "hid" => new HidReports(),
        "hub-json" => new HubMessages("json"),
        "hub-msgpack" => new HubMessages("messagepack"),
        "csv" => new DeputyCsv(),
        "journal" => new JournalLines(),
        _ => throw new ArgumentException(name),
    };
}
