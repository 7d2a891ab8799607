namespace Session.Broadcast.Camera;

/// <summary>
/// VISCA packets (Sony VISCA command list; VISCA over IP: "Sony BRC/SRG protocol", the 8-byte header). A camera at
/// address 1 is 0x81; replies come from 0x90.
/// </summary>
public static class Visca
{
    /// <summary>VISCA over IP payload types (header bytes 0–1).</summary>
    public enum PayloadType : ushort { Command = 0x0100, Inquiry = 0x0110, Reply = 0x0111, ControlCommand = 0x0200, ControlReply = 0x0201 }

    public enum ReplyKind { Ack, Completion, Error, Unknown }

    /// <summary>CAM_Memory Recall: <c>8x 01 04 3F 02 pp FF</c>.</summary>
    public static byte[] PresetRecall(int preset)
    {
        if (preset is < 0 or > 255) throw new ArgumentOutOfRangeException(nameof(preset));
        return [0x81, 0x01, 0x04, 0x3F, 0x02, (byte)preset, 0xFF];
    }

    /// <summary>The VISCA over IP message: payload type, payload length, sequence number (all big-endian), then the payload.</summary>
    public static byte[] OverIp(PayloadType type, uint sequence, ReadOnlySpan<byte> payload)
    {
        var m = new byte[8 + payload.Length];
        m[0] = (byte)((ushort)type >> 8); m[1] = (byte)type;
        m[2] = (byte)(payload.Length >> 8); m[3] = (byte)payload.Length;
        m[4] = (byte)(sequence >> 24); m[5] = (byte)(sequence >> 16); m[6] = (byte)(sequence >> 8); m[7] = (byte)sequence;
        payload.CopyTo(m.AsSpan(8));
        return m;
    }

    /// <summary>Header fields of a VISCA over IP message, or null when it is shorter than its header says.</summary>
    public static (PayloadType Type, uint Sequence, byte[] Payload)? ParseOverIp(ReadOnlySpan<byte> m)
    {
        if (m.Length < 8) return null;
        int length = m[2] << 8 | m[3];
        if (m.Length < 8 + length) return null;
        uint seq = (uint)(m[4] << 24 | m[5] << 16 | m[6] << 8 | m[7]);
        return ((PayloadType)(m[0] << 8 | m[1]), seq, m.Slice(8, length).ToArray());
    }

    /// <summary><c>90 4y FF</c> ACK, <c>90 5y FF</c> completion, <c>90 6y EE FF</c> error (EE the error code).</summary>
    public static (ReplyKind Kind, byte Code) ParseReply(ReadOnlySpan<byte> p)
    {
        if (p.Length < 3 || p[0] != 0x90 || p[^1] != 0xFF) return (ReplyKind.Unknown, 0);
        return (p[1] & 0xF0) switch
        {
            0x40 => (ReplyKind.Ack, 0),
            0x50 => (ReplyKind.Completion, 0),
            0x60 when p.Length >= 4 => (ReplyKind.Error, p[2]),
            _ => (ReplyKind.Unknown, 0),
        };
    }

    public static CameraException Refused(byte code) => code switch
    {
        0x01 => new("камера: помилка довжини повідомлення (VISCA 01)", "camera: message length error (VISCA 01)"),
        0x02 => new("камера: синтаксична помилка (VISCA 02)", "camera: syntax error (VISCA 02)"),
        0x03 => new("камера: буфер команд заповнений (VISCA 03)", "camera: command buffer full (VISCA 03)"),
        0x04 => new("камера: команду скасовано (VISCA 04)", "camera: command cancelled (VISCA 04)"),
        0x05 => new("камера: немає сокета (VISCA 05)", "camera: no socket (VISCA 05)"),
        0x41 => new("камера: команда зараз не виконується (VISCA 41)", "camera: command not executable now (VISCA 41)"),
        _ => new($"камера відмовила (VISCA {code:X2})", $"camera refused the command (VISCA {code:X2})"),
    };

    public static CameraException Silent(string address) =>
        new($"камера {address} не відповідає", $"camera {address} does not answer");
}
