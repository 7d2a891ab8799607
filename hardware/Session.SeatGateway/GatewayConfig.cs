using System.Text.Json;
using System.Text.Json.Serialization;
using Session.Hardware.Polling;

namespace Session.SeatGateway;

/// <summary>
/// <c>gateway.json</c>: the hub, the key file, the Seat Bus lines (tty, baud, address → seat) and the HID keypads.
/// Relative paths are relative to the config file's folder.
/// </summary>
public sealed record GatewayConfig
{
    /// <summary>The hall-server's base URL or its <c>/hubs/terminal</c> URL.</summary>
    public required string HubUrl { get; init; }
    /// <summary>A file holding the gateway terminal key (e.g. DATA_DIR/gateway.key of the demo).</summary>
    public required string KeyFile { get; init; }
    /// <summary>The durable outbox of key events and unacknowledged commands. Default: gateway.outbox.jsonl beside the config.</summary>
    public string? StateFile { get; init; }
    /// <summary>
    /// The SHA-256 fingerprint of the hall CA, as the hall prints it at start (docs/security.md "HTTPS"): with an
    /// https:// hub, the hall's certificate is accepted when that CA issued it. Not needed with the council's own
    /// publicly trusted certificate.
    /// </summary>
    public string? HallCa { get; init; }
    public LineConfig[] Lines { get; init; } = [];
    public HidConfig[] Hid { get; init; } = [];

    public sealed record LineConfig
    {
        public required string Tty { get; init; }
        public int Baud { get; init; } = 115200;
        /// <summary>Address → seat number of the hall plan.</summary>
        public Dictionary<string, int>? Seats { get; init; }
        /// <summary>Shorthand with <see cref="FirstSeat"/>: addresses "1-14" are seats FirstSeat, FirstSeat+1, …</summary>
        public string? Addresses { get; init; }
        public int FirstSeat { get; init; } = 1;
        /// <summary>Default: SEAT-BUS.md's longest reply wire time plus 2 ms. Longer only for test rigs on loaded machines.</summary>
        public double? ReplyTimeoutMs { get; init; }
    }

    public sealed record HidConfig
    {
        /// <summary>A hidraw node, or any file or FIFO giving 8-byte boot reports.</summary>
        public string? Device { get; init; }
        /// <summary>The USB port path (e.g. "1-1.2") of the keypad, found under /sys/class/hidraw.</summary>
        public string? UsbPort { get; init; }
        public required int Seat { get; init; }
        /// <summary>"keypad" (default) or "card-reader" (a keyboard-wedge reader typing the UID and Enter).</summary>
        public string Kind { get; init; } = "keypad";
    }

    public string HubEndpoint => new Uri(HubUrl).AbsolutePath.TrimEnd('/') == Session.Core.Wire.HubNames.TerminalPath
        ? HubUrl
        : HubUrl.TrimEnd('/') + Session.Core.Wire.HubNames.TerminalPath;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static GatewayConfig Load(string path)
    {
        if (!File.Exists(path)) throw new ArgumentException($"config file {path} does not exist");
        GatewayConfig? config;
        try { config = JsonSerializer.Deserialize<GatewayConfig>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: {e.Message}"); }
        if (config is null) throw new InvalidDataException($"{path} is empty");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        config = config with
        {
            KeyFile = Path.GetFullPath(config.KeyFile, dir),
            StateFile = Path.GetFullPath(config.StateFile ?? "gateway.outbox.jsonl", dir),
        };
        config.Validate(path);
        return config;
    }

    public void Validate(string source)
    {
        if (!Uri.TryCreate(HubUrl, UriKind.Absolute, out var hub) || hub.Scheme is not ("http" or "https"))
            throw new InvalidDataException($"{source}: hubUrl \"{HubUrl}\" is not an http(s) URL");
        if (!File.Exists(KeyFile)) throw new InvalidDataException($"{source}: keyFile {KeyFile} does not exist");
        try { Session.Core.Transport.HallCaPin.Parse(HallCa); }
        catch (FormatException e) { throw new InvalidDataException($"{source}: hallCa: {e.Message}"); }
        if (Lines.Length == 0 && Hid.Length == 0) throw new InvalidDataException($"{source}: no lines and no hid devices: nothing to serve");
        var seats = new HashSet<int>();
        for (int i = 0; i < Lines.Length; i++)
        {
            var map = SeatMap(i, source);
            foreach (var seat in map.Values)
                if (!seats.Add(seat)) throw new InvalidDataException($"{source}: lines[{i}] maps seat {seat} that another line already serves");
        }
        for (int i = 0; i < Hid.Length; i++)
        {
            var h = Hid[i];
            if (h.Device is null && h.UsbPort is null) throw new InvalidDataException($"{source}: hid[{i}] needs device or usbPort");
            if (h.Kind is not ("keypad" or "card-reader")) throw new InvalidDataException($"{source}: hid[{i}].kind \"{h.Kind}\" is not keypad or card-reader");
            if (h.Seat < 1) throw new InvalidDataException($"{source}: hid[{i}].seat must be ≥ 1");
        }
    }

    /// <summary>Address → seat of line <paramref name="index"/>.</summary>
    public IReadOnlyDictionary<byte, int> SeatMap(int index, string source = "gateway.json")
    {
        var line = Lines[index];
        if (!Session.Hardware.SeatBus.WireTime.SupportedBauds.Contains(line.Baud))
            throw new InvalidDataException($"{source}: lines[{index}].baud {line.Baud} is not a Seat Bus rate");
        var map = new Dictionary<byte, int>();
        if (line.Addresses is { } range)
        {
            IReadOnlyList<byte> addresses;
            try { addresses = AddressRange.Parse(range); }
            catch (FormatException e) { throw new InvalidDataException($"{source}: lines[{index}].addresses: {e.Message}"); }
            for (int k = 0; k < addresses.Count; k++) map[addresses[k]] = line.FirstSeat + k;
        }
        foreach (var (key, seat) in line.Seats ?? [])
        {
            if (!byte.TryParse(key, out var address) || address is < 1 or > 247)
                throw new InvalidDataException($"{source}: lines[{index}].seats key \"{key}\" is not an address 1..247");
            if (seat < 1) throw new InvalidDataException($"{source}: lines[{index}].seats[\"{key}\"] must be a seat number ≥ 1");
            map[address] = seat;
        }
        if (line.ReplyTimeoutMs is <= 0 or > 1000) throw new InvalidDataException($"{source}: lines[{index}].replyTimeoutMs must be in (0, 1000]");
        if (map.Count == 0) throw new InvalidDataException($"{source}: lines[{index}] maps no addresses (give addresses or seats)");
        if (map.Values.Distinct().Count() != map.Count) throw new InvalidDataException($"{source}: lines[{index}] maps one seat to two addresses");
        return map;
    }
}
