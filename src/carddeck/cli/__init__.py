"""The command line: ``carddeck`` and its commands, one module per family."""

from __future__ import annotations

from carddeck.cli import cards, export, intake, status, today, work
from carddeck.cli.app import app

for family in (cards, work, status, today, intake, export):
    app.registered_commands.extend(family.app.registered_commands)


def main() -> None:
    """The ``carddeck`` console script."""
    app()


__all__ = ["app", "main"]
