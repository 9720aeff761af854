"""The deck screen: every key that changes the deck. Each flow asks, waits and saves from
top to bottom; the decisions are the deck layer's, and the line under the card says what
was done (``u`` takes it back, from the change journal)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal, TypeVar

from textual import work
from textual.binding import Binding
from textual.geometry import Offset

from carddeck import deck
from carddeck.deck import clock
from carddeck.errors import CarddeckError, InvalidInput
from carddeck.store.kinds import Channel, Status
from carddeck.tui.screens.deckview import DeckView
from carddeck.tui.widgets.decklist import DeckList
from carddeck.words import number

if TYPE_CHECKING:
    # The frame is drawn before the ORM is loaded: what brings it is imported where it is
    # used (every key here waits for the deck to be open; the reading thread loads them).
    from rich.text import Text
    from sqlmodel import Session

    from carddeck.deck.cadence import Proposal
    from carddeck.deck.cards import Outcome
    from carddeck.deck.journal import ChangeKind
    from carddeck.deck.records import CardChanges, CardDraft, LogEntry
    from carddeck.store import Card, Contact
    from carddeck.tui.screens.form import Values
    from carddeck.tui.screens.log import LogScreen, Propose

#: The views' keys, by the value of each views.View.
VIEW_KEYS = {"1": "deck", "2": "today", "3": "cold", "4": "closed", "5": "inbox",
             "6": "customers"}  # fmt: skip
Then = Literal["keep", "next"]
FRAME_WAIT = 0.1  # seconds a shuffle's write waits at most for the frame showing it
R = TypeVar("R")


def draft_of(values: Values, next_follow_up: object) -> CardDraft:
    """A new card from what was typed in the form."""
    from carddeck.deck.records import CardDraft

    return CardDraft(
        name=values.get("name", ""), company=values.get("company"), title=values.get("title"),
        phone=values.get("phone"), email=values.get("email"), website=values.get("website"),
        source=values.get("source"), referred_by=values.get("referred_by"),
        stage=values.get("stage"), need=values.get("need"), known=values.get("known"),
        notes=values.get("notes"), value=values.get("value"), address=values.get("address"),
        next_follow_up=next_follow_up,  # type: ignore[arg-type]
    )  # fmt: skip


def changes_of(values: Values, next_follow_up: object) -> CardChanges:
    """A card's changes from what was changed in the form ("" clears a field)."""
    from carddeck.deck.records import CardChanges

    return CardChanges(
        name=values.get("name"), company=values.get("company"), title=values.get("title"),
        phone=values.get("phone"), email=values.get("email"), website=values.get("website"),
        source=values.get("source"), referred_by=values.get("referred_by"),
        stage=values.get("stage"), need=values.get("need"), known=values.get("known"),
        notes=values.get("notes"), value=values.get("value"), address=values.get("address"),
        next_follow_up=next_follow_up,  # type: ignore[arg-type]
    )  # fmt: skip


