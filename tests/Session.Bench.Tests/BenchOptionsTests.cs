using Session.Bench.Hall;
using Session.Bench.Viewers;
using Xunit;

namespace Session.Bench.Tests;

public sealed class BenchOptionsTests
{
    [Theory]
    [InlineData("--seats", "0", "--seats має бути цілим числом від 3 до 999", "--seats must be a whole number from 3 to 999")]
    [InlineData("--warmup", "-1", "--warmup має бути цілим числом від 0 до 100", "--warmup must be a whole number from 0 to 100")]
    [InlineData("--hall-env", "DOTNET_TieredPGO", "--hall-env має бути NAME=VALUE", "--hall-env must be NAME=VALUE")]
    [InlineData("--viewers", "lots", "--viewers має бути цілим числом", "--viewers must be a whole number")]
    [InlineData("--affinity", "core7", "--affinity має бути pinned, unpinned або both", "--affinity must be pinned, unpinned or both")]
    [InlineData("--viewers-url", "ftp://example/hubs/public", "--viewers-url має бути адресою", "--viewers-url must be a ws://")]
    [InlineData("--audiences", "hall,tv", "--audiences має бути переліком", "--audiences must be a comma-separated list")]
    [InlineData("--audiences", "relay,relay", "--audiences має бути переліком", "--audiences must be a comma-separated list")]
    public void A_bad_bench_option_stops_the_bench_in_Ukrainian_and_English(string name, string value, string uk, string en)
    {
        var (options, error) = BenchOptions.Parse([name, value], "/repo");
        Assert.Null(options);
        Assert.Contains(uk, error);
        Assert.Contains(en, error);
    }

    [Fact]
    public void The_quick_form_is_small_pinned_and_leaves_BENCHMARKS_md_alone()
    {
        var (options, error) = BenchOptions.Parse(["--quick"], "/repo");
        Assert.Null(error);
        Assert.Equal((45, 500, 2, 1, Affinity.Pinned), (options!.Seats, options.Viewers, options.Votes, options.Warmup, options.Affinity));
        Assert.Null(options.Out);
        Assert.Equal("/repo/bench/results/hall-quick.md", options.Results);
    }

    [Fact]
    public void The_full_form_measures_450_seats_and_10000_viewers_pinned_and_unpinned_into_BENCHMARKS_md()
    {
        var (options, _) = BenchOptions.Parse([], "/repo");
        Assert.Equal((450, 10_000, 5, 3, Affinity.Both), (options!.Seats, options.Viewers, options.Votes, options.Warmup, options.Affinity));
        Assert.Equal([Audience.Relay, Audience.RelayMessagePack, Audience.Hall], options.Audiences);
        Assert.Equal("/repo/BENCHMARKS.md", options.Out);
        Assert.Null(options.ViewersUrl);
    }

    [Theory]
    [InlineData(new[] { "--trace" }, null, "/repo/bench/results/hall.md")]
    [InlineData(new[] { "--results", "/tmp/h.md" }, null, "/tmp/h.md")]
    [InlineData(new[] { "--trace", "--out", "/tmp/B.md" }, "/tmp/B.md", "/repo/bench/results/hall.md")]
    public void A_traced_run_or_one_with_its_own_results_file_leaves_BENCHMARKS_md_alone_unless_out_names_it(string[] args, string? output, string results)
    {
        var (options, error) = BenchOptions.Parse(args, "/repo");
        Assert.Null(error);
        Assert.Equal((output, results), (options!.Out, options.Results));
    }

    [Fact]
    public void Audiences_can_be_chosen_and_run_in_the_order_given()
    {
        var (options, error) = BenchOptions.Parse(["--audiences", "relay-msgpack, hall"], "/repo");
        Assert.Null(error);
        Assert.Equal([Audience.RelayMessagePack, Audience.Hall], options!.Audiences);
    }

    [Fact]
    public void The_viewers_default_to_the_servers_public_hub_over_WebSockets()
    {
        Assert.Equal("ws://127.0.0.1:4321/hubs/public", BenchOptions.WebSocketUrl(new Uri("http://127.0.0.1:4321/"), "/hubs/public").ToString());
        Assert.Equal("wss://hall.example/hubs/public", BenchOptions.WebSocketUrl(new Uri("https://hall.example/"), "/hubs/public").ToString());
    }

    [Theory]
    [InlineData(new[] { "--viewers", "10" }, "--url має бути адресою ws:// або wss://", "--url must be a ws:// or wss:// address")]
    [InlineData(new[] { "--url", "http://127.0.0.1:1/hubs/public" }, "--url має бути адресою ws:// або wss://", "--url must be a ws:// or wss:// address")]
    [InlineData(new[] { "--url", "ws://127.0.0.1:1/hubs/public", "--viewers", "-3" }, "--viewers має бути додатним", "--viewers must be a positive")]
    [InlineData(new[] { "--url", "ws://127.0.0.1:1/hubs/public", "--council", "a\"b" }, "не можуть містити лапок", "may not hold quotes")]
    [InlineData(new[] { "--url", "ws://127.0.0.1:1/hubs/public", "--protocol", "xml" }, "--protocol має бути json або messagepack", "--protocol must be json or messagepack")]
    public void A_bad_driver_option_stops_the_driver_in_Ukrainian_and_English(string[] args, string uk, string en)
    {
        var options = DriverOptions.Parse(args);
        Assert.Contains(uk, options.Error);
        Assert.Contains(en, options.Error);
    }
}
