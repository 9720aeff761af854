"""A deck shared by sellers: who you are, the inbox (the method's filter step: take,
assign or junk each new lead), your own cards by default and everyone's when asked, who
logged what, and the scoreboard by seller. A deck of your own never shows any of it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import pg
from tests.cli.conftest import Run, data, ok


@pytest.fixture
def shared(pg_cluster: pg.Cluster | str) -> Iterator[str]:
    if isinstance(pg_cluster, str):
        pytest.skip(pg_cluster)
    name = pg_cluster.new_database()
    yield pg_cluster.url(name)
    pg_cluster.drop(name)


def as_seller(run: Run, db: str, monkeypatch: pytest.MonkeyPatch, seller: str) -> Run:
    def invoke(*args: str) -> object:
        with monkeypatch.context() as patched:
            patched.setenv("CARDDECK_SELLER", seller)
            return run(*args, db=db)

    return invoke  # type: ignore[return-value]


@pytest.mark.sqlite_only  # the run fixture's own deck is not used: the server's is
def test_the_filter_step_and_two_sellers(
    run: Run, shared: str, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    ann, sam = (as_seller(run, shared, monkeypatch, who) for who in ("Ann", "Sam"))
    assert ok(ann("whoami")).stdout.strip() == "Ann (from $CARDDECK_SELLER)"
    ok(ann("add", "Mine One", "--owner", "me"))  # the first lead with a seller: shared now
    added = ok(ann("add", "Lead Two", "--source", "Ads"))
    assert "in the inbox: carddeck take 2" in added.stderr
    ok(ann("add", "Spam Three", "--source", "Ads"))
    waiting = data(ann("inbox", "--json"))
    assert [c["name"] for c in waiting] == ["Lead Two", "Spam Three"]
    assert waiting[0]["hours_left"] == 24 and waiting[0]["first_contact_due"]  # the clock runs
    assert "Taken: #2 Lead Two is yours" in ok(sam("take", "2")).stdout
    assert "Sam's already" in ann("take", "2").stderr
    assert "is yours already" in sam("take", "2").stderr
    for blank in ("", "   "):  # a lead nobody could ever see
        assert "named by their name" in ann("add", "Nobody's", "--owner", blank).stderr
    assert "counted against its source" in ok(ann("junk", "3")).stdout
    assert "not in the inbox" in ann("junk", "1").stderr
    assigned = ok(ann("assign", "1", "sam"))  # not a new seller "sam": Sam, as the deck knows
    assert "to Sam" in assigned.stdout and "new to this deck" not in assigned.stderr
    ok(ann("add", "Ann's Four", "--owner", "me"))
    assert [c["name"] for c in data(ann("list", "--json"))] == ["Ann's Four"]
    assert "None of these cards is yours" in ok(as_seller(run, shared, monkeypatch, "Zoe")(
        "list")).stderr  # fmt: skip
    assert {c["name"] for c in data(sam("list", "--json"))} == {"Lead Two", "Mine One"}
    everyone = {c["name"] for c in data(ann("list", "--everyone", "--json"))}
    assert everyone == {"Lead Two", "Mine One", "Ann's Four"}
    assert {c["name"] for c in data(sam("today", "--json"))["new"]} == {"Lead Two", "Mine One"}
    assert len(data(ann("today", "--all", "--json"))["new"]) == 3
    ok(sam("log", "2", "--rating", "6", "--interest", "5", "--notch", "a trial"))
    board = data(ann("stats", "--json"))["sellers"]
    assert board["junk_by_source"] == {"Ads": 1} and board["inbox"] == 0
    lines = {line["seller"]: line for line in board["by_seller"]}
    assert (lines["Sam"]["open"], lines["Sam"]["contacts"]) == (2, 1)
    assert (lines["Ann"]["open"], lines["Ann"]["contacts"]) == (1, 0)
    assert "Undid the log of #2" in ok(sam("undo")).stdout  # the journal has it all
    ok(sam("undo"))  # ... Ann's add
    ok(sam("undo"))  # ... the assign
    assert data(ann("show", "1", "--json"))["owner"] == "Ann"  # hers again, as added


def test_a_deck_with_one_seller_never_thinks_about_it(
    run: Run, deck_at: str, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    ok(run("add", "Ann Lee"))
    assert "inbox" not in ok(run("add", "Bob Stone")).stderr
    assert len(data(run("list", "--json"))) == 2
    assert "sellers" not in data(run("stats", "--json"))
    said = ok(run("inbox"))
    assert "nobody has taken a lead yet" in said.stderr and "Bob Stone" in said.stdout
    ann, sam = (as_seller(run, deck_at, monkeypatch, who) for who in ("Ann", "Sam"))
    ok(ann("take", "1"))  # from now on the deck is shared, on a file as on a server
    assert [c["name"] for c in data(ann("list", "--json"))] == ["Ann Lee"]
    assert data(sam("list", "--json")) == []
    assert [c["name"] for c in data(sam("inbox", "--json"))] == ["Bob Stone"]
    assert "in the inbox: carddeck take 3" in ok(sam("add", "Cy Young")).stderr
    typo = ok(sam("assign", "3", "Sammy Typo"))
    assert "Sammy Typo is a seller new to this deck" in typo.stderr


def test_junk_is_counted_before_the_deck_is_shared(run: Run, clock: object) -> None:
    ok(run("add", "Spam Bot", "--source", "Web form"))
    ok(run("junk", "1"))
    board = data(run("stats", "--json"))["sellers"]
    assert board == {"by_seller": [], "inbox": 0, "junk_by_source": {"Web form": 1}}
    bad = run("copy", "--from", "postgresq://x@127.0.0.1/deck", "--to", "x.sqlite")
    assert bad.exit_code == 1 and "not a postgresq:// URL" in bad.stderr
