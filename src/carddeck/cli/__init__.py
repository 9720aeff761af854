"""The command line: ``carddeck`` and its commands, one module per family."""

from __future__ import annotations

import os
import sys

from carddeck.cli import (
    cards,
    config,
    customers,
    export,
    find,
    intake,
    printing,
    safety,
    sellers,
    stats,
    status,
    today,
    work,
)
from carddeck.cli.app import app, join

join(cards.app, work.app, status.app, today.app, customers.app, stats.app, intake.app, export.app,
     printing.app, safety.app, sellers.app, find.app)  # fmt: skip
app.add_typer(config.app, name="config")


def main() -> None:
    """The ``carddeck`` console script."""
    try:
        app()
    except BrokenPipeError:
        # Output piped into something that stopped reading (| head): stop quietly, as
        # Python's docs advise, without a second error when stdout is flushed at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


__all__ = ["app", "main"]
