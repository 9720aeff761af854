"""Reading the deck for its screen: opened in a thread once the frame is painted (the
first card read light, with plain sqlite3, before the ORM is loaded), a view counted and read
a page at a time, the card shown, and the cards either side read ahead while the owner reads."""

from __future__ import annotations

import gc
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from textual import work

from carddeck import deck
from carddeck.deck.fields import phones_loaded
from carddeck.errors import CarddeckError, CardNotFound
from carddeck.tui.screens.deckframe import DeckFrame
from carddeck.tui.widgets.card import CardStack
from carddeck.tui.widgets.decklist import PAGE, DeckList

if TYPE_CHECKING:
    # The frame is drawn before these are loaded (they bring the ORM): each is imported
    # where it is used, in the reading thread first.
    from carddeck.deck.agenda import Section
    from carddeck.deck.cadence import Proposal
    from carddeck.deck.port import AnyCard, AnyContact
    from carddeck.deck.views import Query, Row, View
    from carddeck.store import Card, Contact, Store
    from carddeck.store.kinds import Channel

AHEAD_KEPT = 6  # cards read ahead, kept while the deck is not read again
#: By the value of each agenda.Section (a StrEnum: it is looked up as its value).
HEADERS = {
    "overdue": "overdue",
    "due_today": "due today",
    "new": "new leads",
    "cold": "cold",
    "customers": "customers to check in",
}


