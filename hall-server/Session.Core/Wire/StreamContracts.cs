using System.Runtime.Serialization;

namespace Session.Core.Wire;

/// <summary>
/// The secretary's stream controls, sent chair console → <c>/hubs/chair</c> <c>StreamControl</c> → the council's broadcast
/// (pushed as <see cref="HubNames.StreamControl"/>). <see cref="Actions"/> lists what it may be; <c>preset</c> names a
/// camera button (<c>overview</c> or a seat number) for <c>camera-preset</c>.
/// </summary>
[DataContract]
public sealed record StreamControlRequest(
    [property: DataMember(Name = "action")] string Action,
    [property: DataMember(Name = "preset")] string? Preset = null)
{
    public const string InterpreterOn = "interpreter-on";
    public const string InterpreterOff = "interpreter-off";
    public const string CameraPreset = "camera-preset";
    public const string CameraAuto = "camera-auto";
    public static readonly IReadOnlySet<string> Actions = new HashSet<string> { InterpreterOn, InterpreterOff, CameraPreset, CameraAuto };

    /// <summary>Well-formed: a known action, and for a camera preset a short name of letters and digits.</summary>
    public bool Valid() => Action is not null && Actions.Contains(Action)
        && (Action != CameraPreset || Preset is { Length: > 0 and <= 16 } p && p.All(char.IsAsciiLetterOrDigit));
}
