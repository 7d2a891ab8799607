namespace Session.Core.Wire;

/// <summary>Hub paths and the names of the methods the server pushes; shared by the server, the gateway, broadcast and tests.</summary>
public static class HubNames
{
    public const string TerminalPath = "/hubs/terminal";
    public const string ChairPath = "/hubs/chair";
    public const string PublicPath = "/hubs/public";

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
}
