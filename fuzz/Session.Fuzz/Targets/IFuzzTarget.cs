namespace Session.Fuzz.Targets;

/// <summary>
/// One fuzzing target: takes any bytes and either accepts them, or rejects them the way the product does (a typed
/// rejection, caught here by name). Anything else that escapes — a NullReference, an IndexOutOfRange, an
/// OutOfMemory under the harness's heap limit, a broken invariant — is a crash afl-fuzz records.
/// </summary>
public interface IFuzzTarget
{
    /// <summary>The name used by scripts/fuzz.sh and the corpus folder fuzz/corpus/NAME/.</summary>
    string Name { get; }

    void Run(ReadOnlySpan<byte> input);
}

/// <summary>Thrown by a target when the code under test returned something that breaks its own contract.</summary>
public sealed class FuzzInvariantException(string message) : Exception(message);
