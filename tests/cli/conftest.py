"""Running carddeck's commands through Typer's test runner against a real deck file."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from carddeck.cli import app

Run = Callable[..., Result]


@pytest.fixture
def run(deck_at: str) -> Run:
    runner = CliRunner()

    def invoke(*args: str, db: Path | str | None = deck_at, input: str | None = None) -> Result:
        argv = (["--db", str(db)] if db is not None else []) + list(args)
        return runner.invoke(app, argv, input=input, prog_name="carddeck")

    return invoke


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def data(result: Result) -> Any:
    return json.loads(ok(result).stdout)


def refuse_full_store(*_: Any, **__: Any) -> None:
    raise AssertionError("the full store was opened on the light path")


@pytest.fixture
def no_full_store(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The full store cannot be opened: a command that needs it fails the test."""
    monkeypatch.setattr("carddeck.store.engine.open_store", refuse_full_store)
    yield
