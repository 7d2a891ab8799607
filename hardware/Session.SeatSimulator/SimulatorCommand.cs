using Session.Hardware.Polling;
using Session.Hardware.SeatBus;

namespace Session.SeatSimulator;

/// <summary>
/// One line of a simulator script or of its standard input, optionally timed: <c>[at SECONDS] VERB ADDRESSES [ARG]</c>.
/// Verbs: <c>press 5 yes|no|abstain|floor-request|floor-withdraw</c>, <c>card 5 04A22B19</c>, <c>card 5 -</c> (take out),
/// <c>unplug 5</c>, <c>plug 5</c>, <c>power 5</c>. Addresses may be a list or range (<c>1-27</c>).
/// </summary>
public sealed record SimulatorCommand(TimeSpan? At, string Verb, IReadOnlyList<byte> Addresses, string? Argument)
{
    private static readonly string[] Verbs = ["press", "card", "unplug", "plug", "power"];

    public static SimulatorCommand Parse(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        TimeSpan? at = null;
        int i = 0;
        if (words.Length > 0 && words[0] == "at")
        {
            if (words.Length < 2 || !double.TryParse(words[1], System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
                throw new FormatException($"\"{line}\": 'at' needs a number of seconds");
            at = TimeSpan.FromSeconds(seconds);
            i = 2;
        }
        if (words.Length - i < 2) throw new FormatException($"\"{line}\": expected VERB ADDRESSES [ARG]");
        var verb = words[i];
        if (!Verbs.Contains(verb)) throw new FormatException($"\"{line}\": unknown verb '{verb}' (one of {string.Join(", ", Verbs)})");
        var addresses = AddressRange.Parse(words[i + 1]);
        var arg = words.Length > i + 2 ? words[i + 2] : null;
        if (verb == "press" && ParseKey(arg) is null)
            throw new FormatException($"\"{line}\": press needs yes, no, abstain, floor-request or floor-withdraw");
        if (verb == "card" && arg is null) throw new FormatException($"\"{line}\": card needs a hex UID or '-'");
        if (verb == "card" && arg != "-") ParseCard(arg!);
        return new SimulatorCommand(at, verb, addresses, arg);
    }

    public static SeatKey? ParseKey(string? word) => word switch
    {
        "yes" => SeatKey.Yes,
        "no" => SeatKey.No,
        "abstain" => SeatKey.Abstain,
        "floor-request" or "floor" => SeatKey.FloorRequest,
        "floor-withdraw" or "withdraw" => SeatKey.FloorWithdraw,
        _ => null,
    };

    public static byte[] ParseCard(string hex)
    {
        byte[] uid;
        try { uid = Convert.FromHexString(hex); }
        catch (FormatException) { throw new FormatException($"card UID '{hex}' is not hex"); }
        if (uid.Length is not (4 or 7 or 10)) throw new FormatException($"card UID '{hex}' has {uid.Length} bytes, not 4, 7 or 10");
        return uid;
    }

    /// <summary>Applies the command to the seats it names; unknown addresses are an error.</summary>
    public void Apply(IReadOnlyDictionary<byte, SimulatedSeat> seats)
    {
        foreach (var address in Addresses)
        {
            if (!seats.TryGetValue(address, out var seat)) throw new ArgumentException($"no simulated seat at address {address}");
            switch (Verb)
            {
                case "press": seat.Press(ParseKey(Argument)!.Value); break;
                case "card" when Argument == "-": seat.RemoveCard(); break;
                case "card": seat.InsertCard(ParseCard(Argument!)); break;
                case "unplug": seat.Unplug(); break;
                case "plug": seat.Plug(); break;
                case "power": seat.PowerCycle(); break;
            }
        }
    }
}
