using Session.Bench.Region;
using Xunit;
using Xunit.Abstractions;

namespace Session.Bench.Tests;

/// <summary>
/// The regional host bench (bench/Session.Bench.Region): its command line, and its short form run for real (a cluster
/// of three nodes behind nginx on PostgreSQL and Redis, three councils made through the registry API, two kills), so
/// that the bench keeps working. Nothing here asserts a speed: the figures are the bench's, in BENCHMARKS.md.
/// </summary>
public sealed class RegionBenchTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("--councils", "0", "число рад від 1 до 50", "a whole number from 1 to 50, not '0'")]
    [InlineData("--nodes", "1", "число вузлів від 2 до 9", "a whole number from 2 to 9, not '1'")]
    [InlineData("--kills", "many", "число вбивств від 0 до 100", "a whole number from 0 to 100, not 'many'")]
    [InlineData("--rounds", "--short", "число раундів від 1 до 100", "a whole number from 1 to 100")]
    [InlineData("--seeds", "3", "невідомий параметр", "unknown option: --seeds")]
    public void A_bad_region_bench_option_stops_the_bench_in_Ukrainian_and_English(string name, string value, string uk, string en)
    {
        var (options, error) = RegionOptions.Parse([name, value], "/repo");
        Assert.Null(options);
        Assert.Contains(uk, error);
        Assert.Contains(en, error);
    }

    [Fact]
    public void More_failover_seats_than_a_council_has_are_refused()
    {
        var (options, error) = RegionOptions.Parse(["--seats", "10", "--failover-seats", "12"], "/repo");
        Assert.Null(options);
        Assert.Contains("не більше за --seats (10)", error);
        Assert.Contains("at most --seats (10)", error);
    }

    [Fact]
    public void The_full_form_is_20_councils_of_42_seats_on_3_nodes_with_10_kills_into_BENCHMARKS_md()
    {
        var (options, error) = RegionOptions.Parse([], "/repo");
        Assert.Null(error);
        Assert.Equal((20, 42, 3, 300, 5, 10), (options!.Councils, options.Seats, options.Nodes, options.ViewersPerNode, options.Rounds, options.Kills));
        Assert.Equal("/repo/BENCHMARKS.md", options.Out);
        Assert.Equal("/repo/bench/results/region.md", options.Results);
    }

    [Fact]
    public async Task The_short_form_runs_every_council_and_a_kill_and_no_acknowledged_press_is_lost_or_doubled()
    {
        var results = Path.Combine(Path.GetTempPath(), $"region-short-{Guid.NewGuid():N}.md");
        var (options, error) = RegionOptions.Parse(["--short", "--results", results], "/repo");
        Assert.Null(error);
        Assert.Null(options!.Out); // the short form leaves BENCHMARKS.md alone
        // Small, for the suite's budget: the kill itself is tried at length by RegionalHostTests.
        Assert.Equal((2, 1, 1), (options.Councils, options.Rounds, options.Kills));

        var result = await new RegionBench(options, output.WriteLine).RunAsync();
        var table = RegionReport.Table(result, "short form", "now");
        output.WriteLine(table);

        // Every tablet of every council was acknowledged in every burst, alone and together; none refused.
        Assert.Empty(result.Refusals);
        Assert.Equal(options.Rounds * options.Seats, result.Alone.Count);
        Assert.Equal(["rada-01", "rada-02"], result.Together.Select(h => h.Name));
        Assert.All(result.Together, h => Assert.Equal(options.Rounds * options.Seats, h.Count));
        Assert.True(result.Viewers > 0, "the viewers watched");
        // Each kill moved the sitting off the killed node, and nothing acknowledged was lost or counted twice.
        Assert.Single(result.Kills);
        Assert.All(result.Kills, k =>
        {
            Assert.True(k.AckedSoFar > 0);
            Assert.Equal(0, k.Lost);
            Assert.Equal(0, k.Doubled);
            Assert.NotEqual(k.Killed, k.MovedTo);
        });
        Assert.Contains("| rada-02 |", table);
        Assert.Contains("| the first acknowledged press |", table);
    }
}
