"""The environment the benchmarks run the installed carddeck in. Light on purpose: a
bench that imports it stays small, and a child's peak memory (wait4) counts its
parent's at the fork."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def as_installed(**extra: str) -> dict[str, str]:
    """The environment to run the installed carddeck in as a user's machine runs it: its
    modules compiled once here (pip compiles an installed app's), and
    PYTHONDONTWRITEBYTECODE left out, without which every run would compile ours again
    (~50-100 ms the floors, whose libraries come compiled, do not pay). Its data and
    settings folders are the bench's own, removed when it ends: the daily backups of the
    bench's throwaway decks are not left in the user's data folder (hundreds a full run),
    and no settings of theirs change what is timed."""
    import atexit
    import shutil
    import tempfile

    import carddeck

    source = str(Path(carddeck.__file__).parent)
    subprocess.run([sys.executable, "-m", "compileall", "-q", source], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    home = tempfile.mkdtemp(prefix="carddeck-bench-")
    atexit.register(shutil.rmtree, home, True)
    folders = {"XDG_DATA_HOME": f"{home}/data", "XDG_CONFIG_HOME": f"{home}/config"}
    env = {**os.environ, **folders, **extra}  # a folder given overrides the bench's own
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env
