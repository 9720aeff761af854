"""The deck screen: its keys, a shuffle (written while the card slides away), a card's
status and owner, and undo. The forms and the log dialog are ``changes.DeckChanges``'s; the
decisions are the deck layer's, and the line under the card says what was done (``u``
takes it back, from the change journal)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from textual import work
from textual.binding import Binding
from textual.geometry import Offset

from carddeck import deck
from carddeck.deck import clock
from carddeck.errors import CarddeckError, InvalidInput
from carddeck.store.kinds import Status
from carddeck.tui.screens.changes import DeckChanges
from carddeck.tui.widgets.decklist import DeckList

if TYPE_CHECKING:
    # The frame is drawn before the ORM is loaded: what brings it is imported where it is
    # used (every key here waits for the deck to be open; the reading thread loads them).
    from rich.text import Text
    from sqlmodel import Session

    from carddeck.deck.cards import Outcome
    from carddeck.deck.journal import ChangeKind
    from carddeck.store import Card

#: The views' keys, by the value of each views.View.
VIEW_KEYS = {"1": "deck", "2": "today", "3": "cold", "4": "closed", "5": "inbox",
             "6": "customers"}  # fmt: skip
FRAME_WAIT = 0.1  # seconds a shuffle's write waits at most for the frame showing it


class DeckScreen(DeckChanges):
    """Holds the owner's place in the deck; talks to the deck layer for every change."""

    BINDINGS = [
        Binding("up,k", "step(-1)", "Previous", show=False),
        Binding("down,j", "step(1)", "Next", show=False),
        Binding("home", "jump('first')", "First", show=False),
        Binding("end", "jump('last')", "Last", show=False),
        Binding("g", "goto", "Go to", show=False),
        Binding("space", "flip", "Flip"),
        Binding("l", "log", "Log"),
        Binding("t", "shuffle('top')", "Top"),
        Binding("b", "shuffle('back')", "Back"),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit", show=False),
        Binding("slash", "search", "Find"),
        Binding("u", "undo", "Undo"),
        Binding("w", "won", "Won", show=False),
        Binding("x", "lost", "Lost", show=False),
        Binding("d", "dnc", "Do not contact", show=False),
        Binding("n", "nurture", "Nurture", show=False),
        *[
            Binding(key, f"view('{view}')", view.title(), show=False)
            for key, view in VIEW_KEYS.items()
        ],  # fmt: skip
        Binding("i", "view('inbox')", "Inbox", show=False),
        Binding("C", "view('customers')", "Customers", show=False),
        Binding("m", "take", "Take (mine)", show=False),
        Binding("o", "assign", "Assign to", show=False),
        Binding("J", "junk", "Junk", show=False),
        Binding("A", "everyone", "Everyone's / mine", show=False),
        Binding("s", "stats", "Stats", show=False),
        Binding("c", "reach", "Call, text or email", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

    # keys -------------------------------------------------------------------

    def action_shuffle(self, place: Literal["top", "back"]) -> None:
        """The card goes to the top or the back. In a view kept in deck order, the card that
        followed it is shown at once, and the move is written meanwhile in a thread (durably:
        the next change waits for it); the view is then read again, and a refusal is said
        with the card back in its place."""
        from carddeck.deck.order import landing

        if self.card is None or self.card.id is None:
            self.notify("No card here.", severity="warning")
            return
        if self._total == 1:  # the only card in the deck: nothing moves, nothing to undo
            from carddeck.render import words

            self.say(words.placed(self.card, 1, 1), undo=False)
            return
        card_id, index = self.card.id, self.index
        listing = self.query_one(DeckList)
        following = listing.row(index + 1)
        lands = None if self.counting else landing(self.query_.view, index, self.count, place)
        if lands is not None:
            listing.moved(index, lands)  # from the rows as they are, before the write
        else:
            self.wanted = following.id if following is not None else None
        waiting = 2  # the write and the slide: the view is read again once both are done

        def both_done() -> None:
            nonlocal waiting
            waiting -= 1
            if waiting == 0:
                keep = following.id if following is not None else None
                self.reload(keep=keep, index=index, moved=True)

        def slid() -> None:
            if lands is not None and not self._gone():
                self.flipped = False
                self.show(index if place == "back" or following is None else index + 1)
            both_done()

        said = None
        if lands is not None and self._total is not None:
            from carddeck.deck.cards import rank_after
            from carddeck.render import words

            # said with the move shown; said again if the store's count turns out otherwise
            said = words.placed(self.card, rank_after(place, self._total), self._total)
        before = self.said_text
        if said is not None:
            self.say(said)
        self.slide_away(place, slid)
        # Started once the screen is updated: its worker's messages would otherwise let the
        # screen draw part of the update in one frame and the rest in the next.
        self._writes.acquire()  # released by the writer, once the move is on disk
        drawn = threading.Event()  # the writer waits for the frame (not for long: a key
        self.call_after_refresh(drawn.set)  # waiting on the lock holds the screen up too)
        self.write_shuffle(card_id, place, index, (said, before), drawn, both_done)

    def on_unmount(self) -> None:
        with self._writes:  # a move still being written is on disk before the deck closes
            pass

    def slide_away(self, place: Literal["top", "back"], then: Callable[[], None]) -> None:
        """The card leaves the view (up off the stack to the top, down under it to the
        back); ``then`` once it has gone."""
        if self.app.animation_level == "none":
            then()  # no slide to wait for: moving the card there and back costs two layouts
            return
        card = self.query_one("#card")

        def gone() -> None:
            card.offset = Offset(0, 0)
            then()

        height = card.size.height + 2
        card.animate(
            "offset",
            Offset(0, -height) if place == "top" else Offset(0, height),
            duration=0.25,
            on_complete=gone,
        )

    @work(thread=True, group="write")
    def write_shuffle(self, card_id: int, place: Literal["top", "back"], index: int,
                      lines: tuple[str | None, Text], drawn: threading.Event,
                      done: Callable[[], None]) -> None:  # fmt: skip
        """Write the move (one transaction, with its journal row) and say where it went
        (``lines``: what was said with the move shown, and the line before it)."""
        shown, before = lines
        drawn.wait(FRAME_WAIT)  # the frame first: the write would slow it down
        from carddeck.deck.order import count
        from carddeck.render import words

        said: str | None = None
        failed: CarddeckError | None = None
        total = 0
        try:
            with self.store.write() as session:
                card = deck.get_card(session, card_id)
                rank = deck.shuffle(session, card, place)
                total = count(session)
                said = words.placed(card, rank, total)
        except CarddeckError as err:
            failed = err
        finally:
            self._writes.release()  # before waiting on the screen, which may be waiting on it
        if failed is not None:
            self.app.call_from_thread(self.shuffle_failed, failed, card_id, index, before)
        elif said is not None:
            self.app.call_from_thread(self.shuffled, said, shown, done, total > 1)

    def shuffled(self, said: str, shown: str | None, done: Callable[[], None],
                 moved: bool = True) -> None:  # fmt: skip
        """``moved``: False for the only card of a deck (nothing written: nothing to undo)."""
        if not self._gone():
            if said != shown or not moved:
                self.say(said, undo=moved)
            done()

    def shuffle_failed(self, error: CarddeckError, card_id: int, index: int,
                       before: Text) -> None:  # fmt: skip
        """The move was refused: said, and the card shown where it still is."""
        if self._gone():
            return
        self.notify(str(error), severity="error", timeout=6)
        self.put_back_said(before)
        self.flipped = False
        self.reload(keep=card_id, index=index)

    def status(self, kind: ChangeKind, action: Callable[[Session, Card], Outcome]) -> None:
        """Won, lost, nurture, do not contact: done, and said. The screen stays on the card
        while it is still in the view, else goes on to the one that followed it."""
        from carddeck.deck.cards import Outcome
        from carddeck.render import words

        result = self.change(action)
        if isinstance(result, Outcome):
            self.say(words.status_done(kind, result.card))

    def owned(self, kind: ChangeKind, action: Callable[[Session, Card], Outcome]) -> None:
        """Take, assign, junk: done and said; the deck is shared from the first of them."""
        from carddeck.deck import sellers
        from carddeck.deck.cards import Outcome
        from carddeck.deck.journal import ChangeKind
        from carddeck.render import words

        result = self.change(action)
        if isinstance(result, Outcome):
            self.say(words.owner_done(kind, result.card))
            for line in result.warnings:
                self.notify(line, severity="warning", timeout=8, markup=False)
            if self.me is None and kind != ChangeKind.junk:
                self.me = sellers.who_am_i(self.settings)[0]  # shared from now on
                self.action_view(self.query_.view.value)

    def action_take(self) -> None:
        from carddeck.deck import sellers
        from carddeck.deck.journal import ChangeKind

        me = self.me or sellers.who_am_i(self.settings)[0]
        self.owned(ChangeKind.take, lambda s, c: sellers.take(s, c, me=me))

    def action_assign(self) -> None:
        from carddeck.tui.screens.ask import AskScreen

        if self.card is None:
            return
        self.assign_flow(self.ask(AskScreen(f"Assign {self.card.name} to which seller?")))

    @work(exclusive=True, group="flow")
    async def assign_flow(self, answer: asyncio.Future[str | None]) -> None:
        from carddeck.deck import sellers
        from carddeck.deck.journal import ChangeKind

        given = (await answer or "").strip()
        if given:
            self.owned(ChangeKind.assign, lambda s, c: sellers.assign(
                s, c, seller=sellers.seller_meant(given, self.settings)))  # fmt: skip

    def action_junk(self) -> None:
        from carddeck.tui.screens.ask import ChoiceScreen

        if self.card is None:
            return
        self.junk_flow(self.ask(ChoiceScreen(
            f"Junk {self.card.name}? Kept, out of the deck, and counted against its source.",
            {"y": "yes, junk", "n": "no"}, cancel=None,
        )))  # fmt: skip

    @work(exclusive=True, group="flow")
    async def junk_flow(self, answer: asyncio.Future[str | None]) -> None:
        from carddeck.deck import sellers
        from carddeck.deck.journal import ChangeKind

        if await answer == "y":
            self.owned(ChangeKind.junk, lambda s, c: sellers.junk(s, c))

    def action_everyone(self) -> None:
        if self.me is None:
            self.notify("Nobody has taken a lead yet: every lead is everyone's.",
                        severity="information")  # fmt: skip
        else:
            self.everyone = not self.everyone
            self.action_view(self.query_.view.value)
            self.say("Every seller's cards" if self.everyone else f"Your cards ({self.me})",
                     undo=False)  # fmt: skip

    def action_reach(self) -> None:
        from carddeck.tui.screens.reaching import question

        if self.card is None:
            return
        card, dialog = self.card, question(self.card)
        if isinstance(dialog, str):
            self.notify(dialog, severity="warning", timeout=8)
            return
        self.reach_flow(card, self.ask(dialog))

    @work(exclusive=True, group="flow")
    async def reach_flow(self, card: Card, answer: asyncio.Future[str | None]) -> None:
        from carddeck.tui.screens.reaching import hand

        await hand(self, card, await answer)

    def action_won(self) -> None:
        """Won, or on a won card a repeat sale (asked first: one key must not record a
        sale by mistake): said with the sale and the next check-in."""
        from carddeck.tui.screens.ask import ChoiceScreen

        card = self.card
        if card is not None and card.status == Status.won:
            self.repeat_flow(self.ask(ChoiceScreen(
                f"Record a repeat sale for #{card.id} {card.name}?",
                {"y": "yes, a repeat sale", "n": "no"}, cancel=None,
            )))  # fmt: skip
            return
        self.record_win()

    @work(exclusive=True, group="flow")
    async def repeat_flow(self, answer: asyncio.Future[str | None]) -> None:
        if await answer == "y":
            self.record_win()

    def record_win(self) -> None:
        from carddeck.deck.customers import sales_of
        from carddeck.render import words

        def win(session: Session, card: Card) -> tuple[Outcome, int]:
            outcome = deck.mark_won(session, card, seller=self.me, settings=self.settings)
            return outcome, len(sales_of(session, card))

        result = self.change(win)
        if result is not None:
            outcome, sales = result
            self.say(words.won_done(outcome.card, outcome.sale, sales, self.settings.currency))

    def action_lost(self) -> None:
        from carddeck.tui.screens.ask import AskScreen

        if self.card is None:
            return
        card = self.card
        self.lost_flow(card, self.ask(AskScreen(f"Why did {card.name} say no?")))

    @work(exclusive=True, group="flow")
    async def lost_flow(self, card: Card, answer: asyncio.Future[str | None]) -> None:
        from carddeck.deck.cadence import needs_confirming_lost
        from carddeck.deck.journal import ChangeKind
        from carddeck.render import words
        from carddeck.tui.screens.ask import ChoiceScreen

        reason = await answer
        if not reason:
            return
        doubt = needs_confirming_lost(card, self.settings)
        if doubt is not None:
            choice = await self.ask(ChoiceScreen(
                f"{card.name}: {words.doubt(doubt)}. Mark lost anyway?",
                {"y": "yes, lost", "n": "no, keep working it"}, cancel=None,
            ))  # fmt: skip
            if choice != "y":
                return
        self.status(ChangeKind.lost, lambda s, c: deck.mark_lost(s, c, reason=reason))

    def action_dnc(self) -> None:
        from carddeck.tui.screens.ask import ChoiceScreen

        if self.card is None:
            return
        self.dnc_flow(self.ask(ChoiceScreen(
            f"Did {self.card.name} ask not to be contacted? They will never come due again.",
            {"y": "yes, do not contact", "n": "no"}, cancel=None,
        )))  # fmt: skip

    @work(exclusive=True, group="flow")
    async def dnc_flow(self, answer: asyncio.Future[str | None]) -> None:
        from carddeck.deck.journal import ChangeKind

        if await answer == "y":
            self.status(ChangeKind.dnc, lambda s, c: deck.mark_do_not_contact(s, c))

    def action_nurture(self) -> None:
        from carddeck.tui.screens.ask import AskScreen

        if self.card is None:
            return
        settings = self.settings

        def wrong(text: str) -> str | None:
            try:
                deck.read_follow_up(text, now=clock.now(), settings=settings)
            except InvalidInput as err:
                return str(err)
            return None

        question = f"Nurture {self.card.name} until when?"
        self.nurture_flow(self.ask(AskScreen(question, placeholder="e.g. 2027-02-01, +3w",
                                             check=wrong)))  # fmt: skip

    @work(exclusive=True, group="flow")
    async def nurture_flow(self, answer: asyncio.Future[str | None]) -> None:
        from carddeck.deck.journal import ChangeKind

        until = deck.read_follow_up(await answer, now=clock.now(), settings=self.settings)
        if until is not None:
            self.status(ChangeKind.nurture, lambda s, c: deck.nurture(s, c, until=until))
            self.warn_off_day(until)

    def action_undo(self) -> None:
        self.undo_flow()

    @work(exclusive=True, group="flow")
    async def undo_flow(self) -> None:
        """Undo the last change; undoing someone's do-not-contact mark is asked first."""
        from carddeck.deck.journal import UndoesDoNotContact
        from carddeck.render import words
        from carddeck.tui.screens.ask import ChoiceScreen

        force = False
        while True:
            try:
                with self.writing() as session:
                    done = deck.undo_last(session, force=force)
            except UndoesDoNotContact as err:
                choice = await self.ask(ChoiceScreen(
                    f"{err.said}. Undo it all the same?",
                    {"y": "yes, marking them was a mistake", "n": "no, keep the mark"},
                    cancel=None,
                ))  # fmt: skip
                if choice != "y":
                    self.say("Not undone: they asked not to be contacted", undo=False)
                    return
                force = True
                continue
            except CarddeckError as err:
                quiet = "nothing" in str(err)
                self.notify(str(err), severity="information" if quiet else "error")
                return
            break
        self.say(words.undone(done), undo=False)
        self.flipped = False
        self.reload(keep=done.shown, index=self.index)
