"""The quick CSV's column-at-a-time steps against what they stand for: ``as_csv`` writes what
``csv.writer`` writes, ``untouched`` never passes a column ``neutralise`` would change, and
the csv module quotes just the characters ``as_csv`` looks for."""

from __future__ import annotations

import csv
import io
import random
import sys
from typing import Any

import pytest

from carddeck.deck.export import neutralise
from carddeck.deck.quickcsv import QUOTED, as_csv, untouched

#: Pieces the cells are made of: each character csv quotes or a spreadsheet runs, the
#: separator ``untouched`` joins with, an E.164 phone's parts (one digit too many too).
PIECES = ("", "a", "Zoë", " ", ",", '"', "\r", "\n", "\r\n", "=", "+", "-", "@", "\t", "'",
          "\x00", "1", "212555", "0" * 15, "9" * 16, "=SUM(A1)", "+1 212", "東京")  # fmt: skip
#: Cells that are not text: as the SQLite driver can hand them over.
OTHERS = (None, 0, -5, 12345678901234567890, 1.5, 1e20, -0.0, b"", b"x,y", b'"=1"')


def _cell(rng: random.Random) -> Any:
    if rng.random() < 0.2:
        return rng.choice(OTHERS)
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 4)))


def _written(rows: list[tuple[Any, ...]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def test_the_csv_module_quotes_just_the_characters_as_csv_looks_for() -> None:
    every = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    line = _written([tuple(every)])
    quoted = ('"' + c.replace('"', '""') + '"' if c in QUOTED else c for c in every)
    assert line == ",".join(quoted) + "\r\n"


@pytest.mark.parametrize("width", [1, 2, 3, 13, 32])
def test_as_csv_writes_what_csv_writer_writes(width: int) -> None:
    rng = random.Random(width)
    for _ in range(300):
        rows = [tuple(_cell(rng) for _ in range(width)) for _ in range(rng.randint(1, 6))]
        columns: list[Any] = list(zip(*rows, strict=True))
        assert as_csv(columns) == _written(rows), rows


def test_as_csv_takes_a_range_and_an_empty_row() -> None:
    assert as_csv([range(1, 4), ("a", None, "")]) == "1,a\r\n2,\r\n3,\r\n"
    assert as_csv([(None,), ("",)]) == ",\r\n" == _written([(None, "")])
    assert as_csv([(None, "")]) == _written([(None,), ("",)]) == '""\r\n""\r\n'


def test_untouched_never_passes_a_cell_neutralise_changes() -> None:
    rng = random.Random(13)
    passed = changed = 0
    for _ in range(20_000):
        columns = [tuple(_cell(rng) for _ in range(rng.randint(0, 3)))
                   for _ in range(rng.randint(1, 3))]  # fmt: skip
        same = all(neutralise(cell) == cell for column in columns for cell in column)
        if untouched(columns):
            assert same, columns
            passed += 1
        changed += not same
    assert passed > 1000 and changed > 1000  # both sides were met


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (("+12125550100", "+1", "+" + "1" * 15, None, ""), True),
        (("+" + "1" * 16,), False),
        (("+",), False),
        (("+1 212",), False),
        (("+12\x00=",), False),  # the separator inside a cell: looked at closer
        (("a\x00b",), False),
        (("ok", "=1"), False),
        ((b"=1",), False),  # not text: looked at closer (neutralise leaves it)
        (("plain", "Zoë", " =not first"), True),
    ],
)
def test_untouched_on_the_edges(cells: tuple[Any, ...], expected: bool) -> None:
    assert untouched([cells]) is expected
