"""Helpers for the safety tests: the installed command, run as a user runs it, and small
private mounts (a full disk, a read-only disk) made in a namespace of the test's own."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CARDDECK = Path(sys.executable).with_name("carddeck")
Run = Callable[..., subprocess.CompletedProcess[str]]


def environment(db: Path | None, tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "COLUMNS": "100", "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
           "XDG_CONFIG_HOME": str(tmp_path / "xdg-config")}  # fmt: skip
    if db is not None:
        env["CARDDECK_DB"] = str(db)
    return env


@pytest.fixture
def carddeck(tmp_path: Path, db_path: Path) -> Run:
    """The installed ``carddeck``, on the test's deck, in its own data folder."""
    assert CARDDECK.exists(), f"the console script is not installed beside {sys.executable}"

    def run(*args: str, db: Path | None = db_path, input: str | None = None,
            **options: object) -> subprocess.CompletedProcess[str]:  # fmt: skip
        return subprocess.run(
            [str(CARDDECK), *args], capture_output=True, text=True, input=input, timeout=60,
            env=environment(db, tmp_path), **options,  # type: ignore[call-overload]
        )  # fmt: skip

    return run


@pytest.fixture
def mounted(tmp_path: Path) -> Run:
    """Run a shell script in a private mount namespace (``unshare``: no root needed, and
    nothing of it outlives the script); ``$CARDDECK`` is the installed command."""
    assert shutil.which("unshare"), "unshare (util-linux) is needed for the disk tests"

    def run(script: str, *, db: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = environment(db, tmp_path)
        env["CARDDECK"] = str(CARDDECK)
        return subprocess.run(
            ["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True,
            timeout=120, env=env,
        )  # fmt: skip

    return run


def q(path: Path | str) -> str:
    return shlex.quote(str(path))


def lead_file(path: Path, count: int) -> Path:
    """A lead CSV of ``count`` distinct leads (a big import's file)."""
    with path.open("w", encoding="utf-8") as out:
        out.write("Name,Company,Email,Phone,Notes\n")
        for i in range(count):
            out.write(f"Lead {i},Shop {i % 300},lead{i}@example.com,"
                      f"+1 212 {200 + i // 10000:03d} {i % 10000:04d},note {i}\n")  # fmt: skip
    return path