class DeckReading(DeckFrame):
    """Reads the deck a page at a time into the frame. The first read opens the deck
    (``_open``), in a thread."""

    def __init__(self, settings: deck.Settings, *, store: Store | None = None,
                 view: View | str | None = None):  # fmt: skip
        super().__init__(settings, store=store, view=view)
        #: Held while a change is being written in a thread (DeckScreen.write_shuffle): the
        #: next change waits for it.
        self._writes = threading.Lock()
        #: Cards read ahead (the neighbours of the one shown), by id, and how many times the
        #: deck has been read again (a card read ahead before that is not used).
        self._ahead: dict[int, tuple[Card, list[Contact]]] = {}
        #: What logging a contact with the card shown starts from (the channel whose turn
        #: it is, and the method's proposal should the deck not be readable then), read
        #: ahead with its neighbours, by id; dropped with them when the deck is read again.
        self._log_ahead: dict[int, tuple[Channel, Proposal]] = {}
        self._seen = 0
        self._frozen = False  # gc.freeze() done, once the deck was first read (``_loaded``)
        self._total: int | None = None  # how many cards the deck holds, read ahead too
        #: Set once the light read's first card is painted (or not to be): the reading
        #: thread loads the ORM only then, so that its imports do not slow the paint.
        self._painted = threading.Event()
        #: Set once the frame is painted: the reading thread starts then (``_frame_painted``).
        self._framed = threading.Event()

    def _frame_painted(self) -> None:
        """The frame is up: the reading thread opens the deck and reads it (once)."""
        if not self._framed.is_set():
            self._framed.set()
            self.reload()

    def _open(self) -> None:
        """Open the deck (in the reading thread, the frame up): the app's store, who you
        are on a shared deck, the view to open on."""
        from carddeck.deck.sellers import is_shared, who_am_i

        if self._store is None:
            self._store = self.carddeck_app.open_deck()
        with self.store.read() as session:
            if is_shared(session):
                self.me = who_am_i(self.settings)[0]
        from carddeck.deck.views import View

        if self._query is None:  # else chosen by the first card's light read
            self._query = self.view_query(View(self._view))

    def _light_first(self) -> bool:
        """On an SQLite deck, the view to open on and its first card, read with plain
        sqlite3 and drawn at once (in the reading thread, before the ORM is loaded: that
        costs a second); the full store then reads it all again, the same card. Anything
        the light read cannot do is left to the full store, which says it in its words.
        True when a card was sent to be drawn (``_painted`` is set once it is)."""
        from carddeck.deck import clock, views
        from carddeck.deck.viewkinds import View
        from carddeck.store.lite import make_lite, open_lite
        from carddeck.store.lite_port import LiteDeck
        from carddeck.store.litereads import LiteReads

        if self._store is not None:
            return False
        location = self.carddeck_app.location
        try:
            make_lite(location, busy_timeout=0.5)  # a first run's deck, made light
            # A deck held by another program: the full store waits for it, and says so.
            lite = open_lite(location, keep_backups=self.settings.backups_kept,
                             say=self._said, busy_timeout=0.5)  # fmt: skip
        except CarddeckError:
            return False
        if lite is None:
            return False
        try:
            with lite.read() as conn:
                # sellers.is_shared asks the port this (the module brings the whole method)
                if LiteDeck(conn).shared():
                    from carddeck.deck.sellers import who_am_i

                    self.me = who_am_i(self.settings)[0]
                reads = LiteReads(conn)
                # only the rows the terminal can show: each row read gives the GIL up to
                # the app starting beside this thread (the full store reads the page)
                query, found, card = views.opening(
                    reads, self.view_query(View(self._view)), started=self.started,
                    limit=min(PAGE, self._rows_shown()), now=clock.now(),
                )  # fmt: skip
                # an empty view (a new deck's) is drawn at once too: "No cards here"
                contacts = [] if card is None else list(reads.contacts(card.id or 0))
        except CarddeckError:
            return False
        finally:
            lite.close()
        self.app.call_from_thread(self._first, query, found, card, contacts)
        return True

    def _rows_shown(self) -> int:
        """How many rows the deck list shows (the status bar, the said line and the key
        hints take the rest): no more are read for the first card, and with no more the list
        needs no scroll bar yet (one costs the first card a layout)."""
        return max(1, self.app.size.height - 3)

    def _said(self, line: str) -> None:
        """What opening the deck light said (a deck made private), on the screen."""
        self.app.call_from_thread(self.notify, line, severity="warning", timeout=12)

    def _first(self, query: Query, found: list[Row], card: AnyCard | None,
               contacts: Sequence[AnyContact]) -> None:  # fmt: skip
        """Draw the first card the light read found, with its page (the view still being
        counted, as ``_early``)."""
        if self._gone() or self._query is not None or self.count:
            self._painted.set()
            return
        # an empty first page is the whole view: nothing in it to count
        self._query, self.started, self.counting = query, True, bool(found)
        listing = self.query_one(DeckList)
        listing.reset(len(found), 0, {0: found})
        self.count = len(found)
        listing.move_cursor(0)
        self.index = listing.cursor
        # A plain row in place of the ORM's card: drawn alike (render/cardface reads either),
        # and replaced by the full store's before any key is done (they are held till then).
        self.card = cast("Card | None", card)
        self.contacts = cast("list[Contact]", list(contacts))
        self.wanted = None if card is None else card.id
        self.draw()
        self.call_after_refresh(self._first_painted)

    def _first_painted(self) -> None:
        """The first card is on the screen: the reading thread may go on (``_reload``), and
        the key hints be built."""
        self._painted.set()
        self._started_up()

    # reading the deck -------------------------------------------------------

    def reload(
        self, keep: int | None = None, index: int | None = None, *, moved: bool = False
    ) -> None:
        """Count the view and find the card to show (``keep`` by id, else at ``index``).
        ``moved``: only places in the deck changed (a shuffle), so the counts stand."""
        self.wanted = keep if keep is not None else self.wanted
        self._ahead.clear()  # the deck is read again: so are the cards about it
        self._log_ahead.clear()
        self._total = None
        self._seen += 1
        counted = (self.count, self.parts) if moved and self.started and not self.counting else None
        self._reload(keep, index, counted)

    @work(thread=True, exclusive=True, group="load")
    def _reload(self, keep: int | None, index: int | None,
                counted: tuple[int, list[tuple[Section, int]]] | None = None) -> None:  # fmt: skip
        if self._store is None and self.card is None and not self.count:
            # before the ORM is loaded, which waits for that card to be painted (a second
            # at most: a screen not refreshed meanwhile goes on without)
            if self._light_first():
                self._painted.wait(timeout=1.0)
            else:  # the full store draws the first card, after a while: the keys now
                self.app.call_from_thread(self._started_up)
        gc.enable()  # the first card is up (the app held the collector while it started)
        if not phones_loaded():
            import phonenumbers  # noqa: F401  (the phones shown as stored until now)
        from carddeck.deck import views

        if self._store is None or self._query is None:
            try:
                self._open()
            except CarddeckError as err:
                self.app.call_from_thread(self._failed, err)
                return
        with self.store.read() as session:
            if not self.started:
                view = views.start_view(session, self.settings)
                self.query_ = self.view_query(view)
                self.started = True
            query = self.query_
            if self.card is None and not self.count and keep is None and not index:
                # The first paint: the top card as soon as its page is read; the counts
                # (a walk of the view, on a big deck) come after.
                early = views.page(session, query, 0, PAGE)
                self.app.call_from_thread(self._early, query, early)
            if counted is not None:
                count, parts = counted
            else:
                parts = views.sections(session, query)
                count = sum(n for _, n in parts) if parts else views.count(session, query)
            near = max(0, min(self.index if index is None else index, count - 1))
            number = DeckList.page_of(near)  # read here, so the screen never waits on it
            first = views.page(session, query, number * PAGE, PAGE)
            # The card kept is most often where it was, or one on (a card before it went
            # to the back, or to the top): looked for on the page first, as placing it in
            # a big view costs a walk of the whole view.
            found = _on_page(first, number, keep, near) if keep is not None else None
            if found is None and keep is not None:
                found = views.index_of(session, query, keep)
            target = max(0, min(near if found is None else found, count - 1))
            if DeckList.page_of(target) != number:
                number = DeckList.page_of(target)
                first = views.page(session, query, number * PAGE, PAGE)
        sections = [(f"{HEADERS[s]} ({n:,})", n) for s, n in parts]  # 1,200 as the bar says
        self.app.call_from_thread(self._loaded, query, count, target, {number: first}, sections,
                                  parts, counted is not None)  # fmt: skip

    def _early(self, query: Query, rows: list[Row]) -> None:
        if self._gone() or query != self.query_ or self.count or not rows:
            return  # moved on meanwhile, or already counted, or nothing to show early
        self.counting = True
        self.query_one(DeckList).reset(len(rows), 0, {0: rows})
        self.count = len(rows)
        self.show(0)

    def _loaded(self, query: Query, count: int, index: int, pages: dict[int, list[Row]],
                sections: list[tuple[str, int]],
                parts: list[tuple[Section, int]], moved: bool = False) -> None:  # fmt: skip
        if self._gone() or query != self.query_:
            return  # the owner has moved on to another view or search meanwhile
        self.read_query = query
        self._started_up()  # if no light read drew a first card
        listing = self.query_one(DeckList)
        shown = listing.row(listing.cursor)
        if (moved and not self.counting and count == self.count and index == listing.cursor
                and shown is not None and self.card is not None and shown.id == self.card.id
                and listing.agrees(count, pages)):  # fmt: skip
            listing.adopt(pages)  # a shuffle shown at once (DeckScreen): the store agrees
            self.call_after_refresh(self._look_ahead, self._seen)
        else:
            self.count, self.parts, self.counting = count, parts, False
            listing.reset(count, index, pages, sections)
            self.show(listing.cursor)
        if not moved or self.due is None:  # a shuffle leaves today's counts as they were
            self.count_due()
        held, self.held = self.held, None
        if not self._frozen:
            # What opening the deck built stays: the collector need not walk it again at
            # every full collection (those pauses made the slowest keys). Once.
            gc.freeze()
            self._frozen = True
        for action in held or []:  # in the order they were pressed
            self.call_later(self.run_action, action)
        self.view_read()

    def view_read(self) -> None:
        """The view shown has been read and counted (DeckView answers an Enter in the
        search box then, should the search not have been read when it was pressed)."""

    @work(thread=True, exclusive=True, group="counts")
    def count_due(self) -> None:
        """How many cards each part of today's calls holds (after the first paint: on a
        big deck these counts take longer than the card)."""
        from carddeck.deck import views

        with self.store.read() as session:
            parts = views.sections(session, self.view_query("today"))
        self.app.call_from_thread(self._counted, dict(parts))
        if not self.store.read_only:
            # The day's copy, taken here rather than by the day's first key (at 100,000
            # cards the check and the copy take a good part of a second).
            self.store.daily_backup()
        # What the first log, form or message needs, loaded here rather than on its key.
        import carddeck.render.words
        import carddeck.tui.screens.ask
        import carddeck.tui.screens.form
        import carddeck.tui.screens.log
        import carddeck.tui.screens.reaching  # noqa: F401

    def _counted(self, due: dict[Section, int]) -> None:
        if self._gone():
            return
        self.due = due
        self.draw()

    def show(self, index: int) -> None:
        """Make card ``index`` of the view the current card."""
        listing = self.query_one(DeckList)
        listing.move_cursor(index)
        self.index = listing.cursor
        row = listing.row(self.index)
        self.card, self.contacts = None, []
        if row is not None and row.id in self._ahead:
            self.card, self.contacts = self._ahead[row.id]  # read while the owner read
        elif row is not None:
            try:
                with self.store.read() as session:
                    try:
                        self.card = deck.get_card(session, row.id)
                    except CardNotFound:
                        self.card = None  # gone since the page was read: the next reload
                    if self.card is not None:
                        self.contacts = deck.contacts_of(session, self.card)
            except CarddeckError as err:  # the server away, say: said, and the screen goes on
                self.card, self.contacts = None, []
                self.notify(str(err), severity="error", timeout=10, markup=False)
        self.wanted = self.card.id if self.card is not None else None
        self.draw()
        self.call_after_refresh(self._look_ahead, self._seen)

    def _look_ahead(self, seen: int) -> None:
        """Read the cards either side of the one shown (in a thread, the screen drawn)."""
        if seen != self._seen or self._gone():
            return
        listing = self.query_one(DeckList)
        rows = (listing.row(self.index + 1), listing.row(self.index - 1))
        wanted = [row.id for row in rows if row is not None and row.id not in self._ahead]
        shown = self.card.id if self.card is not None else None
        logging = shown if shown is not None and shown not in self._log_ahead else None
        if wanted or self._total is None or logging is not None:
            self._read_ahead(wanted, seen, logging)

    @work(thread=True, exclusive=True, group="ahead")
    def _read_ahead(self, ids: list[int], seen: int, logging: int | None = None) -> None:
        from carddeck.deck import clock
        from carddeck.deck.cadence import propose_next, turn_channel
        from carddeck.deck.order import count

        found: dict[int, tuple[Card, list[Contact]]] = {}
        start: tuple[int, Channel, Proposal] | None = None
        total = self._total
        try:
            with self.store.read() as session:
                if total is None:  # what a shuffle says: "(40 of 40)"
                    total = count(session)
                for card_id in ids:
                    try:
                        card = deck.get_card(session, card_id)
                    except CardNotFound:
                        continue  # gone meanwhile: its key reads it, and says so
                    found[card_id] = (card, deck.contacts_of(session, card))
                if logging is not None:
                    try:
                        shown: Card | None = deck.get_card(session, logging)
                    except CardNotFound:
                        shown = None  # gone meanwhile: the l key reads it, and says so
                    if shown is not None:
                        card = shown
                        channel = turn_channel(session, card, self.settings)
                        proposal = propose_next(session, card, reached=True,
                                                channel=channel, now=clock.now(),
                                                settings=self.settings)  # fmt: skip
                        start = (logging, channel, proposal)
        except CarddeckError:
            return  # its key reads it again, and says what is wrong
        self.app.call_from_thread(self._read, found, total, seen, start)

    def _read(self, found: dict[int, tuple[Card, list[Contact]]], total: int, seen: int,
              start: tuple[int, Channel, Proposal] | None = None) -> None:  # fmt: skip
        """Cards read ahead, kept unless the deck was read again meanwhile; the next card's
        front is made now, so its key only draws it."""
        if seen != self._seen or self._gone():
            return
        self._ahead.update(found)
        self._total = total
        if start is not None:
            card_id, channel, proposal = start
            self._log_ahead = {card_id: (channel, proposal)}  # the card shown's only
            self.log_ready(card_id)
        while len(self._ahead) > AHEAD_KEPT:
            del self._ahead[next(iter(self._ahead))]
        following = self.query_one(DeckList).row(self.index + 1)
        if following is not None and following.id in found:
            card, contacts = found[following.id]
            self.query_one(CardStack).prepare(card, contacts, self.settings, flipped=False)

    def log_ready(self, card_id: int) -> None:
        """What logging a contact with card ``card_id`` starts from has been read ahead
        (DeckScreen makes its dialog ready then)."""


def _on_page(rows: list[Row], number: int, card_id: int, near: int) -> int | None:
    """Where card ``card_id`` stands, if it is on this page within one place of ``near``."""
    for index in (near, near + 1, near - 1):
        offset = index - number * PAGE
        if 0 <= offset < len(rows) and rows[offset].id == card_id:
            return index
    return None
