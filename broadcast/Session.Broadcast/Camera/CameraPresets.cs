using System.Text.Json;

namespace Session.Broadcast.Camera;

/// <summary>
/// The presets file (<c>--camera-presets</c>): which stored camera position shows which seat, and the overview of the
/// hall. <c>{"overview": 1, "seats": {"1": 11, "2": 12}}</c>; a VISCA preset is a number 0–255, an ONVIF preset a token.
/// </summary>
public sealed record CameraPresets(string Overview, IReadOnlyDictionary<int, string> Seats)
{
    public const string OverviewName = "overview";
    private const int MaxSeats = 1000;

    /// <summary>The preset for a button name (<c>overview</c> or a seat number), or null.</summary>
    public string? Named(string name) =>
        name == OverviewName ? Overview : int.TryParse(name, out var seat) && Seats.TryGetValue(seat, out var p) ? p : null;

    /// <summary>Button names for the secretary's console: overview first, then seats in order.</summary>
    public IReadOnlyList<string> Names => [OverviewName, .. Seats.Keys.Order().Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public static CameraPresets? Parse(string json, bool numeric, out string? error)
    {
        error = null;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { error = $"не JSON / not JSON: {e.Message}"; return null; }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("overview", out var ov))
            { error = "потрібен \"overview\" / \"overview\" is required, e.g. {\"overview\": 1, \"seats\": {\"1\": 11}}"; return null; }
            var overview = Preset(ov, numeric, "overview", ref error);
            var seats = new Dictionary<int, string>();
            if (root.TryGetProperty("seats", out var s))
            {
                if (s.ValueKind != JsonValueKind.Object) { error = "\"seats\" має бути об'єктом / must be an object {\"SEAT\": PRESET}"; return null; }
                foreach (var p in s.EnumerateObject())
                {
                    if (!int.TryParse(p.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seat) || seat < 1 || seat > 9999)
                    { error = $"місце '{p.Name}' — не номер / seat '{p.Name}' is not a seat number 1–9999"; return null; }
                    if (Preset(p.Value, numeric, $"seat {seat}", ref error) is { } preset) seats[seat] = preset;
                    if (seats.Count > MaxSeats) { error = $"забагато місць / more than {MaxSeats} seats"; return null; }
                }
            }
            return error is null && overview is not null ? new CameraPresets(overview, seats) : null;
        }
    }

    private static string? Preset(JsonElement e, bool numeric, string what, ref string? error)
    {
        string? text = e.ValueKind switch
        {
            JsonValueKind.Number when e.TryGetInt32(out var n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.String => e.GetString(),
            _ => null,
        };
        bool ok = text is { Length: > 0 and <= 64 } && (!numeric || (int.TryParse(text, out var v) && v is >= 0 and <= 255));
        if (!ok)
        {
            error ??= numeric
                ? $"{what}: пресет VISCA — число 0–255 / a VISCA preset is a number 0–255"
                : $"{what}: пресет ONVIF — токен до 64 символів / an ONVIF preset is a token of up to 64 characters";
            return null;
        }
        return text;
    }
}
