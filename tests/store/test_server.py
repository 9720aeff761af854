"""A deck on a real PostgreSQL server: made on first open, writers queued on one lock,
other sellers' changes heard, and every failure of the server named in one line with
nothing half written."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from carddeck import deck
from carddeck.errors import StoreError
from carddeck.paths import deck_location
from carddeck.store import Store, open_store, server
from carddeck.store.schema import HEAD_REVISION
from tests import pg


@pytest.fixture
def cluster(pg_cluster: pg.Cluster | str) -> pg.Cluster:
    if isinstance(pg_cluster, str):
        pytest.skip(pg_cluster)
    return pg_cluster


@pytest.fixture
def empty(cluster: pg.Cluster) -> Iterator[str]:
    """A database with nothing in it yet."""
    name = cluster.new_database(empty=True)
    yield cluster.url(name)
    cluster.drop(name)


def cards(store: Store) -> list[str]:
    with store.read() as s:
        return [c.name for _, c in deck.list_cards(s)]


def test_an_empty_database_becomes_a_deck_and_opens_again(empty: str) -> None:
    store = open_store(deck_location(empty))
    with store.write() as s:
        deck.add_card(s, deck.CardDraft(name="Ann Lee"))
    store.close()
    again = open_store(deck_location(empty.replace("postgresql://", "postgres://")))
    assert cards(again) == ["Ann Lee"]
    with again.read() as s:
        revision = s.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert revision == HEAD_REVISION
    again.close()


def test_without_psycopg_one_line_says_what_to_install(
    empty: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:
        patched.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
        with pytest.raises(StoreError, match=r"needs psycopg.*pip install 'carddeck\[postgres\]'"):
            open_store(deck_location(empty))


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql://carddeck@127.0.0.1:1/deck", "cannot reach the server"),
        ("{base}/no_such_deck", 'there is no database "no_such_deck"'),
        ("{host}/postgres", 'has no user "nobody_here"'),
        ("postgresql://carddeck@nosuchhost.invalid/deck", "cannot reach the server"),
        ("postgresql://carddeck@127.0.0.1:notaport/deck", "not a PostgreSQL URL carddeck can use"),
    ],
)
def test_server_trouble_is_one_line(cluster: pg.Cluster, url: str, said: str) -> None:
    host = cluster.base_url.replace("carddeck@", "nobody_here@")
    url = url.format(base=cluster.base_url, host=host)
    with pytest.raises(StoreError, match=said) as err:
        open_store(deck_location(url))
    assert "\n" not in str(err.value)


def test_a_password_is_never_shown(cluster: pg.Cluster) -> None:
    url = cluster.base_url.replace("carddeck@", "carddeck:s3cret@") + "/no_such_deck"
    with pytest.raises(StoreError) as err:
        open_store(deck_location(url))
    assert "s3cret" not in str(err.value) and "carddeck:***@" in str(err.value)
    with pytest.raises(StoreError) as err:
        open_store(deck_location(f"{cluster.base_url}/no_such_deck?password=s3cret"))
    assert "s3cret" not in str(err.value) and "password=***" in str(err.value)


async def test_the_screen_says_a_lost_server_and_goes_on(cluster: pg.Cluster) -> None:
    from tests.tui.conftest import app_for, settle

    name = cluster.new_database()
    store = open_store(deck_location(cluster.url(name)))
    with store.write() as s:
        deck.add_card(s, deck.CardDraft(name="Ann Lee"))
        deck.add_card(s, deck.CardDraft(name="Bob Stone"))
    app = app_for(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        cluster.drop(name)  # the deck goes away under the open screen
        for key in ("j", "2", "l", "s"):  # each reads the deck: each says why it cannot
            await pilot.press(key)
            await pilot.pause(0.3)
        said = [n.message for n in app._notifications]
        assert sum("there is no database" in m for m in said) >= 3, said
        assert app.is_running  # one line, and the screen goes on
    store.close()


def test_a_lost_connection_loses_nothing_and_says_so(empty: str) -> None:
    store = open_store(deck_location(empty))
    with store.write() as s:
        deck.add_card(s, deck.CardDraft(name="Ann Lee"))
    with pytest.raises(StoreError, match="connection to the deck .* was lost"):
        with store.write() as s:
            deck.add_card(s, deck.CardDraft(name="Half Written"))
            s.flush()
            pid = s.execute(text("SELECT pg_backend_pid()")).scalar()
            with open_store(store.location).engine.connect() as admin:
                admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            deck.add_card(s, deck.CardDraft(name="Never"))
            s.flush()
    assert cards(store) == ["Ann Lee"]  # and the next command just works again
    store.close()


def test_writers_queue_and_a_lock_held_too_long_is_busy(
    empty: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = open_store(deck_location(empty)), open_store(deck_location(empty))
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with first.write() as s:
            deck.add_card(s, deck.CardDraft(name="First"))
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(10)
    started = time.monotonic()
    threading.Timer(0.5, release.set).start()
    with second.write() as s:  # waits for the first, then lands after it
        deck.add_card(s, deck.CardDraft(name="Second"))
    assert time.monotonic() - started >= 0.4
    holder.join(10)
    assert cards(second) == ["First", "Second"] or cards(second) == ["Second", "First"]
    monkeypatch.setattr(server, "LOCK_WAIT", "300ms")
    release.clear()
    held.clear()
    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(10)
    with pytest.raises(StoreError, match="is busy: another seller is writing"):
        with second.write() as s:
            deck.add_card(s, deck.CardDraft(name="Third"))
    release.set()
    holder.join(10)
    assert "Third" not in cards(second)
    first.close()
    second.close()


def test_another_sellers_change_is_heard(empty: str) -> None:
    mine, theirs = open_store(deck_location(empty)), open_store(deck_location(empty))
    watcher = mine.watch()
    assert not watcher.changed()
    with theirs.write() as s:
        deck.add_card(s, deck.CardDraft(name="Their Lead"))
    deadline = time.monotonic() + 2
    while not watcher.changed():
        assert time.monotonic() < deadline, "not heard within 2 s"
        time.sleep(0.05)
    assert not watcher.changed()  # once per batch of commits
    with theirs.write() as s:  # a rolled-back change is not heard
        deck.add_card(s, deck.CardDraft(name="Dropped"))
        s.rollback()
    time.sleep(0.3)
    assert not watcher.changed()
    watcher.close()
    mine.close()
    theirs.close()


def test_the_migrations_run_on_a_server_too(empty: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from carddeck.store.schema import alembic_config

    engine = create_engine(server.driver_url(empty))
    with engine.begin() as conn:  # a deck made at the first schema, then upgraded step by step
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
        conn.exec_driver_sql(
            "INSERT INTO card (name, kind, status, stage, attempts, created_at, updated_at,"
            " position, version) VALUES ('Old Ann', 'lead', 'active', 'need', 0, now(), now(),"
            " 0, 1)"
        )
    engine.dispose()
    said: list[str] = []
    store = open_store(deck_location(empty), say=said.append)
    assert any("from schema 0003 to " + HEAD_REVISION in line for line in said), said
    assert cards(store) == ["Old Ann"]
    with store.write() as s:
        assert deck.add_card(s, deck.CardDraft(name="New Bo")).card.id == 2
    store.close()


def test_a_server_deck_at_0004_takes_the_sellers_and_customers_columns(empty: str) -> None:
    store = open_store(deck_location(empty))  # as made at 0004: no owner, no seller yet
    with store.write() as s:
        deck.add_card(s, deck.CardDraft(name="Ann Lee"))
        s.execute(text("DROP INDEX ix_card_new_leads"))  # 0007's
        s.execute(text("DROP TABLE sale"))  # 0006's
        s.execute(text("DROP INDEX ix_import_batch_content_hash"))
        s.execute(text("ALTER TABLE import_batch DROP COLUMN content_hash"))
        s.execute(text("ALTER TABLE change DROP COLUMN sale_id"))
        for column in ("value", "address", "other_emails", "other_phones"):
            s.execute(text(f"ALTER TABLE card DROP COLUMN {column}"))
        s.execute(text("DROP INDEX ix_card_owner"))
        s.execute(text("ALTER TABLE card DROP COLUMN owner"))
        s.execute(text("ALTER TABLE contact DROP COLUMN seller"))
        s.execute(text("UPDATE alembic_version SET version_num = '0004'"))
    store.close()
    again = open_store(deck_location(empty))
    with again.write() as s:
        card = deck.resolve_card(s, "ann")
        assert card.owner is None
        card.owner = "Sam"
    assert cards(again) == ["Ann Lee"]
    with again.read() as s:  # and 0007's index, which today's new leads are read from
        found = "SELECT indexname FROM pg_indexes WHERE indexname = 'ix_card_new_leads'"
        assert s.execute(text(found)).all() == [("ix_card_new_leads",)]
        owned = "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_card_owner'"
        (definition,) = s.execute(text(owned)).one()  # 0008's: only owned cards
        assert definition.endswith("WHERE (owner IS NOT NULL)"), definition
    again.close()
