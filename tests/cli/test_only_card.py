"""A shuffle of the only card in the deck says so, and writes nothing for undo."""

from __future__ import annotations

import time_machine

from tests.cli.conftest import Run, ok


def test_shuffle_of_the_only_card_in_the_cli(run: Run, clock: time_machine.Coordinates) -> None:
    ok(run("add", "Sam Solo"))
    for where in ("--back", "--top"):
        said = ok(run("shuffle", "sam", where)).stdout
        assert said == "Nothing to shuffle: #1 Sam Solo is the only card in the deck\n"
    assert "Undid adding #1 Sam Solo" in ok(run("undo")).stdout
