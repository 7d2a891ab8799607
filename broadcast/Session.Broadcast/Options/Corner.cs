namespace Session.Broadcast.Options;

/// <summary>Where the interpreter window sits inside the graphics-safe area (<c>--interpreter-corner</c>).</summary>
public enum Corner { TopLeft, TopRight, BottomLeft, BottomRight }

public static class Corners
{
    public static Corner? Parse(string text) => text switch
    {
        "top-left" => Corner.TopLeft,
        "top-right" => Corner.TopRight,
        "bottom-left" => Corner.BottomLeft,
        "bottom-right" => Corner.BottomRight,
        _ => null,
    };

    public static bool IsRight(this Corner c) => c is Corner.TopRight or Corner.BottomRight;

    public static bool IsBottom(this Corner c) => c is Corner.BottomLeft or Corner.BottomRight;
}
