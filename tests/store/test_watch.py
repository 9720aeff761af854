"""An open screen hears other programs' commits, not its own store's."""

from __future__ import annotations

import time

from carddeck import deck
from carddeck.paths import deck_location
from carddeck.store import Store, open_store


def test_a_stores_own_commits_are_no_news_to_its_watcher(store: Store, deck_at: str) -> None:
    watcher = store.watch()
    store.after_write = watcher.ours  # as the screen wires them
    try:
        assert not watcher.changed()
        with store.write() as s:
            deck.add_card(s, deck.CardDraft(name="Own Lead"))
        time.sleep(0.3)  # on a server, the notification would have arrived by now
        assert not watcher.changed()
        other = open_store(deck_location(deck_at))
        try:
            with other.write() as s:
                deck.add_card(s, deck.CardDraft(name="Their Lead"))
        finally:
            other.close()
        deadline = time.monotonic() + 5
        while not watcher.changed():
            assert time.monotonic() < deadline, "another program's commit was not heard"
            time.sleep(0.05)
        assert not watcher.changed()  # once
    finally:
        watcher.close()
