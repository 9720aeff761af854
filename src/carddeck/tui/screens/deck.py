"""The deck screen: every key that changes the deck. Each flow asks, waits and saves from
top to bottom; the decisions are the deck layer's, and the line under the card says what
was done (``u`` takes it back, from the change journal)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar

from sqlmodel import Session
from textual import work
from textual.binding import Binding
from textual.geometry import Offset

from carddeck import deck
from carddeck.deck import clock
from carddeck.deck.cadence import Proposal, needs_confirming_lost, propose_next, turn_channel
from carddeck.deck.cards import Outcome
from carddeck.deck.journal import ChangeKind
from carddeck.deck.order import count
from carddeck.deck.records import CardChanges, CardDraft
from carddeck.deck.views import View
from carddeck.errors import CarddeckError
from carddeck.render import words
from carddeck.store import Card, Channel
from carddeck.tui.screens.ask import AskScreen, ChoiceScreen
from carddeck.tui.screens.deckview import DeckView
from carddeck.tui.screens.form import CardForm, Values
from carddeck.tui.screens.log import LogScreen
from carddeck.tui.widgets.decklist import DeckList

VIEW_KEYS = {"1": View.deck, "2": View.today, "3": View.cold, "4": View.closed}
Then = Literal["keep", "next"]
R = TypeVar("R")


def draft_of(values: Values, next_follow_up: object) -> CardDraft:
    """A new card from what was typed in the form."""
    return CardDraft(
        name=values.get("name", ""), company=values.get("company"), title=values.get("title"),
        phone=values.get("phone"), email=values.get("email"), website=values.get("website"),
        source=values.get("source"), referred_by=values.get("referred_by"),
        stage=values.get("stage"), need=values.get("need"), known=values.get("known"),
        notes=values.get("notes"), next_follow_up=next_follow_up,  # type: ignore[arg-type]
    )  # fmt: skip


def changes_of(values: Values, next_follow_up: object) -> CardChanges:
    """A card's changes from what was changed in the form ("" clears a field)."""
    return CardChanges(
        name=values.get("name"), company=values.get("company"), title=values.get("title"),
        phone=values.get("phone"), email=values.get("email"), website=values.get("website"),
        source=values.get("source"), referred_by=values.get("referred_by"),
        stage=values.get("stage"), need=values.get("need"), known=values.get("known"),
        notes=values.get("notes"), next_follow_up=next_follow_up,  # type: ignore[arg-type]
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
        Binding("e", "edit", "Edit"),
        Binding("slash", "search", "Search"),
        Binding("u", "undo", "Undo"),
        Binding("w", "won", "Won", show=False),
        Binding("x", "lost", "Lost", show=False),
        Binding("d", "dnc", "Do not contact", show=False),
        Binding("n", "nurture", "Nurture", show=False),
        *[
            Binding(key, f"view('{view.value}')", view.value.title(), show=False)
            for key, view in VIEW_KEYS.items()
        ],  # fmt: skip
        Binding("s", "stats", "Stats", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

    def change(
        self,
        action: Callable[[Session, Card], R],
        *,
        then: Then = "keep",
        after: Callable[[Callable[[], None]], None] | None = None,
    ) -> R | None:
        """Run ``action`` on the current card in one transaction (the journal row with it);
        a refusal is said and changes nothing. ``then`` is "keep" (stay on this card) or
        "next" (go on to the card that followed it, as when it is shuffled away)."""
        if self.card is None or self.card.id is None:
            self.notify("No card here.", severity="warning")
            return None
        card_id = self.card.id
        following = self.query_one(DeckList).row(self.index + 1)
        try:
            with self.store.write() as session:
                result = action(session, deck.get_card(session, card_id))
        except CarddeckError as err:
            self.notify(str(err), severity="error", timeout=6)
            return None
        if isinstance(result, Outcome):
            self.tell(result)
        self.flipped = False
        keep = card_id if then == "keep" else (following.id if following else None)
        self.wanted = keep
        index = self.index

        def reload() -> None:
            self.reload(keep=keep, index=index)

        if after is None:
            reload()
        else:
            after(reload)  # e.g. once an animation is over
        return result

    def tell(self, outcome: Outcome) -> None:
        """The warnings and duplicates a change turned up."""
        for text in outcome.warnings:
            self.notify(text, severity="warning", timeout=6)
        for found in outcome.duplicates:
            loud = found.do_not_contact  # they asked not to be contacted: say it loudly
            self.notify(words.duplicate(found), severity="error" if loud else "warning", timeout=8)

    # keys -------------------------------------------------------------------

    def action_shuffle(self, place: Literal["top", "back"]) -> None:
        card = self.query_one("#card")

        def slide_away(then: Callable[[], None]) -> None:
            # The card leaves the view (up off the stack to the top, down under it to the
            # back); the next card is read and drawn once it has gone.
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

        def move(session: Session, target: Card) -> tuple[Card, int, int]:
            return target, deck.shuffle(session, target, place), count(session)

        moved = self.change(move, then="next", after=slide_away)
        if moved is not None:
            self.say(words.placed(*moved))

    @work(exclusive=True, group="flow")
    async def action_log(self) -> None:
        if self.card is None or self.card.id is None:
            return
        card_id = self.card.id
        with self.store.read() as session:
            card = deck.get_card(session, card_id)
            contacts = deck.contacts_of(session, card)
            channel = turn_channel(session, card, self.settings)

        def propose(reached: bool, how: Channel) -> Proposal:
            with self.store.read() as session:
                current = deck.get_card(session, card_id)
                return propose_next(session, current, reached=reached, channel=how,
                                    now=clock.now(), settings=self.settings)  # fmt: skip

        place = f"· {self.index + 1} of {self.count}"
        entry = await self.app.push_screen_wait(
            LogScreen(
                card, contacts, self.settings, channel=channel, propose=propose, place=place
            )  # fmt: skip
        )
        if entry is None:
            return
        result = self.change(
            lambda s, c: deck.log_contact(s, c, entry, settings=self.settings),
            then="next" if entry.place else "keep",
        )
        if isinstance(result, Outcome):
            line = words.logged(result)
            if entry.place:
                line += f" · to the {entry.place}"
            self.say(line)

    @work(exclusive=True, group="flow")
    async def action_add(self) -> None:
        values: Values | None = None
        while True:
            values = await self.app.push_screen_wait(
                CardForm("New card", values=values, region=self.settings.phone_region)
            )
            if values is None:
                return
            try:
                with self.store.write() as session:
                    moment = deck.read_follow_up(values.get("next"), now=clock.now(),
                                                 settings=self.settings)  # fmt: skip
                    outcome = deck.add_card(session, draft_of(values, moment),
                                            settings=self.settings)  # fmt: skip
            except CarddeckError as err:
                self.notify(str(err), severity="error", timeout=6)
                continue  # the form again, with what was typed
            break
        self.tell(outcome)
        line = f"Added {words.ref(outcome.card)}"
        if outcome.first_contact_due is not None:
            line += f": {words.first_contact(outcome.first_contact_due, self.settings)}"
        self.say(line)
        self.reload(keep=outcome.card.id)

    @work(exclusive=True, group="flow")
    async def action_edit(self) -> None:
        if self.card is None:
            return
        card, values = self.card, None
        seen = card.version
        while True:
            title = f"Edit #{card.id}"
            values = await self.app.push_screen_wait(
                CardForm(title, card, values, region=self.settings.phone_region)
            )
            if not values:
                return
            with self.store.read() as session:
                current = deck.get_card(session, card.id or 0)
            force = False
            if current.version != seen:
                choice = await self.app.push_screen_wait(ChoiceScreen(
                    f"{words.ref(current)} was changed elsewhere while you edited it.",
                    {"o": "overwrite with mine", "e": "edit again on theirs",
                     "r": "reload theirs, drop mine"},
                ))  # fmt: skip
                if choice == "e":
                    card, seen = current, current.version
                    self.refresh_from_store()
                    continue
                if choice != "o":
                    self.refresh_from_store()
                    self.say("Reloaded the card as it is now; your edit was dropped.", undo=False)
                    return
                force = True
            if self.save_edit(values, None if force else seen):
                return

    def save_edit(self, values: Values, expected: int | None) -> bool:
        """Save an edit (refused if the card moved past ``expected``); said, or not saved."""
        try:
            moment = deck.read_follow_up(values.get("next"), now=clock.now(),
                                         settings=self.settings)  # fmt: skip
        except CarddeckError as err:
            self.notify(str(err), severity="error", timeout=6)
            return False
        changes = changes_of(values, moment)

        def edit(session: Session, card: Card) -> Outcome:
            return deck.edit_card(session, card, changes, expected_version=expected,
                                  settings=self.settings)  # fmt: skip

        result = self.change(edit)
        if result is None:
            return False
        self.say(f"Edited {words.ref(result.card)}: {', '.join(changes.named())}")
        return True

    def status(self, kind: ChangeKind, action: Callable[[Session, Card], Outcome]) -> None:
        """Won, lost, nurture, do not contact: done, and said. The screen stays on the card
        while it is still in the view, else goes on to the one that followed it."""
        result = self.change(action)
        if isinstance(result, Outcome):
            self.say(words.status_done(kind, result.card))

    def action_won(self) -> None:
        self.status(ChangeKind.won, lambda s, c: deck.mark_won(s, c))

    @work(exclusive=True, group="flow")
    async def action_lost(self) -> None:
        if self.card is None:
            return
        card = self.card
        reason = await self.app.push_screen_wait(AskScreen(f"Why did {card.name} say no?"))
        if not reason:
            return
        doubt = needs_confirming_lost(card, self.settings)
        if doubt is not None:
            choice = await self.app.push_screen_wait(ChoiceScreen(
                f"{card.name}: {words.doubt(doubt)}. Mark lost anyway?",
                {"y": "yes, lost", "n": "no, keep working it"},
            ))  # fmt: skip
            if choice != "y":
                return
        self.status(ChangeKind.lost, lambda s, c: deck.mark_lost(s, c, reason=reason))

    @work(exclusive=True, group="flow")
    async def action_dnc(self) -> None:
        if self.card is None:
            return
        choice = await self.app.push_screen_wait(ChoiceScreen(
            f"Did {self.card.name} ask not to be contacted? They will never come due again.",
            {"y": "yes, do not contact", "n": "no"},
        ))  # fmt: skip
        if choice == "y":
            self.status(ChangeKind.dnc, lambda s, c: deck.mark_do_not_contact(s, c))

    @work(exclusive=True, group="flow")
    async def action_nurture(self) -> None:
        if self.card is None:
            return
        text = await self.app.push_screen_wait(
            AskScreen(f"Nurture {self.card.name} until when?", placeholder="e.g. 2027-02-01, +3w")
        )
        try:
            until = deck.read_follow_up(text, now=clock.now(), settings=self.settings)
        except CarddeckError as err:
            self.notify(str(err), severity="error", timeout=6)
            return
        if until is not None:
            self.status(ChangeKind.nurture, lambda s, c: deck.nurture(s, c, until=until))

    def action_undo(self) -> None:
        try:
            with self.store.write() as session:
                done = deck.undo_last(session)
        except CarddeckError as err:
            self.notify(str(err), severity="information" if "nothing" in str(err) else "error")
            return
        self.say(words.undone(done), undo=False)
        self.flipped = False
        self.reload(keep=done.shown, index=self.index)
