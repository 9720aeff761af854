"""carddeck copy: a whole deck from a file to a PostgreSQL server and back, nothing lost,
ids kept, checked; a deck already there is not replaced unless told; and every export of
the copy is the same bytes as the original's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import pg
from tests.cli.conftest import Run, ok
from tests.cli.test_import_export import FIXTURES, _worked_deck


@pytest.fixture
def server_deck(pg_cluster: pg.Cluster | str) -> Iterator[str]:
    if isinstance(pg_cluster, str):
        pytest.skip(pg_cluster)
    name = pg_cluster.new_database(empty=True)
    yield pg_cluster.url(name)
    pg_cluster.drop(name)


def _everything(run: Run, db: str) -> list[str]:
    """What a person can see of a deck: every export, the imports, each card's history."""
    seen = [ok(run("export", "-", "--format", kind, *extra, db=db)).stdout
            for kind, extra in (("json", ["--contacts"]), ("csv", []), ("csv", ["--contacts"]),
                                ("ics", []), ("vcf", []))]  # fmt: skip
    seen.append(ok(run("imports", db=db)).stdout)
    seen += [ok(run("history", str(n), db=db)).stdout for n in (1, 2)]
    return seen


@pytest.mark.sqlite_only  # from a file to the server and back: both in one test
def test_a_deck_goes_to_the_server_and_back_whole(
    run: Run, tmp_path: Path, server_deck: str, clock: object
) -> None:
    here = str(tmp_path / "deck.sqlite")
    _worked_deck(lambda *a, **k: run(*a, db=here, **k))
    ok(run("import", str(FIXTURES / "google_contacts.csv"), db=here))
    ok(run("add", "Temp Lead", db=here))
    ok(run("undo", db=here))  # its id is spent: never handed out again
    ok(run("dnc", "2", db=here))
    before = _everything(run, here)
    sent = ok(run("copy", "--to", server_deck, db=here))
    assert "checked: every row the same" in sent.stdout and "3 cards" in sent.stdout
    assert _everything(run, server_deck) == before  # the same bytes from the server
    back = str(tmp_path / "back.sqlite")
    ok(run("copy", "--to", back, db=server_deck))
    assert _everything(run, back) == before
    for db in (server_deck, back):
        assert ok(run("add", "Next Lead", db=db)).stdout.strip() == "5"  # not #4, undone
        assert "intact" in ok(run("check", db=db)).stdout


@pytest.mark.sqlite_only
def test_a_deck_already_there_is_kept_unless_forced(
    run: Run, tmp_path: Path, server_deck: str, clock: object
) -> None:
    here = str(tmp_path / "deck.sqlite")
    ok(run("add", "Ann Lee", db=here))
    ok(run("add", "Their Lead", db=server_deck))
    refused = run("copy", "--to", server_deck, db=here)
    assert refused.exit_code == 1 and "already holds a deck (1 card" in refused.stderr
    assert "--force replaces it" in refused.stderr
    assert "Their Lead" in ok(run("list", db=server_deck)).stdout
    ok(run("copy", "--to", server_deck, "--force", db=here))
    listed = ok(run("list", db=server_deck)).stdout
    assert "Ann Lee" in listed and "Their Lead" not in listed
    typo = run("copy", "--from", str(tmp_path / "tpyo.sqlite"), "--to", server_deck, "--force")
    assert typo.exit_code == 1 and "no deck file there to copy" in typo.stderr
    assert not (tmp_path / "tpyo.sqlite").exists()
    assert run("copy", "--to", "", db=here).exit_code == 2  # never the default deck by mistake
    empty = str(tmp_path / "empty.sqlite")
    ok(run("list", db=empty))
    nothing = run("copy", "--from", empty, "--to", server_deck, "--force")
    assert nothing.exit_code == 1 and "holds no cards: nothing to copy" in nothing.stderr
    assert "Ann Lee" in ok(run("list", db=server_deck)).stdout
    itself = run("copy", "--to", here, db=here)
    assert itself.exit_code == 1 and "is the deck itself" in itself.stderr
    down = run("copy", "--to", "postgresql://carddeck@127.0.0.1:1/deck", db=here)
    assert down.exit_code == 5 and "cannot reach the server" in down.stderr
