"""The CSV export's rows finished in Python a column at a time (an SQLite deck): read as
stored, then numbered, their times turned local and their formulas made safe, each step
in C over a column, not a Python step a cell; the same bytes as the SQL of ``export``."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

from carddeck.deck.export import neutralise

if TYPE_CHECKING:
    from carddeck.store.sql import LocalTimes

Row = tuple[Any, ...]
Finish = Callable[[list[Row], int], str]

#: Put between the cells of a column joined into one text, and before the first.
_SEP = "\x00"
#: In such a text, a cell that ``neutralise`` would change (whatever starts as a formula or
#: with an apostrophe, but an E.164 phone), if no cell holds ``_SEP`` itself.
_RUNS = re.compile(_SEP + r"(?:[=\-@\t\r\n']|\+(?![0-9]{1,15}(?:" + _SEP + r"|\Z)))")


def untouched(columns: list[Sequence[Any]]) -> bool:
    """Whether ``neutralise`` leaves every cell of ``columns`` as it is: all text (or None)
    joined into one, looked at once by a regular expression. False means look closer."""
    texts = ("", *filter(None, chain.from_iterable(columns)))  # None and "" run nothing
    try:
        joined = _SEP.join(texts)
    except TypeError:  # a cell that is not text
        return False
    return joined.count(_SEP) == len(texts) - 1 and _RUNS.search(joined) is None


def finisher(names: tuple[str, ...], local: LocalTimes, *, times: set[str],
             safe: set[str]) -> Finish:  # fmt: skip
    """What turns a batch of rows read as stored into the text the export writes for them:
    the place in the deck ("position") counted on from those written before (the rows come
    in deck order), the ``times`` turned local, and the ``safe`` columns' formulas behind an
    apostrophe; written as ``csv.writer`` writes them."""
    turned = [i for i, name in enumerate(names) if name in times]
    guarded = [i for i, name in enumerate(names) if name in safe]
    place = names.index("position") if "position" in names else None

    def finish(batch: list[Row], before: int) -> str:
        cells: list[Sequence[Any]] = list(zip(*batch, strict=True))
        for i in turned:
            cells[i] = tuple(local.column(cells[i]))
        if guarded and not untouched([cells[i] for i in guarded]):
            for i in guarded:
                if not untouched([cells[i]]):
                    cells[i] = tuple(map(neutralise, cells[i]))
        if place is not None:
            cells[place] = range(before + 1, before + 1 + len(batch))
        return as_csv(cells)

    return finish


#: What ``csv.writer`` (the excel dialect, lines ending "\r\n") puts a cell in quotes for
#: (``_quoted`` and ``_texts`` look for each).
QUOTED = (",", '"', "\r", "\n")
_NULLS: dict[Any, Any] = {None: ""}


def _quoted(cell: str) -> str:
    if "," in cell or '"' in cell or "\r" in cell or "\n" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _texts(column: Sequence[Any]) -> Sequence[str]:
    """A column's cells as ``csv.writer`` writes them: None empty, anything else as text,
    in quotes where it holds a comma, a quote or a line break."""
    nulls = column.count(None)
    if nulls == len(column):
        return ("",) * nulls
    if nulls:
        column = tuple(map(_NULLS.get, column, column))
    try:
        joined = "".join(column)
    except TypeError:  # numbers (or anything else not text): as str() writes them
        column = tuple(map(str, column))
        joined = "".join(column)
    if "," in joined or '"' in joined or "\r" in joined or "\n" in joined:
        return tuple(map(_quoted, column))
    return column


def as_csv(columns: list[Sequence[Any]]) -> str:
    """Rows given a column at a time, as ``csv.writer(lineterminator="\r\n")`` writes
    them: each column made text at once, then each line joined in C."""
    if len(columns) < 2:  # a row of one empty cell is written '""'
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(zip(*columns, strict=True))
        return out.getvalue()
    lines = map(",".join, zip(*map(_texts, columns), strict=True))
    return "\r\n".join(lines) + "\r\n"
