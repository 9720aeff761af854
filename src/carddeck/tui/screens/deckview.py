"""The deck on screen as it is: the current card, the deck list (the today view in its
sections), views, search, the counts, a line saying what the last change did, and
keeping up with changes made elsewhere. DeckScreen adds the keys that change the deck."""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from rich.text import Text
from textual import on, work
from textual.actions import ActionParseResult
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize, ScreenResume
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from carddeck import deck
from carddeck.deck.fields import phones_loaded
from carddeck.errors import CarddeckError, CardNotFound
from carddeck.tui.widgets.bar import status_bar
from carddeck.tui.widgets.card import STACK, CardStack, stack_width
from carddeck.tui.widgets.decklist import PAGE, DeckList
from carddeck.words import number

if TYPE_CHECKING:
    # The frame is drawn before these are loaded (they bring the ORM): each is imported
    # where it is used, in the reading thread first.
    from carddeck.deck.agenda import Section
    from carddeck.deck.cadence import Proposal
    from carddeck.deck.port import AnyCard, AnyContact
    from carddeck.deck.views import Query, Row, View
    from carddeck.store import Card, Contact, Store
    from carddeck.store.kinds import Channel

T = TypeVar("T")
#: The dialogs' stylesheet: not parsed (nor matched against the frame's widgets) at start.
DIALOGS_CSS = Path(__file__).parents[1] / "dialogs.tcss"
AHEAD_KEPT = 6  # cards read ahead, kept while the deck is not read again
MIN_SIZE = (70, 20)
LIST_WIDTH = (26, 60)  # the deck list takes what the card leaves, within these
#: By the value of each agenda.Section (a StrEnum: it is looked up as its value).
HEADERS = {
    "overdue": "overdue",
    "due_today": "due today",
    "new": "new leads",
    "cold": "cold",
    "customers": "customers to check in",
}
#: Seconds the key hints (and the collector: CarddeckApp.on_load) wait for the first card.
KEYS_AT_MOST = 0.75
#: Keys that need no deck: done at once, even while it is being opened.
DECKLESS = frozenset({"help", "clear_search"})
#: The keys' actions that change the deck: refused at once on a read-only one (not after a
#: whole log dialog typed).
CHANGES = frozenset({"shuffle", "log", "add", "edit", "take", "assign", "junk", "won", "lost",
                     "dnc", "nurture", "undo"})  # fmt: skip
#: The keys' actions that need a card shown: with none, neither offered in the key hints
#: nor done (the empty card says what can be done).
ON_A_CARD = frozenset({"flip", "log", "shuffle", "edit", "won", "lost", "dnc", "nurture",
                       "take", "assign", "junk", "reach"})  # fmt: skip
#: The said line at the start, and the same for a view with no card.
HINT = "l logs a contact · space flips the card · ? shows every key"
HINT_EMPTY = "a adds a card · ? shows every key"


