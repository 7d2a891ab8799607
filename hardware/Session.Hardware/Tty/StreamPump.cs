using System.IO.Pipelines;

namespace Session.Hardware.Tty;

/// <summary>
/// Reads a stream on its own thread into a <see cref="Pipe"/>, so readers get cancellable, deadline-bound reads
/// even from a device file whose blocking read cannot be cancelled.
/// </summary>
public sealed class StreamPump
{
    // Inline schedulers: the reader's continuation (the master's parse and its next POLL) runs on the pump thread right
    // after the bytes arrive, saving a thread-pool hop per exchange (bench/results/hardware.md).
    private readonly Pipe _pipe = new(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false));
    private readonly Stream _source;

    private StreamPump(Stream source) => _source = source;

    public PipeReader Reader => _pipe.Reader;

    /// <summary>Starts pumping; the pipe completes when the stream ends or fails.</summary>
    public static StreamPump Start(Stream source, string name)
    {
        var pump = new StreamPump(source);
        new Thread(pump.Run) { IsBackground = true, Name = $"pump {name}" }.Start();
        return pump;
    }

    private void Run()
    {
        var writer = _pipe.Writer;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(256);
                int n = _source.Read(memory.Span);
                if (n == 0) break;
                writer.Advance(n);
                var flushed = writer.FlushAsync().AsTask().GetAwaiter().GetResult();
                if (flushed.IsCompleted) break;
            }
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e is ObjectDisposedException ? null : e);
        }
    }
}
