"""A drop folder of lead files: which files are ready to import, which are still being
written, and whether a file's bytes were imported before (by their SHA-256).

The rules, decided here once:

- Lead files are named ``*.csv``, ``*.tsv``, ``*.txt`` (CSV or tab-separated text, as
  Outlook saves it), ``*.vcf``, ``*.vcard`` or ``*.json``; anything else is left alone.
- Left alone too: names starting with ``.`` (hidden, lock files, rsync's temporaries),
  and folders (``done/`` and ``failed/`` among them).
- Still being written, so left for the next pass: a partial name (``.part``,
  ``.partial``, ``.crdownload``, ``.download``, ``.tmp``, ``.temp``, ``~``), a file with
  such a partial file beside it (Firefox keeps an empty ``leads.csv`` while it writes
  ``leads.csv.part``), and a file changed less than ``SETTLE_SECONDS`` ago (a date more
  than ``FUTURE_SLACK`` seconds ahead is a clock elsewhere, as in an unzipped file, not a
  writer). A watcher also takes a file that has stayed the same size and date since it
  first saw it, ``SETTLE_SECONDS`` or more ago.
- A file whose bytes were imported before (an import not undone since) is a duplicate.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlmodel import Session, col, select

from carddeck.deck.intake import digest as digest  # a file's hash: the drop pass asks it here
from carddeck.store.models import ImportBatch

#: The lead files a drop folder takes, by how their names end, and the format of each.
LEAD_FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".vcf": "vcf", ".vcard": "vcf",
                ".json": "json"}  # fmt: skip
#: Name endings of a file still being written (a download, an editor's or a copier's).
PARTIAL = (".part", ".partial", ".crdownload", ".download", ".tmp", ".temp", "~")
#: Where imported (and duplicate) files go, and where failed files go, in the folder.
DONE, FAILED = "done", "failed"
#: A file changed less than this many seconds ago is still being written.
SETTLE_SECONDS = 2.0
#: A file dated more than this many seconds ahead was dated by another clock.
FUTURE_SLACK = 60.0
#: How often a watcher looks at the folder, in seconds.
POLL_SECONDS = 5.0

State = Literal["ready", "waiting"]
#: Why a file waits: a partial name, a partial file beside it, changed just now,
#: changed while it was read, or the deck was busy (another program writing to it).
Waiting = Literal["partial", "download", "recent", "changing", "busy"]


@dataclass(frozen=True)
class Found:
    """A file of the folder worth a line: ready to import, or waiting."""

    path: Path
    state: State
    file_format: str = "csv"
    waiting: Waiting | None = None


@dataclass
class Seen:
    """What a watcher saw of each file (size, date, and since when), between passes."""

    files: dict[str, tuple[int, int, float]] = field(default_factory=dict)

    def settled(self, name: str, size: int, mtime_ns: int, now: float, settle: float) -> bool:
        """Whether the file has kept its size and date for ``settle`` seconds or more."""
        before = self.files.get(name)
        if before is None or before[:2] != (size, mtime_ns):
            self.files[name] = (size, mtime_ns, now)
            return False
        return now - before[2] >= settle

    def forget_all_but(self, names: set[str]) -> None:
        for name in set(self.files) - names:
            del self.files[name]


def lead_format(name: str, forced: str | None = None) -> str | None:
    """The format of a lead file by its name (``forced`` by --format), or None."""
    found = LEAD_FORMATS.get(Path(name.lower()).suffix)
    return None if found is None else forced or found


def survey(folder: Path, *, now: float, settle: float = SETTLE_SECONDS,
           seen: Seen | None = None, forced: str | None = None) -> list[Found]:  # fmt: skip
    """The lead files of ``folder``, in name order, each ready or waiting (see above).
    Raises OSError if the folder cannot be read."""
    with os.scandir(folder) as entries:
        listed = sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)
    names = {e.name for e in listed}
    found: list[Found] = []
    for entry in listed:
        try:
            if not entry.is_file():
                continue
            info = entry.stat()
        except OSError:
            continue  # gone since it was listed, or a link to nothing
        lower = entry.name.lower()
        if lower.endswith(PARTIAL):
            base = entry.name[: len(entry.name) - len(_partial_end(lower))]
            if lead_format(base) is not None:
                found.append(Found(Path(entry.path), "waiting", waiting="partial"))
            continue
        kind = lead_format(entry.name, forced)
        if kind is None:
            continue
        path = Path(entry.path)
        if any(entry.name + end in names for end in PARTIAL):
            found.append(Found(path, "waiting", kind, "download"))
            continue
        age = now - info.st_mtime
        fresh = -FUTURE_SLACK < age < settle
        if seen is not None and seen.settled(entry.name, info.st_size, info.st_mtime_ns, now,
                                             settle):  # fmt: skip
            fresh = False
        found.append(
            Found(path, "waiting", kind, "recent") if fresh else Found(path, "ready", kind)
        )
    if seen is not None:
        seen.forget_all_but(names)
    return found


def _partial_end(lower: str) -> str:
    return next(end for end in PARTIAL if lower.endswith(end))


def imported_before(session: Session, content_hash: str) -> ImportBatch | None:
    """The earliest import, not undone, of a file with these bytes."""
    query = (
        select(ImportBatch)
        .where(ImportBatch.content_hash == content_hash, col(ImportBatch.undone_at).is_(None))
        .order_by(col(ImportBatch.id))
        .limit(1)
    )
    return session.exec(query).first()


def record_hash(session: Session, batch_id: int | None, content_hash: str) -> ImportBatch | None:
    """Note the bytes' hash on the import just made; returns its batch."""
    batch = session.get(ImportBatch, batch_id) if batch_id is not None else None
    if batch is not None:
        batch.content_hash = content_hash
        session.add(batch)
        session.flush()
    return batch
