using Session.Hardware.Polling;
using Session.Hardware.SeatBus;
using Session.SeatGateway;

namespace Session.Hardware.Tests;

public sealed class GatewayConfigAndOutboxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gwcfg-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string json)
    {
        File.WriteAllText(Path.Combine(_dir, "gateway.key"), "secret-key");
        var path = Path.Combine(_dir, "gateway.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Config_maps_address_ranges_and_explicit_seats_with_paths_relative_to_the_file()
    {
        var config = GatewayConfig.Load(Write("""
            { "hubUrl": "http://127.0.0.1:5000", "keyFile": "gateway.key",
              "lines": [ { "tty": "/tmp/a", "baud": 460800, "addresses": "1-3", "firstSeat": 10 },
                         { "tty": "/tmp/b", "seats": { "7": 1, "8": 2 } } ] }
            """));
        Assert.Equal("http://127.0.0.1:5000/hubs/terminal", config.HubEndpoint);
        Assert.Equal(Path.Combine(_dir, "gateway.key"), config.KeyFile);
        Assert.Equal(Path.Combine(_dir, "gateway.outbox.jsonl"), config.StateFile);
        Assert.Equal(new Dictionary<byte, int> { [1] = 10, [2] = 11, [3] = 12 }, config.SeatMap(0));
        Assert.Equal(new Dictionary<byte, int> { [7] = 1, [8] = 2 }, config.SeatMap(1));
        Assert.Equal(115200, config.Lines[1].Baud);
    }

    [Theory]
    [InlineData("""{ "hubUrl": "ftp://x", "keyFile": "gateway.key", "lines": [ { "tty": "/tmp/a", "addresses": "1" } ] }""", "hubUrl")]
    [InlineData("""{ "hubUrl": "http://x", "keyFile": "missing.key", "lines": [ { "tty": "/tmp/a", "addresses": "1" } ] }""", "keyFile")]
    [InlineData("""{ "hubUrl": "http://x", "keyFile": "gateway.key", "lines": [ { "tty": "/tmp/a", "baud": 9999, "addresses": "1" } ] }""", "lines[0].baud")]
    [InlineData("""{ "hubUrl": "http://x", "keyFile": "gateway.key", "lines": [ { "tty": "/tmp/a", "addresses": "1-2" }, { "tty": "/tmp/b", "seats": { "1": 2 } } ] }""", "seat 2")]
    [InlineData("""{ "hubUrl": "http://x", "keyFile": "gateway.key", "lines": [ { "tty": "/tmp/a", "seats": { "300": 2 } } ] }""", "\"300\"")]
    [InlineData("""{ "hubUrl": "http://x", "keyFile": "gateway.key", "lines": [ { "tty": "/tmp/a" } ] }""", "maps no addresses")]
    [InlineData("""{ "hubUrl": "http://x", "keyFile": "gateway.key", "lines": [ { "tty": "/tmp/a", "adresses": "1" } ] }""", "adresses")]
    [InlineData("""{ "hubUrl": "http://x", "keyFile": "gateway.key", "hid": [ { "seat": 3 } ] }""", "hid[0] needs device or usbPort")]
    [InlineData("""{ "hubUrl": "http://x", "keyFile": "gateway.key" }""", "nothing to serve")]
    public void Bad_config_is_refused_naming_the_bad_key(string json, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => GatewayConfig.Load(Write(json)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public async Task Outbox_keeps_pending_commands_and_seat_memory_across_a_restart_and_ignores_a_torn_last_line()
    {
        var path = Path.Combine(_dir, "outbox.jsonl");
        await using (var outbox = Outbox.Open(path))
        {
            await outbox.KeepAsync(new KeyPressed(1, 4, 9, SeatKey.No, null), SeatKeys.No, new OutboxCommand("c1", "Cast", 17, "v1", "no"));
            await outbox.KeepAsync(new OutboxCommand("c2", "Identify", 17, Card: "04A22B11"));
            await outbox.KeepAsync(new KeyPressed(0, 2, 3, SeatKey.Yes, null), SeatKeys.Yes, null);
            outbox.Done("c2");
        }
        File.AppendAllText(path, "{\"t\":\"cmd\",\"cmd\":{\"id\":\"torn"); // a crash in the middle of a write
        await using (var outbox = Outbox.Open(path))
        {
            Assert.Equal([new OutboxCommand("c1", "Cast", 17, "v1", "no")], outbox.Pending());
            Assert.Equal(new SeatMemory(9, SeatKeys.No), outbox.MemoryOf(1)[4]);
            Assert.Equal(new SeatMemory(3, SeatKeys.Yes), outbox.MemoryOf(0)[2]);
            outbox.Done("c1");
        }
        await using (var outbox = Outbox.Open(path))
            Assert.Empty(outbox.Pending());
    }
}
