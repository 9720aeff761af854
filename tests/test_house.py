"""The house rules a tool checks: import contracts, lint, format and types."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
LINTED = ("src", "tests", "scripts", "bench")


def passes(tool: str, *args: str, timeout: float = 110) -> None:
    """Run ``tool`` from this venv at the repository root; fail with its output."""
    exe = Path(sys.executable).with_name(tool)  # the venv's copy, not one on PATH
    if not exe.exists():
        pytest.fail(f"{exe} is missing: pip install -e '.[test]'", pytrace=False)
    done = subprocess.run(
        [str(exe), *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        command = " ".join([tool, *args])
        pytest.fail(
            f"`{command}` exited {done.returncode}\n{done.stdout}{done.stderr}", pytrace=False
        )


def test_the_layers_hold() -> None:
    """Every contract in [tool.importlinter] (pyproject.toml) is kept."""
    passes("lint-imports")


def test_ruff_finds_nothing() -> None:
    passes("ruff", "check", "--no-fix", *LINTED)


def test_ruff_format_changes_nothing() -> None:
    passes("ruff", "format", "--check", *LINTED)


@pytest.mark.timeout(600)
def test_mypy_strict_passes() -> None:
    """mypy --strict over the carddeck package, as configured in pyproject.toml."""
    passes("mypy", timeout=590)
