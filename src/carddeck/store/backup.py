"""Backups of a deck: taken with SQLite's online backup API (safe while the screen is open
and other commands write), kept private in the data folder's ``backups/``, checked before a
restore, and a rolling daily one on the first change of each day."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

from carddeck.errors import DamagedDeck, NotADeck, StoreError
from carddeck.store.files import (
    PRIVATE_FILE,
    SIDE_FILES,
    cause,
    damage,
    keep_private,
    part_of,
    private_folder,
    remove_quietly,
    sqlite_cause,
    sweep_parts,
    writable,
)

DAILY = "daily"
#: In the name of a copy kept of a damaged deck: never offered as a backup to restore.
DAMAGED = "damaged"
#: How many copies taken before upgrades, and before restores, are kept (of each).
KEEP_SPECIAL = 3


def folder() -> Path:
    """Where backups go: ``backups/`` in the data folder (not created here)."""
    from carddeck.paths import data_dir

    return data_dir() / "backups"


def deck_key(deck: Path) -> str:
    """A name for one deck's backups: its file name and a hash of where it lives, so two
    decks called deck.sqlite keep apart."""
    import hashlib  # here: opening a deck light (the screen's first card) takes no backup

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


def _backups(deck: Path) -> list[Path]:
    """The deck's backups in the data folder, newest first (copies of a damaged deck are
    not backups)."""
    try:
        found = [
            (p.stat().st_mtime, p)
            for p in folder().glob(f"{deck_key(deck)}-*.sqlite")
            if p.is_file() and f"-{DAMAGED}-" not in p.name
        ]
    except OSError:
        return []
    return [p for _, p in sorted(found, reverse=True)]


def newest(deck: Path) -> Path | None:
    """The deck's most recent sound backup, if it has one."""
    for candidate in _backups(deck):
        try:
            if not check(candidate, quick=True):
                return candidate
        except StoreError:
            continue
    return None


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
    part = part_of(target)
    try:
        private_folder(target.parent)
        sweep_parts(target.parent)
        with _reading(source) as src, closing(sqlite3.connect(part)) as dst:
            os.chmod(part, PRIVATE_FILE)
            try:
                src.backup(dst)
            except sqlite3.OperationalError as err:
                # reading the deck, or writing the copy: say which
                if damage(source) or "malformed" in str(err) or "not a database" in str(err):
                    raise StoreError(f"cannot back up {source}: {err}") from err
                raise StoreError(f"cannot write the backup: {sqlite_cause(err, target)}") from err
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        os.replace(part, target)
    except OSError as err:
        raise StoreError(f"cannot write the backup: {cause(err, target)}") from err
    except sqlite3.Error as err:
        raise StoreError(f"cannot write the backup: {sqlite_cause(err, target)}") from err
    finally:
        for leftover in (part, Path(f"{part}-journal")):
            remove_quietly(leftover)
    return target


def _prune(deck: Path, what: str, keep: int) -> None:
    """Keep only the newest ``keep`` of the deck's backups named ``what``."""
    same = sorted(folder().glob(f"{deck_key(deck)}-{what}-*.sqlite"))
    for old in same[: -max(1, keep)]:
        remove_quietly(old)


def ours(path: Path) -> Path:
    """The data folder's backups/ made ready for ``path`` (private, however it was left)."""
    try:
        private_folder(folder().parent, ours=True)
        private_folder(folder(), ours=True)
    except OSError as err:
        raise StoreError(f"cannot write the backup: {cause(err, folder())}") from err
    return path


def take_daily(deck: Path, *, keep: int, now: datetime | None = None) -> Path | None:
    """The day's backup, taken once, before its first change; only the newest ``keep``
    dailies are kept. None when today's is already there. A deck that fails SQLite's
    quick check is not copied: the good copies of earlier days stay as they are."""
    now = now or datetime.now()
    today = _daily(deck, now.strftime("%Y-%m-%d"))
    if today.exists() or not deck.exists() or deck.stat().st_size == 0:
        return None
    problems = check(deck, quick=True)
    if problems:
        raise DamagedDeck(
            f"the deck looks damaged ({problems[0]}), so it was not copied over the good "
            "backups of earlier days: run carddeck check"
        )
    copy(deck, ours(today))
    _prune(deck, DAILY, keep)
    try:
        kept = [p for p in folder().iterdir() if p.is_file()]
    except OSError:
        kept = []
    for one in kept:
        keep_private(one)  # one left 0644 by an older carddeck, or copied in
    return today


