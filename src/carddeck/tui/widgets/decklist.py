"""The deck as a compact list that renders only the rows on screen, read a page at a time;
in the today view, a header line opens each section."""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from time import monotonic
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from carddeck.deck import clock
from carddeck.deck.fields import display_phone, phones_loaded
from carddeck.store.kinds import OPEN_STATUSES

if TYPE_CHECKING:
    from carddeck.deck.views import Row

PAGE = 100
PAGES_KEPT = 20
Fetch = Callable[[int, int], "list[Row]"]

_CURSOR = Style(reverse=True, bold=True)
_LATE = Style(color="red")
_TODAY = Style(color="yellow")
_CLOSED = Style(dim=True)
_HEADER = Style(bold=True, color="cyan")
_DIM = Style(dim=True)


class DeckList(ScrollView, can_focus=False):
    """Rows come from ``fetch(offset, limit)``; only pages that are looked at are read."""

    class Chosen(Message):
        """The owner clicked a row: show card ``index`` of the view."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, fetch: Fetch, *, region: str = "US", id: str | None = None) -> None:
        super().__init__(id=id)
        self._fetch = fetch
        self._region = region
        self._count = 0
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        #: Rows shown where a shuffle put them, until the view is read again (``moved``).
        self._patch: dict[int, Row] = {}
        #: Where each section's cards start, and its header line (today view only).
        self._starts: list[int] = []
        self._headers: list[str] = []
        self.cursor = 0
        self._phones: dict[str | None, str] = {}
        self._read_at, self._now_was = -2.0, clock.now()
        self.pages_read = 0  # how many pages came from the store: tests and benchmarks look
        self._drawing: tuple[Style, int] | None = None  # see render_lines

    def reset(
        self,
        count: int,
        cursor: int,
        pages: dict[int, list[Row]] | None = None,
        sections: list[tuple[str, int]] | None = None,
    ) -> None:
        """A new view, or fresh data: forget cached pages and show ``count`` rows.

        ``pages`` are pages already read (by a worker), keyed by page number;
        ``sections`` are (header, how many cards) in order, for a view in sections.
        """
        self._count = count
        self._pages.clear()
        self._pages.update(pages or {})
        self._patch.clear()
        self._starts, self._headers = [], []
        start = 0
        for header, size in sections or []:
            if size:
                self._starts.append(start)
                self._headers.append(header)
                start += size
        self.virtual_size = Size(self.size.width, count + len(self._starts))
        self.move_cursor(cursor)
        self.refresh()

    @staticmethod
    def page_of(index: int) -> int:
        return index // PAGE

    # lines and cards: in sections, header lines sit between the cards -----------

    def line_of(self, index: int) -> int:
        """The display line of card ``index``."""
        return index + bisect_right(self._starts, index)

    def _at_line(self, line: int) -> tuple[int | None, str | None]:
        """(card index, None) or (None, header) for a display line."""
        for number, start in enumerate(self._starts):
            header_line = start + number
            if line == header_line:
                return None, self._headers[number]
        headers_before = sum(1 for n, s in enumerate(self._starts) if s + n < line)
        return line - headers_before, None

    def row(self, index: int) -> Row | None:
        if not 0 <= index < self._count:
            return None
        if index in self._patch:
            return self._patch[index]
        number = index // PAGE
        page = self._pages.get(number)
        if page is None:
            page = self._fetch(number * PAGE, PAGE)
            self.pages_read += 1
            self._pages[number] = page
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = index % PAGE
        return page[offset] if offset < len(page) else None

    def _near(self) -> range:
        """The cards on screen, and one either side (a cursor moved by one may scroll)."""
        top = self._at_line(self.scroll_offset.y)[0] or 0
        height = max(1, self.scrollable_content_region.height)
        return range(max(0, top - 1), min(self._count, top + height + 2))

    def moved(self, start: int, end: int) -> None:
        """The card at ``start`` went to ``end`` (the cards between move up or down one):
        the rows on screen are shown so at once, from the rows as they were (read before the
        change is written); the view read again afterwards replaces them (``agrees``)."""
        if start == end or not (0 <= start < self._count and 0 <= end < self._count):
            return
        near = self._near()
        wanted = set(near) | {start}
        wanted |= {i + 1 for i in near} if end > start else {i - 1 for i in near}
        before = {i: self.row(i) for i in sorted(wanted) if 0 <= i < self._count}
        patch: dict[int, Row] = {}
        for index in near:
            if index == end:
                was = before.get(start)
            elif start <= index < end:
                was = before.get(index + 1)
            elif end < index <= start:
                was = before.get(index - 1)
            else:
                was = before.get(index)
            if was is not None:
                patch[index] = was
        self._patch = patch
        self.refresh()

    def agrees(self, count: int, pages: dict[int, list[Row]]) -> bool:
        """Whether the rows on screen are those of ``pages`` (the view read again)."""
        if count != self._count:
            return False
        for index in self._near():
            page = pages.get(index // PAGE)
            if page is None or index % PAGE >= len(page):
                return False
            shown = self._patch.get(index)
            if shown is None:
                cached = self._pages.get(index // PAGE)
                shown = cached[index % PAGE] if cached and index % PAGE < len(cached) else None
            if shown != page[index % PAGE]:
                return False
        return True

    def adopt(self, pages: dict[int, list[Row]]) -> None:
        """Keep ``pages`` (read again, and drawn alike: see ``agrees``) without a redraw."""
        self._pages.clear()
        self._pages.update(pages)
        self._patch.clear()

    def move_cursor(self, index: int) -> None:
        before = self.cursor
        self.cursor = max(0, min(index, self._count - 1))
        line = self.line_of(self.cursor)
        if self.cursor in self._starts:
            line -= 1  # a section's first card brings its header into view too
        top, height = self.scroll_offset.y, max(1, self.scrollable_content_region.height)
        if line < top:
            self.scroll_to(y=line, animate=False)
        elif self.line_of(self.cursor) >= top + height:
            self.scroll_to(y=self.line_of(self.cursor) - height + 1, animate=False)
        else:  # no scroll: only the two lines the cursor left and came to are drawn again
            self.refresh_line(self.line_of(before))
            self.refresh_line(self.line_of(self.cursor))
            return
        self.refresh()

    def _now(self) -> datetime:
        """The time the rows are coloured by, read once a second rather than once a row."""
        if monotonic() - self._read_at > 1:
            self._read_at, self._now_was = monotonic(), clock.now()
        return self._now_was

    def _style(self, row: Row, now: datetime) -> Style:
        if row.status not in OPEN_STATUSES:
            return _CLOSED
        if row.hours_left is not None:
            return _LATE if row.hours_left < 4 else _TODAY
        if row.next_follow_up is not None:
            due = clock.wall(row.next_follow_up).date()
            today = clock.wall(now).date()
            if due < today:
                return _LATE
            if due == today:
                return _TODAY
        return Style()

    def _tail(self, row: Row) -> str:
        """What sits at the right of a row: the hours left of a new lead's window, else
        the phone."""
        if row.hours_left is not None:
            left = abs(row.hours_left)
            hours = f"{left:.0f}h" if left >= 10 else f"{left:g}h"
            return f"late {hours}" if row.hours_left < 0 else f"{hours} left"
        if row.phone not in self._phones:  # formatting a phone costs a parse: once each
            if not phones_loaded():  # the first paint: as stored (redrawn once it is)
                return row.phone or ""
            if len(self._phones) > PAGE * PAGES_KEPT:
                self._phones.clear()
            self._phones[row.phone] = display_phone(row.phone, self._region) or ""
        return self._phones[row.phone]

    def render_lines(self, crop: Region) -> list[Strip]:
        # The list's own style and width, worked out once for all the lines drawn (working
        # them out took longer than drawing a line).
        self._drawing = (self.rich_style, self.scrollable_content_region.width or self.size.width)
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    def render_line(self, y: int) -> Strip:
        base, width = self._drawing or (
            self.rich_style,
            self.scrollable_content_region.width or self.size.width,
        )
        index, header = self._at_line(self.scroll_offset.y + y)
        if header is not None:
            text = f"── {header} " + "─" * width
            return Strip([Segment(text, base + _HEADER)]).crop_extend(0, width, None)
        row = self.row(index) if index is not None else None
        if row is None or index is None:
            return Strip.blank(width, base)
        style = base + self._style(row, self._now())
        if index == self.cursor:
            style += _CURSOR
        number = f"{index + 1:>{len(f'{self._count:,}')},} "  # 1,200 as the bar says it
        tail = self._tail(row)
        room = width - len(number)
        # The hours left of a new lead's window always show (the name gives way); a phone
        # shows only beside the whole name.
        if tail and row.hours_left is None and len(row.name) + len(tail) + 2 > room:
            tail = ""
        if tail:
            room -= len(tail) + 2
        text = number + cut(row.name, room)
        company = f" · {row.company}" if row.company else ""
        left = room - len(text) + len(number)
        if company and left >= min(len(company), 10):  # the whole company, or enough of it
            text += cut(company, left)
        if tail:
            text += " " * (width - len(text) - len(tail)) + tail
        return Strip([Segment(text, style)]).crop_extend(0, width, style)

    def on_click(self, event: Click) -> None:
        index, header = self._at_line(self.scroll_offset.y + event.y)
        if header is not None and index is None:
            found = self._headers.index(header)
            index = self._starts[found]  # a header: its section's first card
        if index is not None and 0 <= index < self._count:
            self.post_message(self.Chosen(index))


def cut(text: str, room: int) -> str:
    """``text`` in ``room`` columns, with a mark when it had to be cut."""
    if len(text) <= room:
        return text
    return text[: max(0, room - 1)] + "…" if room > 0 else ""
