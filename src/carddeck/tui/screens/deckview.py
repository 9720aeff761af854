"""The deck on screen as it is: the current card, the deck list (the today view in its
sections), views, search, the counts, a line saying what the last change did, and
keeping up with changes made elsewhere. DeckScreen adds the keys that change the deck.

Its frame (layout, drawing) is DeckFrame's, in deckframe.py; reading the deck is
DeckReading's, in deckread.py; here are the start and the keys that move about."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.events import DescendantBlur, DescendantFocus, Key, ScreenResume
from textual.widget import Widget
from textual.widgets import Input, Label

from carddeck.tui.screens.deckframe import DIALOGS_CSS as DIALOGS_CSS
from carddeck.tui.screens.deckframe import HINT
from carddeck.tui.screens.deckread import DeckReading
from carddeck.tui.widgets.card import CardStack
from carddeck.tui.widgets.decklist import DeckList
from carddeck.words import number

if TYPE_CHECKING:
    from textual.geometry import Size

    from carddeck.deck.views import Query

#: Seconds the key hints (and the collector: CarddeckApp.on_load) wait for the first card.
KEYS_AT_MOST = 0.75


class DeckView(DeckReading):
    """The deck screen that reads the deck and moves about it: its frame is fitted to the
    terminal before the first layout and is up before the deck is open; the first read
    opens the deck (``_open``), in a thread, once that frame is painted."""

    #: The search Enter was pressed on, until it is read (``view_read`` answers it then).
    _entered: Query | None = None
    #: What the line under the card said of it (taken back once no longer true).
    _search_said: Text | None = None
    #: The search box had the keys when a terminal too small hid it (``fit``).
    _search_hidden = False
    #: Keys typed after / till the search box has them, or None (``on_key``).
    _typed: list[tuple[str, str | None]] | None = None

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

        self.go_to(self.ask(AskScreen(f"Go to card number (1-{number(count)}):", check=wrong,
                                      keep_asking=False)))  # fmt: skip

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

    def action_view(self, view: str) -> None:
        if view == "inbox" and self.me is None:
            self.notify("Nobody has taken a lead yet: every open lead waits here until "
                        "someone takes (m), assigns (o) or junks (J) one.",
                        severity="information")  # fmt: skip
        self.started = True
        self.query_ = self.view_query(view, self.query_.search)
        self.flipped = False
        self.reload(index=0)
        self.hold_keys()  # "1 j j": the j's move on the view 1 opens

    def action_search(self) -> None:
        box = next(self.query("#search").results(Input), None)
        if box is None:  # mounted at the first /: the first frame has no need of it
            # (focused again after a terminal too small hid it, it keeps its cursor: fit)
            box = Input(placeholder="search: name, company, email or phone", id="search",
                        select_on_focus=False)  # fmt: skip
            self.mount(box)
        # shown while the screen searches (app.tcss: the said line goes above it, and a
        # terminal too small hides it with the rest)
        self.add_class("searching")
        box.action_select_all()  # what / types replaces the search shown
        typed, self._typed = self._typed or [], None
        for key, char in typed:  # typed in one burst with the /, before the box was there
            _type_into(box, key, char)
        if self._typed is None and not box.has_focus:
            self._typed = []  # and until it has the keys: on_key
        box.focus()

    def on_key(self, event: Key) -> None:
        """Keys typed in one burst with / (a paste, a fast typist, a slow link) reach the
        screen before the search box is there, or has the keys (Textual gives it them a
        moment later): they are typed into it, as they would have been, not done as the
        deck's keys (b sent the card to the back, a opened the add form)."""
        if event.key == "slash":
            if self._typed is None and self.check_action("search", ()):
                self._typed = []  # the box comes (action_search): what follows is its
            return
        if self._typed is None:
            return
        box = next(self.query("#search").results(Input), None)
        if box is not None and (box.has_focus or not self.has_class("searching")):
            self._typed = None
            return
        if not ((event.is_printable and event.character) or event.key == "backspace"):
            return
        if box is None or not self.has_class("searching"):
            self._typed.append((event.key, event.character))  # for the box to come
        else:
            _type_into(box, event.key, event.character)
        event.prevent_default()
        event.stop()

    @on(Input.Changed, "#search")
    def searching(self, event: Input.Changed) -> None:
        self._search_unsaid()  # what it said of the search before is no longer true
        self.query_ = self.view_query(self.query_.view, event.value.strip())
        self.reload(index=0)

    @on(Input.Submitted, "#search")
    def searched(self) -> None:
        """Enter, once the search is read: one that found cards gives the keys back to
        the deck (the box stays, showing the search in effect); one that found none keeps
        them in the box, for the owner to change it (the deck's keys would act on what
        they type). Either way the line under the card says that Esc closes it."""
        self._entered = self.query_
        self.view_read()

    def view_read(self) -> None:
        entered = self._entered
        if entered is None or entered != self.read_query:
            return  # not read yet: this comes again once it is
        self._entered = None
        if entered != self.query_:
            return  # typed on since
        search = entered.search if len(entered.search) <= 20 else entered.search[:19] + "…"
        if self.count or not search:  # (an empty box on an empty view: nothing to change)
            self.set_focus(None)
            self.say("/ changes the search, Esc closes it", undo=False)
        else:
            self.say(f"No card matches '{search}': change the search, or Esc closes it",
                     undo=False)  # fmt: skip
        self._search_said = self.said_text

    def _search_unsaid(self) -> None:
        """The line under the card back to the start's hint, if it says what Enter found."""
        if self._search_said is not None and self.said_text is self._search_said:
            self.put_back_said(Text(self.start_hint(), style="dim"))
        self._search_said = None

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if event.widget.id == "search":
            self._typed = None  # the box has the keys itself now
        self._search_keys_moved(event.widget)

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        self._search_keys_moved(event.widget)

    def _search_keys_moved(self, widget: Widget) -> None:
        """The keys went to the search box or left it: an empty card says what they do."""
        if widget.id == "search" and self._query is not None and not self._gone():
            if self.card is None:
                self.draw()
            self.hint_again()

    def fit(self, size: Size) -> int:
        """As the frame's; and the search box, hidden with the rest by a terminal too small,
        gives its keys back to the screen meanwhile (and takes them again after)."""
        listed = super().fit(size)
        box = next(self.query("#search").results(Input), None)
        if box is not None and self.has_class("searching"):
            if self.has_class("too-small") and box.has_focus:
                self._search_hidden = True
                self.set_focus(None)
            elif not self.has_class("too-small") and self._search_hidden:
                self._search_hidden = False
                box.focus()
        return listed

    def action_clear_search(self) -> None:
        box = next(self.query("#search").results(Input), None)
        if box is not None and self.has_class("searching"):
            self._entered = None
            box.value = ""
            self.remove_class("searching")
            self.set_focus(None)
            self._search_unsaid()

    def action_stats(self) -> None:
        from carddeck.tui.screens.stats import StatsScreen

        self.style_dialogs()
        self.app.push_screen(StatsScreen(self.store, self.settings))

    def action_help(self) -> None:
        from carddeck.tui.screens.help import HelpScreen

        self.style_dialogs()
        self.app.push_screen(HelpScreen())


def _type_into(box: Input, key: str, character: str | None) -> None:
    """A key typed into the search box as the box types it (over what is selected)."""
    if key == "backspace":
        box.action_delete_left()
    elif character:
        if box.selection.is_empty:
            box.insert_text_at_cursor(character)
        else:
            box.replace(character, *box.selection)
