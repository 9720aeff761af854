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


def private_folder(folder: Path) -> None:
    """Make ``folder`` and any missing parents 0700, whatever the umask says."""
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
                os.chmod(candidate, mode & 0o700 | 0o600)
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


def damage(path: Path) -> str | None:
    """What is wrong with the file's shape: a file cut short is not a whole number of
    pages, or is shorter than its header says. Read through SQLite, never by opening the
    file here: closing a file descriptor of a database drops every lock this process
    holds on it (POSIX), and another carddeck could then write under a reader's feet."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size == 0:
        return None
    uri = f"file:{path}?mode=ro" + ("" if folder_writable(path) else "&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            page = int(conn.execute("PRAGMA page_size").fetchone()[0])
            counted = int(conn.execute("PRAGMA page_count").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        if "malformed" in str(err):
            return str(err)
        return None  # not SQLite, or not readable just now (a full disk, a lock): said as
        # such by whoever opens it, not blamed on the file
    if size % page:
        return f"it ends part way through a page ({size} bytes, pages of {page})"
    wal = Path(f"{path}-wal")
    wal_pending = wal.exists() and wal.stat().st_size > 0
    if counted * page > size and not wal_pending:
        return f"it is {size} bytes but holds {counted} pages of {page}"
    return None


def is_sqlite(path: Path) -> bool:
    """Whether the file is an SQLite database (asked of SQLite: see ``damage``)."""
    uri = f"file:{path}?mode=ro" + ("" if folder_writable(path) else "&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        return "not a database" not in str(err)
    return True


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
