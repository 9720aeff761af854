"""The deck screen's top bar: the view, where you are in it and today's counts, fitted to
the terminal's width (what cannot be shown is given up whole, and marked, never cut)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text

from carddeck.words import number

if TYPE_CHECKING:
    from carddeck.deck.agenda import Section

#: By the value of each agenda.Section (a StrEnum: it is looked up as its value).
COUNTED = {"overdue": "overdue", "due_today": "today", "new": "new", "cold": "cold",
           "customers": "check-in"}  # fmt: skip
COUNT_STYLE = {"overdue": "bold red", "due_today": "bold yellow", "new": "bold cyan",
               "cold": "bold blue", "customers": "bold green"}  # fmt: skip
#: The counts given up first when they do not all fit: the least pressing first.
GIVEN_UP_FIRST = ("customers", "cold", "new", "due_today", "overdue")
KEYS = "   1-6 views  s stats  ? help"  # 5 the inbox (a shared deck's), 6 customers
SEARCH_KEPT = 12  # a long search is shortened to this many characters before a count goes


def status_bar(*, view: str, place: str, width: int, read_only: bool = False,
               who: str | None = None, search: str = "",
               due: Mapping[Section, int] | None = None) -> Text:  # fmt: skip
    """The bar for ``width`` columns: a long search is shortened first, then the least
    pressing counts are given up, a dim "…" saying some are not shown."""
    counts = [(section, n) for section, n in (due or {}).items() if n]
    shown, typed = list(counts), search

    def build() -> Text:
        bar = Text(f" carddeck · {view}")
        if read_only:
            bar.append(" · read-only", style="bold red")
        if who:
            bar.append(f" · {who}")
        if typed:
            bar.append(f" · search '{typed}'")
        bar.append(f" · {place}  ")
        if due is not None:
            for section, n in shown:
                bar.append(f" {number(n)} {COUNTED[section]}", style=COUNT_STYLE[section])
            if len(shown) < len(counts):
                bar.append(" …", style="dim")
            elif not counts:
                bar.append(" nothing due", style="green")
        return bar

    bar = build()
    while bar.cell_len > width:
        if len(typed) > SEARCH_KEPT:
            typed = typed[: SEARCH_KEPT - 1] + "…"
        elif shown:
            least = min(shown, key=lambda item: GIVEN_UP_FIRST.index(item[0]))
            shown.remove(least)
        else:
            break  # the view and the place: the least the bar says
        bar = build()
    if bar.cell_len + len(KEYS) <= width:
        bar.append(KEYS, style="dim")
    return bar
