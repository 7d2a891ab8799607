namespace Session.Hardware.SeatBus;

/// <summary>
/// The resynchronising receiver of SEAT-BUS.md: hunt for 0x7E, read the header, check LEN and CRC;
/// on any failure drop that one 0x7E and hunt again from the next byte (0x7E may appear inside a frame).
/// Only CRC-valid frames ever leave it. Not thread-safe: one parser per reader.
/// </summary>
public sealed class FrameParser
{
    private byte[] _buffer = new byte[512];
    private int _start;
    private int _end;

    /// <summary>Frames dropped because LEN was over 64.</summary>
    public long LengthErrors { get; private set; }
    /// <summary>Frames dropped because the CRC did not match.</summary>
    public long CrcErrors { get; private set; }
    /// <summary>Bytes skipped while hunting for 0x7E (line noise).</summary>
    public long NoiseBytes { get; private set; }
    /// <summary>Frames whose bytes stopped coming before their CRC.</summary>
    public long TruncatedFrames { get; private set; }
    public long CorruptFrames => LengthErrors + CrcErrors + TruncatedFrames;
    public int Buffered => _end - _start;

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        if (_end + bytes.Length > _buffer.Length)
        {
            int live = _end - _start;
            if (live + bytes.Length > _buffer.Length)
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, live + bytes.Length));
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, live);
            _start = 0;
            _end = live;
        }
        bytes.CopyTo(_buffer.AsSpan(_end));
        _end += bytes.Length;
    }

    /// <summary>The next CRC-valid frame, or false when more bytes are needed.</summary>
    public bool TryRead(out Frame frame)
    {
        while (true)
        {
            int at = Array.IndexOf(_buffer, Frame.Start, _start, _end - _start);
            if (at < 0)
            {
                NoiseBytes += _end - _start;
                _start = _end = 0;
                frame = null!;
                return false;
            }
            NoiseBytes += at - _start;
            _start = at;
            int available = _end - _start;
            if (available < Frame.HeaderLength) { frame = null!; return false; }
            int len = _buffer[_start + 4];
            if (len > Frame.MaxPayload)
            {
                LengthErrors++;
                _start++;
                continue;
            }
            int total = Frame.Overhead + len;
            if (available < total) { frame = null!; return false; }
            var body = _buffer.AsSpan(_start + 1, Frame.HeaderLength - 1 + len);
            ushort expected = (ushort)((_buffer[_start + total - 2] << 8) | _buffer[_start + total - 1]);
            if (Crc16.Compute(body) != expected)
            {
                CrcErrors++;
                _start++;
                continue;
            }
            frame = new Frame
            {
                Address = _buffer[_start + 1],
                Command = _buffer[_start + 2],
                Seq = _buffer[_start + 3],
                Payload = _buffer.AsSpan(_start + Frame.HeaderLength, len).ToArray(),
            };
            _start += total;
            if (_start == _end) _start = _end = 0;
            return true;
        }
    }

    /// <summary>
    /// The line went quiet: a candidate still waiting for bytes is a truncated frame. Drop its 0x7E (counted as corrupt)
    /// and hunt on through what is buffered; returns the next complete valid frame, if any.
    /// </summary>
    public bool TryReadAfterSilence(out Frame frame)
    {
        while (Buffered > 0)
        {
            if (TryRead(out frame)) return true;
            if (Buffered == 0) break;
            // A 0x7E at _start waits for bytes that will not come.
            TruncatedFrames++;
            _start++;
        }
        frame = null!;
        return false;
    }

    /// <summary>Forget buffered bytes (counted as noise).</summary>
    public void Reset()
    {
        NoiseBytes += _end - _start;
        _start = _end = 0;
    }
}
