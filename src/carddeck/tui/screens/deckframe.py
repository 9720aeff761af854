"""The deck screen's frame: its layout fitted to the terminal, the card and the deck list
drawn from what the screen holds, the status bar, the said line, which keys are on, and the
dialogs it opens. DeckReading reads the deck into it; DeckView moves about it."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from rich.text import Text
from textual import on
from textual.actions import ActionParseResult
from textual.app import ComposeResult
from textual.events import Resize
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Label, Static

from carddeck import deck
from carddeck.errors import CarddeckError
from carddeck.tui.widgets.bar import status_bar
from carddeck.tui.widgets.card import STACK, CardStack, stack_width
from carddeck.tui.widgets.decklist import DeckList
from carddeck.words import number

if TYPE_CHECKING:
    # The frame is drawn before these are loaded (they bring the ORM): each is imported
    # where it is used, in the reading thread first.
    from carddeck.deck.agenda import Section
    from carddeck.deck.views import Query, Row, View
    from carddeck.store import Card, Contact, Store
    from carddeck.tui.app import CarddeckApp

T = TypeVar("T")
#: The dialogs' stylesheet: not parsed (nor matched against the frame's widgets) at start.
DIALOGS_CSS = Path(__file__).parents[1] / "dialogs.tcss"
MIN_SIZE = (70, 20)
LIST_WIDTH = (26, 60)  # the deck list takes what the card leaves, within these
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
#: The same, while what is typed goes to the search box (a and ? are letters there).
HINT_SEARCH = "Esc closes the search"


class DeckFrame(Screen[None]):
    """What the deck screen shows, drawn from what it holds (the card, its place, the view),
    and fitted to the terminal. Its frame is up before the deck is open."""

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
        self._hints_up = False  # the key hints mounted (_started_up)
        self._cardless = False  # the deck read and no card shown: the card's keys are off
        self._query: Query | None = None
        #: The view (and search) read and counted last: what the card and count show.
        self.read_query: Query | None = None
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
    def carddeck_app(self) -> CarddeckApp:
        """The app the screen runs in: carddeck's, which holds the deck's location, opens
        it, and keeps why it could not be opened."""
        return cast("CarddeckApp", self.app)

    @property
    def no_deck(self) -> bool:
        """Whether the deck could not be opened (the app holds why: CarddeckApp.failed)."""
        return self.carddeck_app.failed is not None

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

    def hold_keys(self) -> None:
        """Deck keys pressed from now until the view is read again wait for it, and are done
        then, in order (``holds``): pressed after a view key, they are meant for the new
        view, not for the one still shown."""
        if self.held is None:
            self.held = []

    def release_keys(self) -> None:
        """The keys held (``hold_keys``) done now: the read they waited for failed."""
        held, self.held = self.held, None
        for action in held or []:
            self.call_later(self.run_action, action)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A card's keys are off (and not in the key hints) while no card is shown; with no
        deck (one that could not be opened) only the keys that need none are on; and none
        while a terminal too small hides the deck (a key would change a card nobody sees:
        q, the app's, still quits)."""
        if self.has_class("too-small"):
            return False
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
        # Each widget in the first frame costs it ~2 ms (styled, laid out, drawn): no
        # containers. The status bar and the said line are docked (app.tcss), and the card
        # and the list laid out side by side in the rest.
        yield Label(id="status-bar")
        yield CardStack(id="stack")
        yield DeckList(self._fetch, region=self.settings.phone_region, id="list")
        yield Label(id="said", markup=False)
        # Not in the first frame: the search box (mounted at the first /, action_search)
        # and the line saying the terminal is too small (mounted by fit when it is).
        # The key hints come with the first card (_started_up), in the row the said line's
        # margin keeps for them: as a widget each they cost the first paint more than
        # anything else on the screen, and Textual's footer that draws them brings its own
        # stylesheet.

    def _fetch(self, offset: int, limit: int) -> list[Row]:
        """A page of the view shown, for the deck list (which reads them as it scrolls)."""
        from carddeck.deck import views

        with self.store.read() as session:
            return views.page(session, self.query_, offset, limit)

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

    def _started_up(self) -> None:
        """The start is over (the first card is up, or none came in KEYS_AT_MOST): the key
        hints held back for it are built, and the collector the app held runs again."""
        gc.enable()
        if self._gone():
            return
        self.style_dialogs()
        if not self._hints_up:  # once
            from carddeck.tui.widgets.keys import KeyHints

            self._hints_up = True
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
        if small != self.has_class("too-small"):
            self.set_class(small, "too-small")
            self.refresh_bindings()  # the deck's keys off while it is hidden, and back
        if small:
            hint = next(self.query("#too-small").results(Static), None)
            if hint is None:  # mounted the first time it is needed: not in the first frame
                hint = Static(id="too-small")
                self.mount(hint, after=self.query_one("#said"))
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
        if self.search_has_keys():  # what is typed goes to the box: 1-6 would be typed
            return f"No card matches '{search}'{where}.\n\nChange the search, or Esc closes it."
        return (f"No card matches '{search}'{where}.\n\nEsc closes the search, / changes it, "
                "or 1-6 look for it in the other views.")  # fmt: skip

    def search_has_keys(self) -> bool:
        """Whether what is typed goes to the search box (else the keys are the deck's)."""
        focused = self.focused
        return focused is not None and focused.id == "search"

    def _keys_for_card(self) -> None:
        """The card's keys go off (and out of the key hints) when no card is shown, and on
        again with one; the start's hint says only what works."""
        cardless = self.card is None
        if cardless == self._cardless:
            return
        self._cardless = cardless
        self.refresh_bindings()
        self.hint_again()

    def start_hint(self) -> str:
        """The start's hint as the keys now are: the search box's, the card's, or an
        empty view's."""
        if self.search_has_keys():
            return HINT_SEARCH
        return HINT if self.card is not None else HINT_EMPTY

    def hint_again(self) -> None:
        """The line under the card, if nothing was said since the start, says the hint
        that is true now."""
        if str(self.said_text) in (HINT, HINT_EMPTY, HINT_SEARCH) and (
            str(self.said_text) != self.start_hint()
        ):
            self.said_text = Text(self.start_hint(), style="dim")
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

    def view_query(self, view: View | str, search: str = "") -> Query:
        """A view of the deck as this screen shows it: your cards on a shared deck (unless
        every seller's were asked for)."""
        from carddeck.deck.viewkinds import Query, View

        owner = None if self.everyone else self.me
        return Query(View(view), search, self.settings, owner=owner)
