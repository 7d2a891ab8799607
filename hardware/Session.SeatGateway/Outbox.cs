using System.Text.Json;
using System.Threading.Channels;
using Session.Hardware.Polling;
using Session.Hardware.SeatBus;

namespace Session.SeatGateway;

/// <summary>A command for the hall-server, kept until the server answers it. Re-sent with the same id (the server dedups).</summary>
public sealed record OutboxCommand(string Id, string Method, int Seat, string? VoteId = null, string? Choice = null, string? Card = null, string? Pin = null);

/// <summary>One line of the outbox file.</summary>
internal sealed record OutboxRecord(string T, int? Line = null, int? Address = null, int? Evt = null, int? Keys = null, OutboxCommand? Cmd = null, string? Id = null);

/// <summary>
/// The gateway's durable memory: which key event it last took from each seat and which commands the server has not answered.
/// An event is acknowledged to the seat only after it is here and fsynced, so a gateway killed at any moment neither loses an
/// acknowledged press nor forwards one twice. Appends are group-committed by one writer.
/// </summary>
public sealed class Outbox : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private readonly Channel<(OutboxRecord[] Records, TaskCompletionSource? Kept)> _queue = Channel.CreateUnbounded<(OutboxRecord[], TaskCompletionSource?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FileStream _file;
    private readonly Task _writer;
    private readonly Lock _gate = new();
    private readonly List<OutboxCommand> _pending;
    private readonly Dictionary<(int Line, byte Address), SeatMemory> _memory;

    private Outbox(FileStream file, List<OutboxCommand> pending, Dictionary<(int, byte), SeatMemory> memory)
    {
        _file = file;
        _pending = pending;
        _memory = memory;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Reads what survived the last run (a torn last line from a crash is ignored) and compacts the file.</summary>
    public static Outbox Open(string path)
    {
        var pending = new List<OutboxCommand>();
        var memory = new Dictionary<(int, byte), SeatMemory>();
        if (File.Exists(path))
        {
            var done = new HashSet<string>();
            foreach (var line in File.ReadLines(path))
            {
                OutboxRecord? r;
                try { r = JsonSerializer.Deserialize<OutboxRecord>(line, Json); }
                catch (JsonException) { continue; }
                switch (r)
                {
                    case { T: "evt", Line: { } l, Address: { } a, Evt: { } e, Keys: { } k }: memory[(l, (byte)a)] = new SeatMemory((byte)e, (SeatKeys)k); break;
                    case { T: "cmd", Cmd: { } c }: pending.Add(c); break;
                    case { T: "done", Id: { } id }: done.Add(id); break;
                }
            }
            pending.RemoveAll(c => done.Contains(c.Id));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + ".tmp";
        using (var w = new StreamWriter(tmp))
        {
            foreach (var ((l, a), m) in memory) w.WriteLine(JsonSerializer.Serialize(new OutboxRecord("evt", l, a, m.Evt, (int)m.Keys), Json));
            foreach (var c in pending) w.WriteLine(JsonSerializer.Serialize(new OutboxRecord("cmd", Cmd: c), Json));
            w.Flush();
            ((FileStream)w.BaseStream).Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        return new Outbox(file, pending, memory);
    }

    /// <summary>The last event taken from each seat of a line, to seed its master.</summary>
    public IReadOnlyDictionary<byte, SeatMemory> MemoryOf(int line)
    {
        lock (_gate) return _memory.Where(kv => kv.Key.Line == line).ToDictionary(kv => kv.Key.Address, kv => kv.Value);
    }

    public IReadOnlyList<OutboxCommand> Pending()
    {
        lock (_gate) return _pending.ToList();
    }

    /// <summary>Records a key event taken from a seat and the command it became (if any); completes when durable.</summary>
    public Task KeepAsync(KeyPressed press, SeatKeys keys, OutboxCommand? command)
    {
        var records = new List<OutboxRecord> { new("evt", press.Line, press.Address, press.Evt, (int)keys) };
        if (command is not null) records.Add(new OutboxRecord("cmd", Cmd: command));
        lock (_gate)
        {
            _memory[(press.Line, press.Address)] = new SeatMemory(press.Evt, keys);
            if (command is not null) _pending.Add(command);
        }
        return Enqueue(records.ToArray(), durable: true);
    }

    /// <summary>Records a command that came from no Seat Bus event (card, HID key); completes when durable.</summary>
    public Task KeepAsync(OutboxCommand command)
    {
        lock (_gate) _pending.Add(command);
        return Enqueue([new OutboxRecord("cmd", Cmd: command)], durable: true);
    }

    /// <summary>The server answered: forget the command. Not fsynced: if lost, the command is re-sent and the server dedups it.</summary>
    public void Done(string commandId)
    {
        lock (_gate) _pending.RemoveAll(c => c.Id == commandId);
        _ = Enqueue([new OutboxRecord("done", Id: commandId)], durable: false);
    }

    private Task Enqueue(OutboxRecord[] records, bool durable)
    {
        var kept = durable ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        if (!_queue.Writer.TryWrite((records, kept))) return Task.FromException(new ObjectDisposedException(nameof(Outbox)));
        return kept?.Task ?? Task.CompletedTask;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<TaskCompletionSource>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            try
            {
                bool sync = false;
                while (_queue.Reader.TryRead(out var item))
                {
                    if (item.Kept is not null) { batch.Add(item.Kept); sync = true; }
                    foreach (var r in item.Records)
                    {
                        var bytes = JsonSerializer.SerializeToUtf8Bytes(r, Json);
                        _file.Write(bytes);
                        _file.WriteByte((byte)'\n');
                    }
                }
                _file.Flush(flushToDisk: sync);
                foreach (var t in batch) t.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var t in batch) t.TrySetException(e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }
}
