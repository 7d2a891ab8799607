using Session.Fuzz;
using Session.Fuzz.Targets;

// Session.Fuzz TARGET             — under afl-fuzz (scripts/fuzz.sh): SharpFuzz's persistent loop over stdin
// Session.Fuzz TARGET FILE|DIR... — replays inputs once each, uninstrumented; exit 1 on the first crash, printing it
// Session.Fuzz --write-corpus DIR — writes the seed corpus from the product's own encoders
// Session.Fuzz --list             — the target names (docs/fuzzing.md)
var targets = new Dictionary<string, Func<IFuzzTarget>>
{
    ["seatbus"] = () => new SeatBusFrames(),
    ["hid"] = () => new HidReports(),
    ["hub-json"] = () => new HubMessages("json"),
    ["hub-msgpack"] = () => new HubMessages("messagepack"),
    ["csv"] = () => new DeputyCsv(),
    ["journal"] = () => new JournalLines(),
};

if (args is ["--write-corpus", var corpusRoot]) return Corpus.Write(corpusRoot);
if (args is ["--list"]) { Console.WriteLine(string.Join('\n', targets.Keys)); return 0; }
if (args.Length == 0 || !targets.TryGetValue(args[0], out var make))
{
    Console.Error.WriteLine($"usage: Session.Fuzz TARGET [FILE|DIR ...]   targets: {string.Join(", ", targets.Keys)}");
    return 2;
}

if (args.Length == 1)
{
    // Instrumented code may run only inside Fuzzer.Run, where afl's shared memory is mapped: the target is made
    // on the first input, not before.
    IFuzzTarget? fuzzed = null;
    try
    {
        SharpFuzz.Fuzzer.Run(stream =>
        {
            fuzzed ??= make();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            fuzzed.Run(copy.GetBuffer().AsSpan(0, (int)copy.Length));
        });
    }
    finally { (fuzzed as IDisposable)?.Dispose(); }
    return 0;
}

var target = make();
try { return Replay.Run(target, args[1..]); }
finally { (target as IDisposable)?.Dispose(); }
