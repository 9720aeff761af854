"""The deck screen's changes that ask and save: a card added or edited, a contact logged.
Each flow asks, waits and saves from top to bottom; the decisions are the deck layer's, and
the line under the card says what was done (``u`` takes it back, from the change journal)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal, TypeVar

from textual import work

from carddeck import deck
from carddeck.deck import clock
from carddeck.errors import CarddeckError, InvalidInput
from carddeck.store.kinds import Channel
from carddeck.tui.screens.deckview import DeckView
from carddeck.tui.widgets.decklist import DeckList
from carddeck.words import number

if TYPE_CHECKING:
    # The frame is drawn before the ORM is loaded: what brings it is imported where it is
    # used (every key here waits for the deck to be open; the reading thread loads them).
    from sqlmodel import Session

    from carddeck.deck.cadence import Proposal
    from carddeck.deck.cards import Outcome
    from carddeck.deck.records import CardChanges, CardDraft, LogEntry
    from carddeck.store import Card, Contact
    from carddeck.tui.screens.form import Values
    from carddeck.tui.screens.log import LogScreen, Propose

Then = Literal["keep", "next"]
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


class DeckChanges(DeckView):
    """The writes of the deck screen: every change goes through ``change`` (after any move
    still being written), and each form or dialog flow ends in it."""

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