def check(path: Path, *, quick: bool = False) -> list[str]:
    """What SQLite's integrity check (``quick``: its quick check) finds wrong with the deck
    (nothing: an empty list). A file that cannot be checked for another reason (a full
    disk, not an SQLite file, a folder) raises, naming that reason."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a deck file")
    shape = damage(path)
    if shape:
        return [shape]
    try:
        with _reading(path) as conn:
            pragma = "quick_check" if quick else "integrity_check"
            rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}")]
            if not quick:
                rows += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
    except sqlite3.DatabaseError as err:
        low = str(err).lower()
        if "not a database" in low:
            raise NotADeck(f"{path} is not a carddeck deck (not an SQLite file)") from err
        if "malformed" in low or "disk image" in low or "corrupt" in low:
            return [str(err)]
        raise StoreError(f"cannot check {path}: {sqlite_cause(err, path)}") from err
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
    of its file, which is all it can be, named as damaged). None when there is no deck."""
    if not deck.exists() or deck.stat().st_size == 0:
        return None
    if not check(deck):
        taken = copy(deck, ours(named(deck, "before-restore")))
        _prune(deck, "before-restore", KEEP_SPECIAL)
        return taken
    import shutil

    target = ours(named(deck, f"{DAMAGED}-before-restore"))
    try:
        shutil.copyfile(deck, target)
        os.chmod(target, PRIVATE_FILE)
    except OSError as err:
        target.unlink(missing_ok=True)
        raise StoreError(f"cannot keep the deck aside: {cause(err, target)}") from err
    return target


def before_upgrade(deck: Path, old: str | None, new: str) -> Path:
    """The copy kept before the deck's schema is upgraded (the newest few are kept)."""
    taken = copy(deck, ours(named(deck, f"before-upgrade-{old}-to-{new}")))
    _prune(deck, "before-upgrade", KEEP_SPECIAL)
    return taken


def same_files(path: Path, deck: Path) -> bool:
    """Whether ``path`` is the deck, or one of the files SQLite keeps beside it."""
    for own in (deck, *(Path(f"{deck}{side}") for side in SIDE_FILES)):
        try:
            if path.exists() and own.exists() and os.path.samefile(path, own):
                return True
        except OSError:
            pass
        if path.resolve() == own.resolve():
            return True
    return False


def restorable(source: Path, deck: Path) -> None:
    """Refuse a restore that cannot be done: a file that is not a carddeck deck, one from
    a newer carddeck, or a deck that cannot be written here."""
    from carddeck.store.schema import known

    revision_ = revision(source)
    known(revision_, source)
    if not writable(deck):
        raise StoreError(
            f"the deck {deck} is read-only here (the file or its folder): it cannot be "
            "restored into"
        )


def _sequences(deck: Path) -> dict[str, int]:
    """The highest ids the deck ever handed out (SQLite's AUTOINCREMENT counters), read as
    far as they can be: a damaged deck's counters usually still are, and a number given out
    before the damage must not be given to someone else after the restore."""
    if not deck.exists() or not deck.stat().st_size:
        return {}
    found: dict[str, int] = {}
    try:
        with _reading(deck) as conn:
            for name, seq in conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall():
                if isinstance(seq, int):
                    found[str(name)] = seq
            for table in list(found):  # a counter behind its table's rows (damage): the rows
                try:
                    most = conn.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0]
                except sqlite3.Error:
                    continue
                if isinstance(most, int):
                    found[table] = max(found[table], most)
    except sqlite3.Error:
        pass  # as much as could be read
    return found


def restore(source: Path, deck: Path) -> None:
    """Put the backup at ``source`` in the deck's place. A sound deck takes it page by page
    under its write lock, so an open screen sees the change as any other; a damaged one is
    replaced as a file (its -wal and -shm go with it). An id the deck had handed out is
    never handed out again to someone else."""
    handed_out = _sequences(deck)
    try:
        if deck.exists() and deck.stat().st_size and not check(deck):
            with _reading(source) as src, closing(sqlite3.connect(deck, timeout=15)) as dst:
                src.backup(dst)
        else:
            fresh = deck.with_name(f".{deck.name}.restore-{os.getpid()}")
            copy(source, fresh)
            for side in SIDE_FILES:
                Path(f"{deck}{side}").unlink(missing_ok=True)
            os.replace(fresh, deck)
        if handed_out:
            with closing(sqlite3.connect(deck, timeout=15)) as conn, conn:
                for name, seq in handed_out.items():
                    conn.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?",
                                 (seq, name))  # fmt: skip
                    conn.execute(
                        "INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS"
                        " (SELECT 1 FROM sqlite_sequence WHERE name = ?)", (name, seq, name),
                    )  # fmt: skip
    except OSError as err:
        raise StoreError(f"cannot restore: {cause(err, deck)}") from err
    except sqlite3.Error as err:
        raise StoreError(f"cannot restore {source} into {deck}: {sqlite_cause(err, deck)}") from err
