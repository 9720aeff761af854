"""An import's cards written by another thread (store/importing.py, on SQLite): a Ctrl-C
while the importing process waits for them leaves them to be waited for before the
transaction is rolled back, never under a write still going on."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from carddeck.paths import deck_location
from carddeck.store.engine import open_store
from carddeck.store.importing import Importing

NOW = "2026-11-30 12:00:00.000000"


def card(i: int) -> tuple[Any, ...]:
    """The values of ``Importing.INSERT`` for one card."""
    return (f"Lead {i}", "Co", None, f"+1212555{i:04d}", f"lead{i}@example.com", None, None,
            None, "lead", None, None, None, NOW, NOW, NOW, i * 1024, None, None, None,
            None)  # fmt: skip


def test_ctrl_c_while_waiting_for_the_writes_leaves_them_to_be_waited_for(
    tmp_path: Path,
) -> None:
    path = tmp_path / "deck.sqlite"
    open_store(deck_location(str(path))).close()
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    importing = Importing(conn, background=True)
    importing.add_all([card(i) for i in range(60_000)])  # written meanwhile, ~0.5 s
    assert importing.writing

    def ctrl_c(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGALRM, ctrl_c)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.02)
        with pytest.raises(KeyboardInterrupt):
            importing.settle()  # Ctrl-C in the middle of the wait
        assert importing.writing  # still writing: nothing may be rolled back yet
        signal.setitimer(signal.ITIMER_REAL, 0.01, 0.01)  # and again, while abandon waits
        importing.abandon()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
    assert not importing.writing
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT count(*) FROM card").fetchone()[0] == 0
    conn.close()
