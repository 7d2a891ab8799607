namespace Session.Core.Wire;

/// <summary>Hub paths and the names of the methods the server pushes; shared by the server, the gateway, broadcast and tests.</summary>
public static class HubNames
{
    public const string TerminalPath = "/hubs/terminal";
    public const string ChairPath = "/hubs/chair";
    public const string PublicPath = "/hubs/public";
    public const string CaptionsPath = "/hubs/captions";

    /// <summary>Server → client: the whole <see cref="SittingView"/>, after every structural change.</summary>
    public const string Sitting = "Sitting";
    /// <summary>Server → client: a <see cref="TallyUpdate"/> while a vote is open (coalesced).</summary>
    public const string Tally = "Tally";
    /// <summary>Server → terminal: a <see cref="SeatView"/> for each seat the terminal serves, when it changes.</summary>
    public const string Seat = "Seat";
    /// <summary>Server → chair: the seat map, <c>SeatView[]</c>.</summary>
    public const string Seats = "Seats";
    /// <summary>Server → chair: broadcast health, a JSON object with fps, bitrate, drops, speed, ingest state, loudness.</summary>
    public const string StreamHealth = "StreamHealth";
    /// <summary>Server → broadcast: a <see cref="StreamControlRequest"/> from the secretary's stream panel.</summary>
    public const string StreamControl = "StreamControl";
    /// <summary>Server → chair: a <see cref="PinAlert"/> when repeated wrong PINs hold a deputy or a terminal (also the recent ones on connect).</summary>
    public const string PinAlert = "PinAlert";
    /// <summary>Server → public viewers: a <see cref="CaptionLine"/> typed on the caption console.</summary>
    public const string Caption = "Caption";
}
