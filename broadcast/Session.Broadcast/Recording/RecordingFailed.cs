namespace Session.Broadcast.Recording;

/// <summary>
/// Why a sitting's recording could not be made, with a stable code and a message in Ukrainian and English. Nothing in the
/// archive is changed when this is thrown: segments stay, no half-written recording is left.
/// </summary>
public sealed class RecordingFailed(string code, string uk, string en) : Exception($"{uk} / {en}")
{
    public string Code { get; } = code;
    public string Uk { get; } = uk;
    public string En { get; } = en;

    public static RecordingFailed NoArchive(string dir) =>
        new("archive-missing", $"в архіві «{dir}» немає сегментів запису", $"the archive '{dir}' holds no recorded segments");

    public static RecordingFailed Unreadable(string segment, string why) =>
        new("segment-unreadable", $"сегмент «{Path.GetFileName(segment)}» не читається ({why}); його не змінено, запис не зведено",
            $"segment '{Path.GetFileName(segment)}' cannot be read ({why}); it is left as it is and no recording was joined");

    public static RecordingFailed JoinFailed(string why) =>
        new("join-failed", $"FFmpeg не зміг звести сегменти в один файл: {why}", $"FFmpeg could not join the segments into one file: {why}");

    public static RecordingFailed CheckFailed(string whyUk, string whyEn) =>
        new("check-failed", $"зведений запис не пройшов перевірку ffprobe: {whyUk}; файл не збережено", $"the joined recording failed the ffprobe check: {whyEn}; it was not kept");
}
