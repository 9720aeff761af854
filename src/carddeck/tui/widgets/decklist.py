"""The deck as a compact list that renders only the rows on screen, read a page at a time."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from rich.segment import Segment
from rich.style import Style
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from carddeck.deck import clock
from carddeck.deck.views import Row
from carddeck.store.models import OPEN_STATUSES

PAGE = 100
PAGES_KEPT = 20
Fetch = Callable[[int, int], list[Row]]

_CURSOR = Style(reverse=True, bold=True)
_LATE = Style(color="red")
_TODAY = Style(color="yellow")
_CLOSED = Style(dim=True)


class DeckList(ScrollView, can_focus=False):
    """Rows come from ``fetch(offset, limit)``; only pages that are looked at are read."""

    class Chosen(Message):
        """The owner clicked a row."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, fetch: Fetch, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._fetch = fetch
        self._count = 0
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self.cursor = 0
        self.pages_read = 0  # how many pages came from the store: tests and benchmarks look

    def reset(self, count: int, cursor: int, pages: dict[int, list[Row]] | None = None) -> None:
        """A new view, or fresh data: forget cached pages and show ``count`` rows.

        ``pages`` are pages already read (by a worker), keyed by page number.
        """
        self._count = count
        self._pages.clear()
        self._pages.update(pages or {})
        self.virtual_size = Size(self.size.width, count)
        self.move_cursor(cursor)
        self.refresh()

    @staticmethod
    def page_of(index: int) -> int:
        return index // PAGE

    def row(self, index: int) -> Row | None:
        if not 0 <= index < self._count:
            return None
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

    def move_cursor(self, index: int) -> None:
        self.cursor = max(0, min(index, self._count - 1))
        top, height = self.scroll_offset.y, max(1, self.size.height)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)
        self.refresh()

    def _style(self, row: Row, now: datetime) -> Style:
        if row.status not in OPEN_STATUSES:
            return _CLOSED
        if row.next_follow_up is not None:
            due = clock.wall(row.next_follow_up).date()
            today = clock.wall(now).date()
            if due < today:
                return _LATE
            if due == today:
                return _TODAY
        return Style()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        index = self.scroll_offset.y + y
        row = self.row(index)
        if row is None:
            return Strip.blank(width, self.rich_style)
        style = self.rich_style + self._style(row, clock.now())
        if index == self.cursor:
            style += _CURSOR
        digits = len(str(self._count))
        text = f"{index + 1:>{digits}} {row.name}"
        if row.company and width - len(text) > 6:
            text += f" · {row.company}"
        return Strip([Segment(text, style)]).crop_extend(0, width, style)

    def on_click(self, event: Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < self._count:
            self.post_message(self.Chosen(index))
