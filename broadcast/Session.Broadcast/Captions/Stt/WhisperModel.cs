namespace Session.Broadcast.Captions.Stt;

/// <summary>
/// The operator's Whisper model file (<c>--stt-model PATH</c>, a whisper.cpp ggml file such as ggml-small.bin). Nothing is
/// ever downloaded: the file is checked before the stream starts, and a missing or foreign file is refused plainly.
/// </summary>
public static class WhisperModel
{
    /// <summary>whisper.cpp's file magic, 0x67676d6c ("ggml"), little-endian at offset 0.</summary>
    private static readonly byte[] Magic = [0x6C, 0x6D, 0x67, 0x67];

    /// <summary>Null when the file looks like a model; otherwise the refusal, in Ukrainian and English.</summary>
    public static string? Check(string path)
    {
        if (!File.Exists(path))
            return $"файл моделі Whisper не знайдено: «{path}»; вкажіть наявний файл ggml (моделі не завантажуються) / " +
                   $"the Whisper model file '{path}' does not exist; name an existing ggml file (models are never downloaded)";
        try
        {
            using var f = File.OpenRead(path);
            Span<byte> head = stackalloc byte[4];
            if (f.Length < 1024 || f.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4 || !head.SequenceEqual(Magic))
                return $"«{path}» не є моделлю Whisper (ggml): очікувано файл на кшталт ggml-small.bin / " +
                       $"'{path}' is not a Whisper (ggml) model: expected a file such as ggml-small.bin";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"файл моделі «{path}» не читається ({e.GetType().Name}) / the model file '{path}' cannot be read ({e.GetType().Name})";
        }
        return null;
    }
}
