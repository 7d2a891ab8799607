using System.Text.RegularExpressions;
using Session.Broadcast.Chapters;
using Session.Broadcast.Tests.Support;

namespace Session.Broadcast.Tests;

public partial class ChapterTests
{
    [GeneratedRegex(@"^(?:(\d+):)?(\d{1,2}):(\d{2}) (.+)$")]
    private static partial Regex Line();

    /// <summary>DOMAIN.md: first line 0:00, at least 3, ascending, each ≥ 10 s, titles ≤ 70 characters.</summary>
    private static void AssertValidYouTubeChapters(string text, TimeSpan videoLength)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 3, "YouTube needs at least three chapters");
        Assert.StartsWith("0:00 ", lines[0]);
        var times = new List<TimeSpan>();
        foreach (var l in lines)
        {
            var m = Line().Match(l);
            Assert.True(m.Success, $"not a chapter line: {l}");
            var t = new TimeSpan(m.Groups[1].Success ? int.Parse(m.Groups[1].Value) : 0, int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value));
            Assert.True(m.Groups[4].Value.Length <= 70, $"title too long: {m.Groups[4].Value}");
            times.Add(t);
        }
        times.Add(videoLength);
        for (int i = 1; i < times.Count; i++)
            Assert.True(times[i] - times[i - 1] >= TimeSpan.FromSeconds(10), $"chapter {i} is shorter than 10 s");
    }

    [Fact]
    public void A_sitting_with_four_items_produces_valid_chapters_when_it_closes()
    {
        var dir = BroadcastRun.NewDir();
        try
        {
            var recorder = new ChapterRecorder(Path.Combine(dir, "chapters.txt"));
            Assert.False(recorder.Observe(TestViews.Sitting(), TimeSpan.FromSeconds(3)));
            Assert.False(recorder.Observe(TestViews.Sitting(currentItemId: "i1"), TimeSpan.FromSeconds(95)));
            Assert.False(recorder.Observe(TestViews.Sitting(currentItemId: "i1"), TimeSpan.FromSeconds(300))); // same item again: no chapter
            Assert.False(recorder.Observe(TestViews.Sitting(currentItemId: "i2"), TimeSpan.FromMinutes(14)));
            Assert.False(recorder.Observe(TestViews.Sitting(currentItemId: "i3"), TimeSpan.FromMinutes(47)));
            Assert.False(recorder.Observe(TestViews.Sitting(currentItemId: "i4"), new TimeSpan(1, 12, 5)));
            Assert.True(recorder.Observe(TestViews.Sitting(currentItemId: "i4", status: "closed"), new TimeSpan(1, 30, 0)));

            var chapters = recorder.Write(new TimeSpan(1, 30, 0));
            var text = File.ReadAllText(recorder.Path);
            Assert.Equal(5, chapters.Count);
            Assert.Equal(
                "0:00 Відкриття засідання\n1:35 1. Про затвердження програми розвитку №1\n14:00 2. Про затвердження програми розвитку №2\n" +
                "47:00 3. Про затвердження програми розвитку №3\n1:12:05 4. Про затвердження програми розвитку №4\n", text);
            AssertValidYouTubeChapters(text, new TimeSpan(1, 30, 0));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Items_closer_than_ten_seconds_merge_into_the_later_title_and_long_titles_are_cut_to_70()
    {
        var longTitle = new string('Ж', 120);
        var chapters = ChapterList.Normalise([
            new(TimeSpan.FromSeconds(4), "Перше"), new(TimeSpan.FromSeconds(8), "Друге"), new(TimeSpan.FromSeconds(60), longTitle),
            new(TimeSpan.FromSeconds(65), "Четверте"), new(TimeSpan.FromSeconds(200), "П'яте"), new(TimeSpan.FromSeconds(205), "Шосте")],
            end: TimeSpan.FromSeconds(210));
        Assert.Equal(["0:00 Друге", "1:00 Четверте", "3:20 Шосте"], chapters.Select(c => $"{ChapterList.Stamp(c.At)} {c.Title}"));
        var cut = ChapterList.Normalise([new(TimeSpan.Zero, longTitle)]).Single();
        Assert.Equal(70, cut.Title.Length);
        Assert.EndsWith("…", cut.Title);
        AssertValidYouTubeChapters(ChapterList.Format(chapters), TimeSpan.FromSeconds(210));
    }

    [Fact]
    public void Nothing_is_written_before_any_item_started()
    {
        var dir = BroadcastRun.NewDir();
        try
        {
            var recorder = new ChapterRecorder(Path.Combine(dir, "chapters.txt"));
            recorder.Observe(TestViews.Sitting(status: "closed"), TimeSpan.FromSeconds(30));
            Assert.Empty(recorder.Write(TimeSpan.FromSeconds(30)));
            Assert.False(File.Exists(recorder.Path));
        }
        finally { Directory.Delete(dir, true); }
    }
}
