"""The deck's files on disk: kept private, looked over for damage before SQLite reads them,
and a failure put down to its real cause (a full disk, a file-size limit, a read-only
place) rather than to the deck."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
from pathlib import Path

PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700
SIDE_FILES = ("-wal", "-shm", "-journal")
#: Below this much free space a failed write is put down to a full disk.
LOW_SPACE = 1 << 20


def private_folder(folder: Path, *, ours: bool = False) -> None:
    """Make ``folder`` and any missing parents 0700, whatever the umask says; ``ours`` (a
    folder only carddeck uses: the data folder, backups, crash reports) is made 0700 if
    it was there already and anyone else could look in."""
    missing = []
    at = folder
    while not at.exists():
        missing.append(at)
        at = at.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            pass
        os.chmod(path, PRIVATE_FOLDER)
    if ours and not missing:
        try:
            mode = stat.S_IMODE(folder.stat().st_mode)
            if mode & 0o077:  # others' bits taken away; the owner's left as they are (a
                os.chmod(folder, mode & 0o700)  # folder made read-only stays so)
        except OSError:
            pass  # not ours to change after all: what is in it is 0600 anyway


def keep_private(path: Path) -> None:
    """Make a file of ours 0600 if anyone else could read it (one written by an older
    carddeck, or copied in); quietly leaves what cannot be changed."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)  # the owner's bits as they were (see tighten)
    except OSError:
        pass


#: A file being written whole, beside its target: ``.deck.csv.carddeck-4242.part``.
PART = ".{name}.carddeck-{pid}.part"


def part_of(target: Path) -> Path:
    """Where this process writes ``target`` before renaming it into place."""
    return target.with_name(PART.format(name=target.name, pid=os.getpid()))


def sweep_parts(folder: Path) -> None:
    """Remove what a writer killed outright (SIGKILL, a power cut) left in ``folder``: part
    files (and an SQLite journal beside one) whose process is gone."""
    try:
        found = list(folder.glob(".*.carddeck-*.part*"))
    except OSError:
        return
    for part in found:
        pid = part.name.rsplit(".carddeck-", 1)[1].split(".part", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            remove_quietly(part)


def remove_quietly(path: Path) -> None:
    """Remove a file of ours if it is there; one that cannot be removed is left for the next
    sweep (a part file) or the next prune (a backup)."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def create_private(path: Path) -> bool:
    """Create an empty file 0600 (False if it was there already)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    os.fchmod(fd, PRIVATE_FILE)  # the umask may have taken bits away, never added them
    os.close(fd)
    return True


def tighten(path: Path) -> list[Path]:
    """Make the deck file and its -wal/-shm private if anyone else may read them; returns
    the files whose permissions were tightened (to be said, once)."""
    tightened = []
    for candidate in (path, *(Path(f"{path}{side}") for side in SIDE_FILES)):
        try:
            mode = stat.S_IMODE(candidate.stat().st_mode)
        except OSError:
            continue
        if mode & 0o077 and os.access(candidate, os.W_OK):
            try:
                # others' bits taken away, never write added: a deck made read-only (0444)
                # stays read-only, 0400
                os.chmod(candidate, mode & 0o700)
            except OSError:
                continue
            tightened.append(candidate)
    return tightened


def folder_writable(path: Path) -> bool:
    """Whether files can be made beside ``path`` (SQLite's -wal and -shm)."""
    return os.access(path.parent, os.W_OK)


def writable(path: Path) -> bool:
    """Whether carddeck may change the deck: the file and its folder (for -wal and -shm)."""
    return folder_writable(path) and (not path.exists() or os.access(path, os.W_OK))


def look(path: Path) -> tuple[bool, str | None]:
    """Whether the file is an SQLite database, and what is wrong with its shape (see
    ``damage``): one look through SQLite, never by opening the file here (closing a file
    descriptor of a database drops every lock this process holds on it, POSIX, and another
    carddeck could then write under a reader's feet)."""
    try:
        size = path.stat().st_size
    except OSError:
        return True, None  # not there, or not to be looked at: said by whoever opens it
    if size == 0:
        return True, None
    uri = f"file:{path}?mode=ro" + ("" if folder_writable(path) else "&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            page = int(conn.execute("PRAGMA page_size").fetchone()[0])
            counted = int(conn.execute("PRAGMA page_count").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        if "not a database" in str(err):
            return False, None
        if "malformed" in str(err):
            return True, str(err)
        return True, None  # not readable just now (a full disk, a lock): said as such by
        # whoever opens it, not blamed on the file
    if size % page:
        return True, f"it ends part way through a page ({size} bytes, pages of {page})"
    wal = Path(f"{path}-wal")
    wal_pending = wal.exists() and wal.stat().st_size > 0
    if counted * page > size and not wal_pending:
        return True, f"it is {size} bytes but holds {counted} pages of {page}"
    return True, None


def damage(path: Path) -> str | None:
    """What is wrong with the file's shape: a file cut short is not a whole number of
    pages, or is shorter than its header says (None for a file that is not SQLite)."""
    return look(path)[1]


def full_disk(folder: Path) -> bool:
    """Whether the disk holding ``folder`` is (nearly) full."""
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE
    except OSError:
        return False


def size_limited() -> bool:
    """Whether a file-size limit (``ulimit -f``) is set for this process."""
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    return soft != resource.RLIM_INFINITY


def sqlite_cause(err: Exception, path: Path) -> str:
    """An SQLite failure on ``path`` that is not the file's damage, in words."""
    low = str(err).lower()
    if "full" in low or ("disk i/o" in low and full_disk(path.parent)):
        return f"the disk holding {path} is full: free some space and try again"
    if "disk i/o" in low and size_limited():
        return f"{path} would grow past the largest file allowed here (a file-size limit)"
    if "readonly" in low or "read-only" in low:
        return f"{path} cannot be written: it or its folder is read-only"
    if "locked" in low:
        return f"{path} is busy: another program is writing to it; try again"
    if "unable to open" in low:
        return f"cannot open {path}: check that it and its folder exist and can be read"
    return f"{path}: {err}"


def cause(err: OSError, path: Path) -> str:
    """An OS failure in words, naming its real cause."""
    code = err.errno
    if code == errno.ENOSPC or (code == errno.EIO and full_disk(path.parent)):
        return f"the disk holding {path} is full: free some space and try again"
    if code == errno.EFBIG:
        return f"{path} would grow past the largest file allowed here (a file-size limit)"
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"{path} cannot be written: it or its folder is read-only"
    if code == errno.ENOENT:
        return f"{path}: no such file or folder"
    if code == errno.EISDIR:
        return f"{path} is a folder, not a file"
    return f"{path}: {err.strerror or err}"
