using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Session.Core.Wire;
using Whisper.net;

namespace Session.Broadcast.Captions.Stt;

/// <summary>
/// Speech-to-text captions with Whisper.net (whisper.cpp) from the operator's model file: the stream's sound in windows
/// of <see cref="Window"/>, each transcribed and emitted as final lines. Off unless <c>--stt-model</c> names a model.
/// Its real-time factor (transcription time / audio time) is logged every minute: above 1 it cannot keep up, and the
/// lag grows — choose a smaller model. Lines are numbered by this source.
/// </summary>
public sealed class WhisperCaptionSource(string modelPath, string language, Func<Stream> openAudio, TimeProvider clock, ILogger<WhisperCaptionSource> log) : ICaptionSource
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private long seq;

    public string Name => "speech-to-text (Whisper)";

    /// <summary>Transcription time over audio time, over the whole run; null before the first window.</summary>
    public double? RealTimeFactor => audioSeconds > 0 ? busySeconds / audioSeconds : null;
    private double busySeconds, audioSeconds;

    public async Task RunAsync(Action<CaptionLine> emit, CancellationToken ct)
    {
        WhisperFactory factory;
        try { factory = WhisperFactory.FromPath(modelPath); }
        catch (Exception e)
        {
            log.LogError("Speech-to-text is off: Whisper cannot load «{Path}» ({Error}) / Whisper не може завантажити модель", modelPath, e.Message);
            return;
        }
        using (factory)
        {
            await using var processor = factory.CreateBuilder().WithLanguage(language).WithThreads(1).Build();
            await using var audio = openAudio();
            var bytes = new byte[(int)(Window.TotalSeconds * AudioTap.SampleRate) * 2];
            var samples = new float[bytes.Length / 2];
            var lastReport = Stopwatch.GetTimestamp();
            while (!ct.IsCancellationRequested)
            {
                try { await audio.ReadExactlyAsync(bytes, ct); }
                catch (EndOfStreamException) { log.LogWarning("Speech-to-text: the audio ended"); return; }
                catch (OperationCanceledException) { return; }
                var windowStart = clock.GetUtcNow() - Window;
                for (int i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2)) / 32768f;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await foreach (var segment in processor.ProcessAsync(samples, ct))
                    {
                        var text = segment.Text.Trim();
                        if (text.Length == 0 || text.StartsWith('[')) continue; // [музика], [BLANK_AUDIO]
                        if (text.Length > CaptionLimits.MaxLength) text = text[..CaptionLimits.MaxLength];
                        emit(new CaptionLine(++seq, text, false, windowStart + segment.Start));
                    }
                }
                catch (OperationCanceledException) { return; }
                busySeconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
                audioSeconds += Window.TotalSeconds;
                if (Stopwatch.GetElapsedTime(lastReport) > TimeSpan.FromMinutes(1))
                {
                    lastReport = Stopwatch.GetTimestamp();
                    log.LogInformation("Speech-to-text real-time factor {Factor:0.00} over {Seconds:0} s of audio", RealTimeFactor, audioSeconds);
                }
            }
        }
    }
}
