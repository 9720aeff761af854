"""Cards on paper: where each 3x5 card goes on a page (one a page on card stock, several
with cut marks on letter or A4, the backs mirrored behind their fronts for duplex)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import floor
from typing import Literal

from carddeck.render.printed import PrintedCard

Sheet = Literal["index", "letter", "a4"]
SHEETS: tuple[Sheet, ...] = ("index", "letter", "a4")
Face = Literal["front", "back"]
#: A cut mark: a line from (x1, y1) to (x2, y2).
Mark = tuple[float, float, float, float]


def sheet_named(text: str) -> Sheet | None:
    """The sheet called ``text`` (any case), or None."""
    return next((s for s in SHEETS if s == text.strip().lower()), None)


#: Points (1/72 in): a card is 5 x 3 inches; pages as printers name them.
CARD_W, CARD_H = 360.0, 216.0
PAGE_SIZES: dict[Sheet, tuple[float, float]] = {
    "index": (CARD_W, CARD_H),
    "letter": (612.0, 792.0),
    "a4": (595.28, 841.89),
}
#: Room left at a page's edges (most printers cannot ink the outer quarter inch, and the
#: cut marks stand there) and between two cards on a page.
MARGIN, GAP = 36.0, 18.0
#: A cut mark's length, and the space left between it and the card's corner.
MARK, MARK_OFF = 12.0, 3.0


@dataclass(frozen=True)
class Box:
    """A rectangle on a page, from its top left corner, in points."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Placed:
    card: PrintedCard
    face: Face
    box: Box


@dataclass(frozen=True)
class Page:
    """One page: its size, the card faces on it, and the cut marks to draw."""

    width: float
    height: float
    cards: tuple[Placed, ...]
    marks: tuple[Mark, ...] = ()


def slots(sheet: Sheet) -> list[Box]:
    """Where the cards go on one page, row by row: as many as fit inside the margins,
    the grid centred on the page."""
    width, height = PAGE_SIZES[sheet]
    if sheet == "index":
        return [Box(0.0, 0.0, width, height)]
    cols = max(1, floor((width - 2 * MARGIN + GAP) / (CARD_W + GAP)))
    rows = max(1, floor((height - 2 * MARGIN + GAP) / (CARD_H + GAP)))
    left = (width - cols * CARD_W - (cols - 1) * GAP) / 2
    top = (height - rows * CARD_H - (rows - 1) * GAP) / 2
    return [
        Box(left + c * (CARD_W + GAP), top + r * (CARD_H + GAP), CARD_W, CARD_H)
        for r in range(rows)
        for c in range(cols)
    ]


def mirrored(box: Box, page_width: float) -> Box:
    """Where a card's back goes: a page turned over on its long edge puts the left of
    one side behind the right of the other."""
    return Box(page_width - box.right, box.y, box.w, box.h)


def cut_marks(boxes: Sequence[Box], width: float, height: float) -> list[Mark]:
    """Short lines just outside each card's corners, along its edges, kept to the margin
    or to half of the gap between two cards (x1, y1, x2, y2)."""
    marks: list[Mark] = []
    for box in boxes:
        above = min([box.y] + [(box.y - o.bottom) / 2 for o in boxes if o.bottom <= box.y])
        below = min(
            [height - box.bottom] + [(o.y - box.bottom) / 2 for o in boxes if o.y >= box.bottom]
        )
        left = min([box.x] + [(box.x - o.right) / 2 for o in boxes if o.right <= box.x])
        right = min(
            [width - box.right] + [(o.x - box.right) / 2 for o in boxes if o.x >= box.right]
        )
        up, down = min(MARK, above - MARK_OFF), min(MARK, below - MARK_OFF)
        out_l, out_r = min(MARK, left - MARK_OFF), min(MARK, right - MARK_OFF)
        for x in (box.x, box.right):
            marks.append((x, box.y - MARK_OFF - up, x, box.y - MARK_OFF))
            marks.append((x, box.bottom + MARK_OFF, x, box.bottom + MARK_OFF + down))
        for y in (box.y, box.bottom):
            marks.append((box.x - MARK_OFF - out_l, y, box.x - MARK_OFF, y))
            marks.append((box.right + MARK_OFF, y, box.right + MARK_OFF + out_r, y))
    return [m for m in marks if abs(m[2] - m[0]) + abs(m[3] - m[1]) > 0]


def pages(cards: Sequence[PrintedCard], sheet: Sheet) -> list[Page]:
    """The pages to print: on card stock each card's front then its back; on a sheet a
    page of fronts (with cut marks), then a page of their backs, mirrored."""
    width, height = PAGE_SIZES[sheet]
    places = slots(sheet)
    done: list[Page] = []
    for start in range(0, len(cards), len(places)):
        batch = list(zip(cards[start : start + len(places)], places, strict=False))
        used = [box for _, box in batch]
        marks = () if sheet == "index" else tuple(cut_marks(used, width, height))
        fronts = tuple(Placed(card, "front", box) for card, box in batch)
        backs = tuple(Placed(card, "back", mirrored(box, width)) for card, box in batch)
        done.append(Page(width, height, fronts, marks))
        done.append(Page(width, height, backs))
    return done


def pages_needed(count: int, sheet: Sheet) -> int:
    """How many pages ``count`` cards take: fronts and backs, a page each per batch."""
    per_page = len(slots(sheet))
    return 2 * -(-count // per_page)