class DeckScreen(DeckView):
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
    #: The log dialog, made at the first l and opened again at each (see action_log).
    _log_dialog: LogScreen | None = None

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """The store's write, after any move still being written (``write_shuffle``): the
        deck's changes land in the order they were made, and undo takes back the last."""
        with self._writes, self.store.write() as session:
            yield session

    def change(
        self,
        action: Callable[[Session, Card], R],
        *,
        then: Then = "keep",
        after: Callable[[Callable[[], None]], None] | None = None,
        quiet: bool = False,
        moved: bool = False,
    ) -> R | None:
        """Run ``action`` on the current card in one transaction (the journal row with it);
        a refusal is said and changes nothing. ``then`` is "keep" (stay on this card) or
        "next" (go on to the card that followed it, as when it is shuffled away); ``moved``
        says the change only moved the card in the deck (no view's count changes)."""
        from carddeck.deck.cards import Outcome

        if self.card is None or self.card.id is None:
            self.notify("No card here.", severity="warning")
            return None
        card_id = self.card.id
        following = self.query_one(DeckList).row(self.index + 1)
        try:
            with self.writing() as session:
                result = action(session, deck.get_card(session, card_id))
        except CarddeckError as err:
            if quiet and isinstance(err, InvalidInput):
                raise  # the caller says it, and goes back to what was wrong
            self.notify(str(err), severity="error", timeout=6)
            return None
        if isinstance(result, Outcome):
            self.tell(result)
        self.flipped = False
        keep = card_id if then == "keep" else (following.id if following else None)
        self.wanted = keep
        index = self.index

        def reload() -> None:
            self.reload(keep=keep, index=index, moved=moved)

        if after is None:
            reload()
        else:
            after(reload)  # e.g. once an animation is over
        return result

    def tell(self, outcome: Outcome) -> None:
        """The warnings and duplicates a change turned up."""
        from carddeck.render import words

        for text in outcome.warnings:
            self.notify(text, severity="warning", timeout=6)
        for line, loud in words.duplicates(outcome.duplicates):  # not a toast a card
            self.notify(line, severity="error" if loud else "warning", timeout=8)

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

    def action_log(self) -> None:
        from carddeck.deck.cadence import propose_next, turn_channel

        if self.card is None or self.card.id is None:
            self.notify("No card here: press a to add one.", severity="warning")
            return
        card_id = self.card.id
        proposed: list[Proposal] = []  # the last the deck could be read for
        ready = self._log_ahead.get(card_id)
        if ready is not None:
            # Read ahead with the card shown (dropped whenever the deck is read again, as
            # it is after any change, here or elsewhere): the key reads nothing.
            card, contacts = self.card, self.contacts
            channel = ready[0]
            proposed.append(ready[1])
        else:
            try:
                with self.store.read() as session:
                    card = deck.get_card(session, card_id)
                    contacts = deck.contacts_of(session, card)
                    channel = turn_channel(session, card, self.settings)
                    first = propose_next(session, card, reached=True, channel=channel,
                                         now=clock.now(), settings=self.settings)  # fmt: skip
                    proposed.append(first)
            except CarddeckError as err:
                self.notify(str(err), severity="error", timeout=10, markup=False)
                return

        def propose(reached: bool, how: Channel) -> Proposal:
            """The method's next step, read afresh as the answers change; if the deck
            cannot be read just now (a server away), the last one stands, and it is said."""
            try:
                with self.store.read() as session:
                    current = deck.get_card(session, card_id)
                    step = propose_next(session, current, reached=reached, channel=how,
                                        now=clock.now(), settings=self.settings)  # fmt: skip
                proposed.append(step)
            except CarddeckError as err:
                self.notify(str(err), severity="error", timeout=10, markup=False)
            return proposed[-1]

        dialog = self.log_dialog(card, contacts, channel, propose)
        if dialog.ready_for(card, contacts, channel=channel, place=self.log_place()):
            dialog.propose = propose  # drawn for this very card while the owner read it
        else:
            dialog.begin(card, contacts, channel=channel, propose=propose,
                         place=self.log_place())  # fmt: skip
        self.save_log(self.ask(dialog))

    def log_place(self) -> str:
        return f"· {number(self.index + 1)} of {number(self.count)}"

    def log_dialog(self, card: Card, contacts: list[Contact], channel: Channel,
                   propose: Propose) -> LogScreen:  # fmt: skip
        """The log dialog, made once (for ``card`` if not made yet) and opened again at each
        l: installed screens are not taken down when dismissed (mounting it each time took
        longer than drawing it)."""
        from carddeck.tui.screens.log import LogScreen

        dialog = self._log_dialog
        if dialog is None:
            self.style_dialogs()
            dialog = LogScreen(card, contacts, self.settings, channel=channel, propose=propose,
                               place=self.log_place())  # fmt: skip
            self.app.install_screen(dialog, f"carddeck-log-{id(self)}")
            self._log_dialog = dialog
        return dialog

    def log_ready(self, card_id: int) -> None:
        """Make the log dialog while the owner reads the first card, rather than at the
        first l (composing and mounting it takes a frame or two on its own), and draw it
        for each card shown while it is closed: the l key then only opens it."""
        if self.card is None or self.card.id != card_id or card_id not in self._log_ahead:
            return
        channel, proposal = self._log_ahead[card_id]
        made = self._log_dialog is not None
        dialog = self.log_dialog(self.card, self.contacts, channel, lambda _r, _h: proposal)
        if not made:
            # Textual has no public call that mounts an installed screen without showing
            # it; this is what push_screen itself calls first. A Textual without it makes
            # the dialog at the first l, as before (a private name may go in any release).
            mount = getattr(self.app, "_get_screen", None)
            if mount is not None:
                mount(dialog)
        elif dialog.is_mounted and dialog not in self.app.screen_stack:
            dialog.begin(self.card, self.contacts, channel=channel,
                         propose=lambda _r, _h: proposal, place=self.log_place())  # fmt: skip
            dialog.call_after_refresh(dialog.lay_out)

    @work(exclusive=True, group="flow")
    async def save_log(self, answer: asyncio.Future[LogEntry | None]) -> None:
        """The log dialog's answers, saved through ``log_contact`` and said."""
        from carddeck.deck.cards import Outcome
        from carddeck.render import words

        entry = await answer
        if entry is None:
            return
        result = self.change(
            lambda s, c: deck.log_contact(
                s, c, replace(entry, seller=self.me), settings=self.settings
            ),  # fmt: skip
            then="next" if entry.place else "keep",
        )
        if isinstance(result, Outcome):
            line = words.logged(result)
            if entry.place:
                line += f" · to the {entry.place}"
            self.say(line)
            self.warn_off_day(entry.next_follow_up)

    def warn_off_day(self, moment: datetime | None) -> None:
        """A date typed for a day off is kept, and said."""
        from carddeck.deck.dates import off_day
        from carddeck.render import words

        if moment is not None and off_day(moment, self.settings):
            self.notify(words.off_day(moment), severity="warning", timeout=6)

    def form(self, title: str, card: Card | None = None, values: Values | None = None,
             focus: str | None = None) -> asyncio.Future[Values | None]:  # fmt: skip
        from carddeck.tui.screens.form import CardForm

        return self.ask(CardForm(title, card, values, region=self.settings.phone_region,
                                 focus=focus))  # fmt: skip

    def action_add(self) -> None:
        self.add_flow(self.form("New card"))

    @work(exclusive=True, group="flow")
    async def add_flow(self, answer: asyncio.Future[Values | None]) -> None:
        """A new card from the form; a refusal brings the form back at the wrong field,
        with everything that was typed."""
        from carddeck.deck import sellers
        from carddeck.deck.privacy import DoNotContact
        from carddeck.deck.views import View
        from carddeck.render import words
        from carddeck.tui.screens.ask import ChoiceScreen

        override = False
        while (values := await answer) is not None:
            try:
                moment = self.typed_date(values)
                inbox = self.query_.view == View.inbox
                owner = sellers.owner_of_added(self.me, in_the_inbox=inbox)
                draft = replace(draft_of(values, moment), override_dnc=override, owner=owner)
                with self.writing() as session:
                    outcome = deck.add_card(session, draft, settings=self.settings)
            except DoNotContact as err:
                choice = await self.ask(ChoiceScreen(
                    f"{err.block}. Add them anyway, against their request?",
                    {"y": "yes, add anyway", "n": "no, don't add"}, cancel=None,
                ))  # fmt: skip
                if choice != "y":
                    self.say(f"Not added: {err.block}", undo=False)
                    return
                override = True
                answer = self.immediately(values)
                continue
            except InvalidInput as err:
                self.notify(str(err), severity="error", timeout=6)
                answer = self.form("New card", values=values, focus=err.field)
                continue
            except CarddeckError as err:  # the deck away (a server down): nothing typed is lost
                self.notify(str(err), severity="error", timeout=10, markup=False)
                answer = self.form("New card", values=values)
                continue
            self.tell(outcome)
            line = f"Added {words.ref(outcome.card)}"
            if self.me is not None:
                line += f" ({'in the inbox' if outcome.card.owner is None else 'yours'})"
            if outcome.first_contact_due is not None:
                line += f": {words.first_contact(outcome.first_contact_due, self.settings)}"
            self.say(line)
            self.warn_off_day(moment)
            self.reload(keep=outcome.card.id)
            return

    @staticmethod
    def immediately(values: Values) -> asyncio.Future[Values | None]:
        """The same answer again, at once (to try it once more)."""
        again: asyncio.Future[Values | None] = asyncio.get_running_loop().create_future()
        again.set_result(values)
        return again

    def typed_date(self, values: Values) -> datetime | None:
        """The form's "Next (when)", read the one way both faces read it."""
        try:
            return deck.read_follow_up(values.get("next"), now=clock.now(),
                                       settings=self.settings)  # fmt: skip
        except InvalidInput as err:
            raise InvalidInput(str(err), field="next") from None

    def action_edit(self) -> None:
        if self.card is None:
            return
        self.edit_flow(self.card, self.form(f"Edit #{self.card.id}", self.card))

    @work(exclusive=True, group="flow")
    async def edit_flow(self, card: Card, answer: asyncio.Future[Values | None]) -> None:
        """The card's changes from the form; if someone changed it meanwhile, ask first."""
        from carddeck.render import words
        from carddeck.tui.screens.ask import ChoiceScreen

        seen = card.version
        while values := await answer:
            with self.store.read() as session:
                current = deck.get_card(session, card.id or 0)
            force = False
            if current.version != seen:
                choice = await self.ask(ChoiceScreen(
                    f"{words.ref(current)} was changed elsewhere while you edited it.",
                    {"o": "overwrite with mine", "e": "edit again on theirs",
                     "r": "reload theirs, drop mine"},
                ))  # fmt: skip
                if choice == "e":  # theirs, with my changes to the fields they left alone
                    from carddeck.deck.cards import rebased
                    from carddeck.tui.screens.form import FIELDS

                    kept, clashed = rebased(values, card, current)
                    if clashed:  # said, not dropped unseen
                        label = dict(FIELDS)
                        yours = "; ".join(f"{label[k]}: {v!r}" for k, v in clashed.items())
                        line = f"Changed elsewhere too, the form shows theirs (you typed {yours})"
                        self.notify(line, severity="warning", timeout=15, markup=False)
                    card, seen = current, current.version
                    self.refresh_from_store()
                    answer = self.form(f"Edit #{card.id}", card, kept)
                    continue
                if choice != "o":
                    self.refresh_from_store()
                    self.say("Reloaded the card as it is now; your edit was dropped.", undo=False)
                    return
                force = True
            wrong = self.save_edit(values, None if force else seen)
            if wrong is None:
                return
            answer = self.form(f"Edit #{card.id}", card, values, focus=wrong)

    def save_edit(self, values: Values, expected: int | None) -> str | None:
        """Save an edit (refused if the card moved past ``expected``). None when saved and
        said; else the field that was refused ("" when it was no one field)."""
        from carddeck.render import words

        try:
            changes = changes_of(values, self.typed_date(values))
        except InvalidInput as err:
            self.notify(str(err), severity="error", timeout=6)
            return err.field or ""

        def edit(session: Session, card: Card) -> Outcome:
            return deck.edit_card(session, card, changes, expected_version=expected,
                                  settings=self.settings)  # fmt: skip

        try:
            result = self.change(edit, quiet=True)
        except InvalidInput as err:
            self.notify(str(err), severity="error", timeout=6)
            return err.field or ""
        if result is None:
            return ""
        self.say(f"Edited {words.ref(result.card)}: {', '.join(changes.named())}")
        self.warn_off_day(changes.next_follow_up)
        return None

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
