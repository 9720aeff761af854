"""Backups of a deck: taken with SQLite's online backup API (safe while the screen is open
and other commands write), kept private in the data folder's ``backups/``, checked before a
restore, and a rolling daily one on the first change of each day."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

from carddeck.errors import NotADeck, StoreError
from carddeck.store.files import PRIVATE_FILE, cause, damage, private_folder

DAILY = "daily"


def folder() -> Path:
    """Where backups go: ``backups/`` in the data folder (not created here)."""
    from carddeck.paths import data_dir

    return data_dir() / "backups"


def deck_key(deck: Path) -> str:
    """A name for one deck's backups: its file name and a hash of where it lives, so two
    decks called deck.sqlite keep apart."""
    where = hashlib.sha1(str(deck.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return f"{deck.stem}-{where[:6]}"


def _stamp(now: datetime) -> str:
    return now.strftime("%Y-%m-%d-%H%M%S")


def named(deck: Path, what: str, now: datetime | None = None) -> Path:
    """A backup's path: ``backups/deck-1a2b3c-<what>-2026-11-29-143001.sqlite``."""
    now = now or datetime.now()
    return folder() / f"{deck_key(deck)}-{what}-{_stamp(now)}.sqlite"


def _daily(deck: Path, day: str) -> Path:
    return folder() / f"{deck_key(deck)}-{DAILY}-{day}.sqlite"


def dailies(deck: Path) -> list[Path]:
    """The deck's daily backups, oldest first."""
    found = folder().glob(f"{deck_key(deck)}-{DAILY}-*.sqlite") if folder().is_dir() else []
    return sorted(found)


def newest(deck: Path) -> Path | None:
    """The deck's most recent backup of any kind, if it has one."""
    if not folder().is_dir():
        return None
    found = [p for p in folder().glob(f"{deck_key(deck)}-*.sqlite") if p.is_file()]
    return max(found, key=lambda p: p.stat().st_mtime, default=None)


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection that works even in a read-only folder."""
    uri = f"file:{path}?mode=ro"
    if not os.access(path.parent, os.W_OK):
        uri += "&immutable=1"  # no -shm can be made there, and no writer can be working
    conn = sqlite3.connect(uri, uri=True)
    try:
        yield conn
    finally:
        conn.close()


def copy(source: Path, target: Path) -> Path:
    """Copy the deck at ``source`` to ``target`` (a new private file, written whole or not
    at all) through SQLite's backup API: a consistent copy while others use the deck."""
    private_folder(target.parent)
    part = target.with_name(f".{target.name}.part-{os.getpid()}")
    try:
        with _reading(source) as src, closing(sqlite3.connect(part)) as dst:
            os.chmod(part, PRIVATE_FILE)
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        os.replace(part, target)
    except OSError as err:
        raise StoreError(f"cannot write the backup: {cause(err, target)}") from err
    except sqlite3.Error as err:
        raise StoreError(f"cannot back up {source}: {err}") from err
    finally:
        if part.exists():
            part.unlink()
    return target


def take_daily(deck: Path, *, keep: int, now: datetime | None = None) -> Path | None:
    """The day's backup, taken once, before its first change; only the newest ``keep``
    dailies are kept. None when today's is already there."""
    now = now or datetime.now()
    today = _daily(deck, now.strftime("%Y-%m-%d"))
    if today.exists() or not deck.exists() or deck.stat().st_size == 0:
        return None
    copy(deck, today)
    for old in dailies(deck)[: -max(1, keep)]:
        old.unlink(missing_ok=True)
    return today


def check(path: Path) -> list[str]:
    """What SQLite's integrity check finds wrong with the deck (nothing: an empty list)."""
    shape = damage(path)
    if shape:
        return [shape]
    try:
        with _reading(path) as conn:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
            rows += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
    except sqlite3.DatabaseError as err:
        return [str(err)]
    return [] if rows == ["ok"] else [r for r in rows if r != "ok"]


def revision(path: Path) -> str | None:
    """The schema revision of the deck at ``path``; refuses what is not a carddeck deck."""
    try:
        with _reading(path) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not {"card", "alembic_version"} <= tables:
                raise NotADeck(f"{path} is not a carddeck deck")
            found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as err:
        raise NotADeck(f"{path} is not a carddeck deck ({err})") from err
    return str(found[0]) if found else None


def keep_aside(deck: Path) -> Path | None:
    """Before a restore: keep the deck as it is as a backup (a damaged one as a plain copy
    of its file, which is all it can be). None when there is no deck yet."""
    if not deck.exists() or deck.stat().st_size == 0:
        return None
    target = named(deck, "before-restore")
    if not check(deck):
        return copy(deck, target)
    import shutil

    private_folder(target.parent)
    try:
        shutil.copyfile(deck, target)
        os.chmod(target, PRIVATE_FILE)
    except OSError as err:
        raise StoreError(f"cannot keep the deck aside: {cause(err, target)}") from err
    return target


def restore(source: Path, deck: Path) -> None:
    """Put the backup at ``source`` in the deck's place. A sound deck takes it page by page
    under its write lock, so an open screen sees the change as any other; a damaged one is
    replaced as a file (its -wal and -shm go with it)."""
    try:
        if deck.exists() and deck.stat().st_size and not check(deck):
            with _reading(source) as src, closing(sqlite3.connect(deck, timeout=5)) as dst:
                src.backup(dst)
            return
        fresh = deck.with_name(f".{deck.name}.restore-{os.getpid()}")
        copy(source, fresh)
        for side in ("-wal", "-shm", "-journal"):
            Path(f"{deck}{side}").unlink(missing_ok=True)
        os.replace(fresh, deck)
    except OSError as err:
        raise StoreError(f"cannot restore: {cause(err, deck)}") from err
    except sqlite3.Error as err:
        raise StoreError(f"cannot restore {source} into {deck}: {err}") from err
