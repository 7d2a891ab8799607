using Microsoft.Extensions.Logging;

namespace Session.Broadcast.Secrets;

/// <summary>
/// A plain line logger whose every line — message and exception alike — passes through the <see cref="SecretMasker"/>
/// before it is written, so no code path (ours, SignalR's, FFmpeg's relayed stderr) can print a stream key.
/// </summary>
public sealed class MaskedLoggerProvider(TextWriter output, SecretMasker masker, LogLevel minimum = LogLevel.Information) : ILoggerProvider
{
    private readonly Lock gate = new();
    private readonly LogLevel minimum = minimum;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {Short(level)} {category}: {message}";
        if (exception is not null) line += Environment.NewLine + exception;
        line = masker.Apply(line);
        lock (gate) { output.WriteLine(line); output.Flush(); }
    }

    private static string Short(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce", LogLevel.Debug => "dbug", LogLevel.Information => "info",
        LogLevel.Warning => "warn", LogLevel.Error => "fail", _ => "crit",
    };

    private sealed class Logger(MaskedLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var shortCategory = category[(category.LastIndexOf('.') + 1)..];
            owner.Write(logLevel, shortCategory, formatter(state, exception), exception);
        }
    }
}
