"""An import's own rows over plain sqlite3 (``deck/leads.py``'s ``Intake``): the batch, its
journal rows, the hash of its file. The same rows as ``orm_intake.py`` writes, which
tests/deck/test_import_light.py proves; loads no ORM."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from carddeck.store.importing import Importing
from carddeck.store.rows import stored_time

#: SQLite's page cache during an import, in KiB.
CACHE_KIB = 1024


class LiteIntake:
    """The batch of one import, inside the caller's transaction on ``conn``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def importing(self, *, batched: bool) -> Importing:
        # SQLite's page cache held to 1 MiB for the import (2 by default): a big import's
        # peak memory stays that of a small one (the 1.2x), and its inserts were
        # measured no slower (the pages it spills are in the WAL, read back from the OS).
        self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        return Importing(self.conn, batched=batched, background=True)

    def new_batch(self, *, at: datetime, path: str, source: str | None, file_format: str,
                  encoding: str) -> int:  # fmt: skip
        cursor = self.conn.execute(
            "INSERT INTO import_batch (at, path, source, file_format, encoding, added, merged,"
            " skipped, undone_at, content_hash) VALUES (?, ?, ?, ?, ?, 0, 0, 0, NULL, NULL)",
            (stored_time(at), path, source, file_format, encoding),
        )
        return int(cursor.lastrowid or 0)

    def finish_batch(self, batch_id: int, *, added: int, merged: int, skipped: int) -> None:
        self.conn.execute(
            "UPDATE import_batch SET added = ?, merged = ?, skipped = ? WHERE id = ?",
            (added, merged, skipped, batch_id),
        )

    def journal_batch(self, op: int, batch_id: int, at: datetime, *, kind: str,
                      changed: bool) -> None:  # fmt: skip
        if not changed:
            self.conn.execute('DELETE FROM "change" WHERE op = ?', (op,))
            return
        self.conn.execute(
            'INSERT INTO "change" (op, at, kind, card_id, version_after)'
            " SELECT ?, ?, ?, id, version FROM card WHERE batch_id = ?",
            (op, stored_time(at), kind, batch_id),
        )

    def record_hash(self, batch_id: int, content_hash: str) -> None:
        """Note the file's hash on its batch (a drop folder imports each file once)."""
        self.conn.execute(
            "UPDATE import_batch SET content_hash = ? WHERE id = ?", (content_hash, batch_id)
        )