class DeckView(Screen[None]):
    """Reads the deck a page at a time and draws where the owner is in it. Its frame is up
    before the deck is open: the first read opens it (``open``), in a thread."""

    AUTO_FOCUS = ""  # keys belong to the deck until the owner opens the search box

    def __init__(self, settings: deck.Settings, *, store: Store | None = None,
                 view: View | str | None = None):  # fmt: skip
        super().__init__()
        self._store = store
        self.settings = settings
        #: None until the first load has chosen where to open (today when anything is due).
        self.started = view is not None
        self._view = str(view or "deck")  # the view until the deck is open
        #: Who you are on a shared deck (None on a deck of your own), and whether the views
        #: show every seller's cards rather than yours.
        self.me: str | None = None
        self.everyone = False
        #: The deck's keys pressed before it was open and read, done once it is; None once
        #: the deck is up (keys are done as they come).
        self.held: list[str] | None = []
        self._said_one = False  # the said line holds one line (a new one needs no layout)
        self.said_text = Text()  # what the said line says
        self._bar_text = Text()  # what the status bar says
        self._fitted: Size | None = None  # the terminal size the deck was laid out for
        self._cardless = False  # the deck read and no card shown: the card's keys are off
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
        self._total: int | None = None  # how many cards the deck holds, read ahead too
        self._query: Query | None = None
        self.count = 0
        #: True while the first page is shown and the view is still being counted.
        self.counting = False
        self.index = 0
        self.card: Card | None = None
        self.contacts: list[Contact] = []
        self.flipped = False
        #: The card the owner is on, or is about to be on once a reload lands: a refresh
        #: from elsewhere must keep this one, not whatever was drawn a moment before.
        self.wanted: int | None = None
        #: The view's sections as counted at the last reload (the today view's only).
        self.parts: list[tuple[Section, int]] = []
        #: How many cards each section of today's calls holds (each card counted once).
        self.due: dict[Section, int] | None = None
        #: Set once the light read's first card is painted (or not to be): the reading
        #: thread loads the ORM only then, so that its imports do not slow the paint.
        self._painted = threading.Event()
        #: Set once the frame is painted: the reading thread starts then (``_frame_painted``).
        self._framed = threading.Event()
        #: The app's count of CSS changes when the screen was styled (mounted): see
        #: on_screen_resume.
        self._styled_at: int | None = None

    @property
    def store(self) -> Store:
        """The open deck (the screen's keys wait for it: see ``holds``)."""
        if self._store is None:
            raise RuntimeError("the deck is not open yet")
        return self._store

    @property
    def query_(self) -> Query:
        """The view (and search) shown."""
        if self._query is None:
            raise RuntimeError("the deck is not open yet")
        return self._query

    @query_.setter
    def query_(self, query: Query) -> None:
        self._query = query

    @property
    def no_deck(self) -> bool:
        """Whether the deck could not be opened (the app holds why: CarddeckApp.failed)."""
        return getattr(self.app, "failed", None) is not None

    def holds(self, action: str | ActionParseResult) -> bool:
        """Keep a deck key pressed before the deck is up, to do once it is (True)."""
        if self.held is None or not isinstance(action, str):
            return False
        name = action.split("(")[0]
        if name in DECKLESS or "." in name:
            return False
        if not self.no_deck:  # (with none, its keys are off:
            self.held.append(action)  # check_action; the card says why, "q quits" below)
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A card's keys are off (and not in the key hints) while no card is shown; with no
        deck (one that could not be opened) only the keys that need none are on."""
        if self.no_deck:
            return action in DECKLESS
        return not (self._cardless and action in ON_A_CARD)

    def refuses(self, action: str | ActionParseResult) -> bool:
        """A key that would change a read-only deck is refused at once, and said (True)."""
        store = self._store
        if store is None or not store.read_only or not isinstance(action, str):
            return False
        if action.split("(")[0] not in CHANGES:
            return False
        self.notify(store.why_read_only(), severity="error", timeout=8, markup=False)
        return True

    # layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="main"):
            yield Label(id="status-bar")
            with Horizontal(id="table"):
                yield CardStack(id="stack")
                yield DeckList(self._fetch, region=self.settings.phone_region, id="list")
            yield Label(id="said", markup=False)
        # Not in the first frame: the search box (mounted at the first /, action_search)
        # and the line saying the terminal is too small (mounted by fit when it is).
        # The key hints' room: they come with the first card (_started_up), as a widget each
        # they cost the first paint more than anything else on the screen, and Textual's
        # footer that draws them brings its own stylesheet.
        yield Static(id="keys-room")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Plain text by default: messages carry names and typed values, not markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def say(self, line: str, *, undo: bool = True) -> None:
        """One line under the card saying what the last change did."""
        text = Text(line)
        if undo:
            text.append("   u\u00a0undoes\u00a0it", style="dim")  # never split across lines
        self.said_text = text
        said = self.query_one("#said", Label)
        # One line in place of one line keeps the layout: only that line is drawn again.
        one = 0 < text.cell_len <= said.content_size.width
        said.update(text, layout=not (one and self._said_one))
        self._said_one = one

    def put_back_said(self, text: Text) -> None:
        """The said line as it was (a change said at once, then refused)."""
        self.said_text = text
        self.query_one("#said", Label).update(text)

    def ask(self, dialog: Screen[T]) -> asyncio.Future[T]:
        """Open ``dialog`` now, so the very next key goes to it, and give a future of its
        answer for a flow to await (a worker cannot open it soon enough for fast typing)."""
        answer: asyncio.Future[T] = asyncio.get_running_loop().create_future()

        def answered(result: T | None) -> None:
            if not answer.done():
                answer.set_result(result)  # type: ignore[arg-type]

        self.style_dialogs()
        self.app.push_screen(dialog, callback=answered)
        return answer

    def style_dialogs(self) -> None:
        """Add the dialogs' stylesheet to the app's, once: after the first card (a tenth of
        the frame's CSS work, parsing it and matching it against each widget, is theirs),
        or before a dialog should one open first (? while the deck is opened)."""
        stylesheet = self.app.stylesheet
        if stylesheet.has_source(str(DIALOGS_CSS)):
            return
        stylesheet.read(DIALOGS_CSS)
        stylesheet.reparse()  # the sources read before come from its cache
        stylesheet.update(self.app)

    def on_mount(self) -> None:
        self._styled_at = getattr(self.app, "_css_update_count", None)
        # Sized for the terminal before the first layout (else its resize lays the screen out
        # and draws it all again): the deck list, and the card in what it leaves (the
        # stack's padding, the status bar, the said line and the key hints taken off).
        size = self.app.size
        listed = self.fit(size)
        self.query_one(CardStack).fit(size.width - listed - 1, size.height - 4)
        self.said_text = Text(HINT, style="dim")
        self.query_one("#said", Label).update(self.said_text)
        self.draw()
        # The reading thread starts once the frame is painted (on_screen_resume), or after
        # the next refresh should that not come first.
        self.call_after_refresh(self._frame_painted)
        # The key hints come with the first card, or after this long without one (a deck
        # held by another program keeps the light read waiting till it lets go).
        self.set_timer(KEYS_AT_MOST, self._started_up)

    def on_screen_resume(self, event: ScreenResume) -> None:
        # Textual lays the screen out and paints it in its own handler of this event, which
        # runs after this one: what is called next comes once the frame is painted (sooner
        # than after the refresh, which waits for the resizes that follow).
        if not self._framed.is_set():
            self.call_next(self._frame_painted)
            # Its handler also styles every widget again, as a screen come back to may have
            # missed a change of the app's CSS (a theme); the first time, each widget has
            # just been styled as it was mounted: unless the CSS changed since, not again
            # (a tenth of the frame's time).
            if getattr(self.app, "_css_update_count", None) == self._styled_at:
                event.refresh_styles = False

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
            opener = getattr(self.app, "open_deck", None)
            if opener is None:
                raise RuntimeError("no deck to open")
            self._store = opener()
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

        location = getattr(self.app, "location", None)
        if location is None or self._store is not None:
            return False
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

    def _started_up(self) -> None:
        """The start is over (the first card is up, or none came in KEYS_AT_MOST): the key
        hints held back for it are built, and the collector the app held runs again."""
        gc.enable()
        if self._gone():
            return
        self.style_dialogs()
        room = next(self.query("#keys-room").results(Static), None)
        if room is not None:  # once
            from carddeck.tui.widgets.keys import KeyHints

            with self.app.batch_update():
                room.remove()
                self.mount(KeyHints(compact=True))

    def _gone(self) -> bool:
        """The screen is being taken down (q pressed while a read was under way): what
        the read brings is not drawn."""
        return not self.is_attached or not self.query("#status-bar")

    def _failed(self, error: CarddeckError) -> None:
        """The deck could not be opened: said on the card, in one line, until q."""
        if self._gone():
            return
        self._started_up()
        self.query_one(CardStack).failed(f"carddeck: {error}")
        self.query_one("#said", Label).update(Text("q quits", style="dim"))
        self.draw()
        self.refresh_bindings()  # the deck's keys off, and out of the key hints

    def on_resize(self, event: Resize) -> None:
        if event.size == self._fitted:
            return  # laid out for this size already (on_mount fits it before the first layout)
        self._said_one = False  # its lines are counted again at this width
        self.fit(event.size)

    def fit(self, size: Size) -> int:
        """Lay the deck out for a terminal ``size``; gives the deck list's width."""
        self._fitted = size
        small = size.width < MIN_SIZE[0] or size.height < MIN_SIZE[1]
        self.set_class(small, "too-small")
        if small:
            hint = next(self.query("#too-small").results(Static), None)
            if hint is None:  # mounted the first time it is needed: not in the first frame
                hint = Static(id="too-small")
                self.mount(hint, after=self.query_one("#main"))
            hint.update(
                f"This terminal is {size.width}x{size.height}; the deck needs at least "
                f"{MIN_SIZE[0]}x{MIN_SIZE[1]}. Make it bigger (q quits)."
            )
        # The card keeps its 3x5 shape; the deck list uses the width it leaves.
        card_height = size.height - 3  # the status bar, the said line, the footer
        room = size.width - stack_width(size.width - LIST_WIDTH[0], card_height)
        width = max(LIST_WIDTH[0], min(LIST_WIDTH[1], room))
        self.query_one(DeckList).styles.width = width
        return width

    # reading the deck -------------------------------------------------------

    def _fetch(self, offset: int, limit: int) -> list[Row]:
        from carddeck.deck import views

        with self.store.read() as session:
            return views.page(session, self.query_, offset, limit)

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
        if held is not None:
            # What opening the deck built stays: the collector need not walk it again at
            # every full collection (those pauses made the slowest keys).
            gc.freeze()
        for action in held or []:  # in the order they were pressed
            self.call_later(self.run_action, action)

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

    def draw(self) -> None:
        if self._query is None:  # the frame, the deck being opened
            failed = self.no_deck
            bar = Text(" carddeck · " + ("the deck is not open" if failed else "opening the deck…"))
            self._bar(bar)
            return
        place = f"{number(self.index + 1)} of {number(self.count)}" if self.count else "0 of 0"
        if self.counting:
            place = f"{number(self.index + 1)} of …"  # the first page is up; the view counted
        self.query_one(CardStack).show(
            self.card,
            self.contacts,
            self.settings,
            flipped=self.flipped,
            place=place,
            behind=min(STACK, max(0, self.count - self.index - 1)),
            empty=self.empty_text(),
        )
        self._keys_for_card()
        # Built as styled text, not markup: the search is whatever the owner typed.
        who = None if self.me is None else "every seller" if self.everyone else self.me
        self._bar(status_bar(
            view=self.query_.view.value, place=place, width=self.size.width,
            read_only=self._store is not None and self._store.read_only, who=who,
            search=self.query_.search, due=self.due,
        ))  # fmt: skip

    def empty_text(self) -> str:
        """What the card says when the view shows none: a search says it found none."""
        from carddeck.tui.widgets.card import EMPTY

        search = self.query_.search
        if not search:
            return EMPTY
        view = self.query_.view.value
        where = "" if view == "deck" else f" in the {view} view"
        return (f"No card matches '{search}'{where}.\n\nEsc clears the search, "
                "or 1-6 look for it in the other views.")  # fmt: skip

    def _keys_for_card(self) -> None:
        """The card's keys go off (and out of the key hints) when no card is shown, and on
        again with one; the start's hint says only what works."""
        cardless = self.card is None
        if cardless == self._cardless:
            return
        self._cardless = cardless
        self.refresh_bindings()
        if str(self.said_text) in (HINT, HINT_EMPTY):  # nothing said since the start
            self.said_text = Text(HINT_EMPTY if cardless else HINT, style="dim")
            self.query_one("#said", Label).update(self.said_text)

    def _bar(self, bar: Text) -> None:
        """The status bar says ``bar`` (drawn again only when it says something else: the
        frame is drawn at each fitting of the card, before the deck is open)."""
        if bar != self._bar_text:
            self._bar_text = bar
            self.query_one("#status-bar", Label).update(bar, layout=False)  # one line, full width

    @on(CardStack.Fitted)
    def refitted(self) -> None:
        self.draw()

    @on(DeckList.Chosen)
    def chosen(self, event: DeckList.Chosen) -> None:
        """A click on a row of the list shows that card."""
        self.flipped = False
        self.show(event.index)

    def refresh_from_store(self) -> None:
        """Another process changed the deck: show it, keeping the current card."""
        self.reload(keep=self.wanted)

    # moving about -----------------------------------------------------------

    def action_step(self, delta: int) -> None:
        if self.count:
            self.flipped = False
            self.show(self.index + delta)

    def action_jump(self, where: str) -> None:
        if self.count:
            self.flipped = False
            self.show(0 if where == "first" else self.count - 1)

    def action_goto(self) -> None:
        from carddeck.tui.screens.ask import AskScreen

        count = self.count
        if not count:
            self.notify("No cards here to go to: a adds one.", severity="information")
            return

        def wrong(answer: str) -> str | None:
            answer = answer.replace(",", "")  # "1,200" as the bar shows it
            if answer.isdigit() and 1 <= int(answer) <= count:
                return None
            return f"give a card number from 1 to {number(count)}"

        self.go_to(self.ask(AskScreen(f"Go to card number (1-{number(count)}):", check=wrong)))

    @work(exclusive=True, group="flow")
    async def go_to(self, answer: asyncio.Future[str | None]) -> None:
        typed = await answer
        if typed is not None:
            self.flipped = False
            self.show(int(typed.replace(",", "")) - 1)

    def action_flip(self) -> None:
        if self.card is not None:
            self.flipped = not self.flipped
            self.draw()

    def view_query(self, view: View | str, search: str = "") -> Query:
        """A view of the deck as this screen shows it: your cards on a shared deck (unless
        every seller's were asked for)."""
        from carddeck.deck.viewkinds import Query, View

        owner = None if self.everyone else self.me
        return Query(View(view), search, self.settings, owner=owner)

    def action_view(self, view: str) -> None:
        if view == "inbox" and self.me is None:
            self.notify("Nobody has taken a lead yet: every open lead waits here until "
                        "someone takes (m), assigns (o) or junks (J) one.",
                        severity="information")  # fmt: skip
        self.started = True
        self.query_ = self.view_query(view, self.query_.search)
        self.flipped = False
        self.reload(index=0)

    def action_search(self) -> None:
        box = next(self.query("#search").results(Input), None)
        if box is None:  # mounted at the first /: the first frame has no need of it
            box = Input(placeholder="search: name, company, email or phone", id="search")
            self.query_one("#main").mount(box)
        box.display = True
        box.focus()

    @on(Input.Changed, "#search")
    def searching(self, event: Input.Changed) -> None:
        self.query_ = self.view_query(self.query_.view, event.value.strip())
        self.reload(index=0)

    @on(Input.Submitted, "#search")
    def searched(self) -> None:
        self.set_focus(None)

    def action_clear_search(self) -> None:
        box = next(self.query("#search").results(Input), None)
        if box is not None and box.display:
            box.value = ""
            box.display = False
            self.set_focus(None)

    def action_stats(self) -> None:
        from carddeck.tui.screens.stats import StatsScreen

        self.style_dialogs()
        self.app.push_screen(StatsScreen(self.store, self.settings))

    def action_help(self) -> None:
        from carddeck.tui.screens.help import HelpScreen

        self.style_dialogs()
        self.app.push_screen(HelpScreen())


def _on_page(rows: list[Row], number: int, card_id: int, near: int) -> int | None:
    """Where card ``card_id`` stands, if it is on this page within one place of ``near``."""
    for index in (near, near + 1, near - 1):
        offset = index - number * PAGE
        if 0 <= offset < len(rows) and rows[offset].id == card_id:
            return index
    return None
