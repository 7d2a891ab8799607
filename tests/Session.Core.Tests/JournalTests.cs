using Session.Core.Journal;
using Session.Core.Sittings;
using Session.Core.Voting;
using Xunit;

namespace Session.Core.Tests;

public sealed class JournalTests
{
    [Fact]
    public void The_chain_starts_from_the_sitting_genesis_and_links_every_event()
    {
        var p = new Player(sittingId: "s-42");
        p.Register(1, 2, 3);
        var prev = HashChain.Genesis("s-42");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("session:s-42"u8.ToArray())), prev);
        foreach (var e in p.Journal)
        {
            Assert.Equal(HashChain.Next(prev, e.Canonical), e.Hash);
            prev = e.Hash;
        }
    }

    [Fact]
    public void A_published_line_splits_back_into_its_canonical_text_and_hash()
    {
        var p = new Player();
        var e = p.Journal[0];
        var (canonical, hash) = HashChain.SplitPublished(e.PublishedLine);
        Assert.Equal(e.Canonical, canonical);
        Assert.Equal(e.Hash, hash);
        Assert.Contains("Тестова рада", e.PublishedLine); // Ukrainian stays readable in the journal
    }

    [Fact]
    public void A_changed_byte_is_found_and_named_by_its_sequence_number()
    {
        var p = new Player();
        p.Register(1, 2, 3);
        var bad = p.Journal[2];
        var tampered = bad.Canonical.Replace("\"seat\":1", "\"seat\":3");
        Assert.NotEqual(bad.Canonical, tampered);
        var ex = Assert.Throws<JournalCorruptException>(() => HashChain.Read(tampered, bad.Hash, p.Journal[1].Hash, 3));
        Assert.Equal(3, ex.Seq);
    }

    [Fact]
    public void An_opening_with_a_deputy_or_seat_twice_or_a_remote_place_of_no_deputy_is_bad_data_and_the_fold_stops()
    {
        // A fuzzing finding (fuzz/corpus/journal/finding-deputy-twice-in-roster): the verifier's roll calls crashed
        // on the duplicate key instead of reporting a bad journal.
        var opening = (SittingOpened)new Player().Journal[0].Event;
        var r = opening.Roster;
        var bad = new[]
        {
            r with { Deputies = [.. r.Deputies, r.Deputies[0] with { FullName = "Двійник" }] },
            r with { Seats = [.. r.Seats, r.Seats[0] with { Label = "ще раз" }] },
            r with { Seats = [.. r.Seats, new Session.Core.Council.Seat(Session.Core.Council.RemoteSeats.First + r.Deputies.Count, "дист.", Remote: true)] },
        };
        foreach (var roster in bad)
        {
            var sitting = Sitting.Empty(opening.SittingId);
            var entry = HashChain.Seal(1, DateTimeOffset.UnixEpoch, opening with { Roster = roster }, HashChain.Genesis(opening.SittingId));
            var ex = Assert.Throws<FormatException>(() => sitting.Apply(entry));
            Assert.Contains("each deputy and seat once", ex.Message);
            Assert.Null(sitting.Opening); // nothing of the bad event was taken
        }
        var good = Sitting.Empty(opening.SittingId);
        good.Apply(HashChain.Seal(1, DateTimeOffset.UnixEpoch, opening, HashChain.Genesis(opening.SittingId)));
        Assert.NotNull(good.Opening);
    }

    [Fact]
    public void Replay_rebuilds_the_same_state_as_live_play()
    {
        var p = new Player();
        p.Register(Enumerable.Range(1, 18).ToArray());
        var item = p.AddItem();
        p.Must(new StartAgendaItem(item));
        p.Must(new DeclareConflict("d5", null, "x"));
        var v = p.OpenVote();
        for (int s = 1; s <= 17; s++) p.Cast(s, v, (Choice)(s % 3 + 1));
        p.Must(new EnterProxyVote(v, "d18", Choice.Yes, "r"));
        p.Must(new CloseVote(v, "chair"));
        Assert.Equal(Fingerprint(p.Sitting), Fingerprint(p.Replay()));
    }

    internal static string Fingerprint(Sitting s) => System.Text.Json.JsonSerializer.Serialize(Wire.Views.Public(s), Journal.JournalJson.Options);
}
