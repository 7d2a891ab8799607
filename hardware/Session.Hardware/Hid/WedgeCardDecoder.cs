namespace Session.Hardware.Hid;

/// <summary>
/// A keyboard-wedge card reader types the card UID in hex and Enter. Collects the digits; on Enter yields the UID when it is
/// 4, 7 or 10 bytes (8, 14 or 20 hex digits); anything else typed resets it. Counts what it had to drop.
/// </summary>
public sealed class WedgeCardDecoder
{
    private const int MaxDigits = 20;
    private readonly System.Text.StringBuilder _digits = new();

    public long Rejected { get; private set; }

    /// <summary>Feeds one newly pressed key; returns a UID (upper-case hex) when Enter completes one.</summary>
    public string? Key(byte usage)
    {
        if (usage is KeypadMap.Enter or KeypadMap.KeypadEnter)
        {
            var text = _digits.ToString();
            _digits.Clear();
            if (text.Length is 8 or 14 or 20) return text;
            if (text.Length > 0) Rejected++;
            return null;
        }
        char? c = usage switch
        {
            >= 0x04 and <= 0x09 => (char)('A' + usage - 0x04),
            >= 0x1E and <= 0x26 => (char)('1' + usage - 0x1E),
            0x27 => '0',
            >= 0x59 and <= 0x61 => (char)('1' + usage - 0x59),
            0x62 => '0',
            _ => null,
        };
        if (c is null || _digits.Length >= MaxDigits)
        {
            if (_digits.Length > 0) Rejected++;
            _digits.Clear();
            return null;
        }
        _digits.Append(c.Value);
        return null;
    }
}
