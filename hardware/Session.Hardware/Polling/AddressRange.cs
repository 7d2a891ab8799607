namespace Session.Hardware.Polling;

/// <summary>Parses address lists such as <c>1-64</c> or <c>1-10,12,20-22</c>.</summary>
public static class AddressRange
{
    public static IReadOnlyList<byte> Parse(string text)
    {
        var result = new List<byte>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length > 2 || !int.TryParse(ends[0], out int from) || !int.TryParse(ends[^1], out int to))
                throw new FormatException($"\"{part}\" is not an address or a range like 1-64");
            if (from is < 1 or > 247 || to is < 1 or > 247 || to < from)
                throw new FormatException($"\"{part}\": seat addresses run 1..247, low to high");
            for (int a = from; a <= to; a++) result.Add((byte)a);
        }
        if (result.Count == 0) throw new FormatException("no seat addresses given");
        if (result.Distinct().Count() != result.Count) throw new FormatException($"\"{text}\" lists an address twice");
        return result;
    }
}
