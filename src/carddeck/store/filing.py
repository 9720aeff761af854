"""Filing a dropped lead file away (into done/ or failed/): never over another file, and
across filesystems too (a done/ that is a link to another disk, a share)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

#: Failures of a hard link that mean "this filesystem or this pair cannot link": copy then.
_CANNOT_LINK = {errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK,
                errno.ENOSYS, errno.EACCES}  # fmt: skip
#: How many "name (n)" tries before giving up (a folder holding that many is a mistake).
_MOST_TRIES = 10_000


def make_folder(folder: Path) -> None:
    """Create ``folder`` if it is missing (the user's folder: their umask decides)."""
    folder.mkdir(parents=True, exist_ok=True)


def free_name(folder: Path, name: str, n: int) -> Path:
    """The n-th candidate name in ``folder``: ``leads.csv``, ``leads (2).csv``, ..."""
    if n == 1:
        return folder / name
    stem, dot, suffix = name.partition(".") if not name.startswith(".") else (name, "", "")
    return folder / f"{stem} ({n}){dot}{suffix}"


def file_away(path: Path, folder: Path) -> Path:
    """Move ``path`` into ``folder`` under its name, or the first ``name (n)`` free there;
    returns where it went. Never overwrites: a hard link claims the name atomically
    (and fails if it is taken); where links cannot be made (another filesystem, FAT, some
    shares) the bytes are copied into a file created exclusively, synced, and only then
    is the original removed."""
    for n in range(1, _MOST_TRIES):
        target = free_name(folder, path.name, n)
        try:
            os.link(path, target, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError as err:
            if err.errno not in _CANNOT_LINK:
                raise
            if not _copy_exclusively(path, target):
                continue
        try:
            path.unlink()
        except OSError:
            target.unlink(missing_ok=True)  # one file, in one place: never two copies
            raise
        return target
    raise FileExistsError(errno.EEXIST, f"no free name for {path.name} in {folder}")


def _copy_exclusively(path: Path, target: Path) -> bool:
    """Copy ``path`` to a new file ``target`` (False if the name is taken)."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "wb") as out, open(path, "rb") as source:
            shutil.copyfileobj(source, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        shutil.copymode(path, target)
    except BaseException:
        target.unlink(missing_ok=True)  # never a half copy beside a kept original
        raise
    return True


def said(err: OSError) -> str:
    """An OS failure in a few words ("Permission denied", "No space left on device")."""
    return (err.strerror or str(err)).rstrip(".").lower() if err.strerror else str(err)


def write_note(path: Path, text: str) -> Path:
    """Write ``text`` to ``path``, or to the first ``name (n)`` free beside it."""
    for n in range(1, _MOST_TRIES):
        target = free_name(path.parent, path.name, n)
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        return target
    raise FileExistsError(errno.EEXIST, f"no free name for {path.name} in {path.parent}")
