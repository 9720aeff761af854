"""The view the screen opens on and its first page, read through the read port
(``deck/reads.py``): on an SQLite deck the screen draws its first card from these before
the ORM is loaded. The views are those of ``deck/views.py`` (which pages the whole view
through the ORM); tests/tui/test_first_card.py and tests/deck/test_firstpage.py hold the
two equal."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from carddeck.deck.agenda import bounds, hours_left
from carddeck.deck.settings import Settings
from carddeck.deck.viewkinds import Query, Row, View
from carddeck.store.kinds import CLOSED_STATUSES, OPEN_STATUSES
from carddeck.store.reading import SECTIONS, Filter, Section
from carddeck.words import without_controls

if TYPE_CHECKING:
    from carddeck.deck.port import AnyCard
    from carddeck.deck.reads import ReadPort

#: The views read here; the others (the inbox, customers, a search) wait for the ORM.
LIGHT_VIEWS = frozenset({View.deck, View.today, View.cold, View.closed})


def start_view(reads: ReadPort, settings: Settings, *, now: datetime) -> View:
    """The view the screen opens on: the setting's, or today when anything is due (as
    ``views.start_view``)."""
    if settings.start_view != "auto":
        return View(settings.start_view)
    lines = bounds(now, settings)
    for section in SECTIONS:
        if reads.section(section, lines, owner=None, limit=1)[1]:
            return View.today
    return View.deck


def opening(reads: ReadPort, query: Query, *, started: bool, limit: int,
            now: datetime) -> tuple[Query, list[tuple[Row, AnyCard]] | None]:  # fmt: skip
    """The view the screen opens on (``query``'s when ``started``, else as ``start_view``
    chooses) and its first page. Choosing on its own, today's first page is read first:
    found, today it is (each read once)."""
    settings = query.settings
    if started or settings.start_view != "auto":
        view = query.view if started else View(settings.start_view)
        chosen = replace(query, view=view)
        return chosen, first_page(reads, chosen, limit, now=now)
    today = replace(query, view=View.today)
    found = first_page(reads, today, limit, now=now)
    if found:
        return today, found
    if query.owner is not None and start_view(reads, settings, now=now) == View.today:
        return today, found  # something is due, of other sellers only
    deck = replace(query, view=View.deck)
    return deck, first_page(reads, deck, limit, now=now)


def row_of(card: AnyCard, section: Section | None, now: datetime, settings: Settings) -> Row:
    """The deck list's row of a card (as ``views.page`` reads it)."""
    left = None
    if section == Section.new:
        left = hours_left(card.created_at, card.next_follow_up, now, settings)[1]
    company = without_controls(card.company) if card.company else card.company
    return Row(card.id or 0, without_controls(card.name), company, card.phone, card.status,
               card.next_follow_up, section, left)  # fmt: skip


def first_page(reads: ReadPort, query: Query, limit: int, *,
               now: datetime) -> list[tuple[Row, AnyCard]] | None:  # fmt: skip
    """The view's first ``limit`` rows, each with its card; None for a view not read
    here."""
    if query.view not in LIGHT_VIEWS or query.search:
        return None
    settings = query.settings
    if query.view in (View.deck, View.closed):
        statuses = OPEN_STATUSES if query.view == View.deck else CLOSED_STATUSES
        listed = reads.listing(Filter(statuses=statuses, owner=query.owner), limit)
        return [(row_of(card, None, now, settings), card) for _, card in listed.rows]
    lines = bounds(now, settings)
    parts = SECTIONS if query.view == View.today else (Section.cold,)
    found: list[tuple[Row, AnyCard]] = []
    for section in parts:
        if len(found) >= limit:
            break
        _, cards = reads.section(section, lines, owner=query.owner, limit=limit - len(found))
        shown = section if query.view == View.today else None
        found += [(row_of(card, shown, now, settings), card) for card in cards]
    return found


__all__ = ["LIGHT_VIEWS", "first_page", "opening", "row_of", "start_view"]
