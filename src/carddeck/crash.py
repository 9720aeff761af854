"""The last resort: an error nobody foresaw becomes one line on the terminal and a private
crash report in the data folder, never a traceback (which could show people's details)."""

from __future__ import annotations

import os
import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path

from carddeck import __version__

EXIT_CODE = 70  # EX_SOFTWARE: carddeck's fault, not the input's


def report(err: BaseException, *, where: str = "command") -> Path | None:
    """Write a crash report (0600) for ``err`` and return its path; None if it cannot be
    written (the one line is said all the same)."""
    from carddeck.paths import data_dir
    from carddeck.store.files import PRIVATE_FILE, private_folder

    folder = data_dir() / "crashes"
    path = folder / f"crash-{datetime.now():%Y-%m-%d-%H%M%S}-{os.getpid()}.txt"
    # The command and its option names, not their values: those are people's details.
    words = [a if a.startswith("-") or i == 0 else "…" for i, a in enumerate(sys.argv[1:])]
    text = (
        f"carddeck {__version__} on Python {platform.python_version()} "
        f"({platform.platform()})\n{where}: carddeck {' '.join(words)}\n\n"
        + "".join(traceback.format_exception(err))
    )
    try:
        private_folder(folder.parent, ours=True)
        private_folder(folder, ours=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as out:
            out.write(text)
    except OSError:
        return None
    return path


def one_line(err: BaseException, path: Path | None) -> str:
    """What the owner is told: what kind of error, and where the report is."""
    where = f"; the details are in {path}, to send with a bug report" if path else ""
    return f"carddeck: an unexpected error ({type(err).__name__}) stopped it{where}"
