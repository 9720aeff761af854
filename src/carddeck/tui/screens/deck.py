"""The deck screen: the current card, the deck list, and every key that works the deck."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlmodel import Session
from textual.binding import Binding
from textual.geometry import Offset

from carddeck import deck
from carddeck.deck import clock
from carddeck.deck.cadence import needs_confirming_lost, next_channel, nurture_date, suggest
from carddeck.deck.dates import parse_follow_up
from carddeck.deck.undo import UndoStep, added, after_change, before_change, undo
from carddeck.deck.views import View
from carddeck.errors import CarddeckError
from carddeck.store import Card, Store
from carddeck.tui.screens.ask import AskScreen, ChoiceScreen
from carddeck.tui.screens.deckview import DeckView
from carddeck.tui.screens.form import CardForm
from carddeck.tui.screens.log import LogAnswers, LogScreen
from carddeck.tui.widgets.decklist import DeckList

VIEW_KEYS = {"1": View.deck, "2": View.today, "3": View.cold, "4": View.closed}
UNDO_DEPTH = 50


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

    def __init__(self, store: Store, settings: deck.Settings) -> None:
        super().__init__(store, settings)
        self.undo_steps: list[UndoStep] = []

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        with self.store.write() as session:
            yield session

    def change(
        self,
        label: str,
        action: Callable[[Session, Card], Any],
        *,
        then: str = "keep",
        after: Callable[[Callable[[], None]], None] | None = None,
    ) -> bool:
        """Run ``action`` on the current card in one transaction, remembering how to undo it.

        ``then`` is "keep" (stay on this card) or "next" (go on to the card that followed it,
        as when a card leaves the view or is shuffled away).
        """
        if self.card is None or self.card.id is None:
            self.notify("No card here.", severity="warning")
            return False
        card_id = self.card.id
        following = self.query_one(DeckList).row(self.index + 1)
        try:
            with self._writing() as session:
                card = deck.get_card(session, card_id)
                step = before_change(label, card)
                outcome = action(session, card)
                session.flush()
                after_change(step, card, getattr(outcome, "contact", None))
        except CarddeckError as err:
            self.notify(str(err), severity="error", timeout=6)
            return False
        self.remember(step)
        for text in getattr(outcome, "warnings", []):
            self.notify(text, severity="warning", timeout=6)
        for text in getattr(outcome, "notes", []):
            self.notify(text)
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
        return True

    def remember(self, step: UndoStep) -> None:
        self.undo_steps.append(step)
        del self.undo_steps[:-UNDO_DEPTH]

    # keys -------------------------------------------------------------------

    def action_shuffle(self, place: str) -> None:
        card = self.query_one("#card")

        def move(session: Session, target: Card) -> None:
            deck.move(session, target, "top" if place == "top" else "back")

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

        self.change(f"shuffle to the {place}", move, then="next", after=slide_away)

    def action_log(self) -> None:
        if self.card is None:
            return

        def logged(answers: LogAnswers | None) -> None:
            if answers is None:
                return
            then = "next" if answers.place else "keep"
            answered = answers.for_log()
            logged_ok = self.change(
                "log",
                lambda s, c: deck.log_contact(s, c, **answered, settings=self.settings),
                then=then,
            )
            if logged_ok and not answers.reached:
                self.offer_nurture()

        with self.store.read() as session:
            card = deck.get_card(session, self.card.id or 0)
            after = suggest(session, card, now=clock.now(), settings=self.settings,
                            after=card.attempts + 1)  # fmt: skip
            channel = next_channel(session, card, self.settings.default_channel)
        self.app.push_screen(
            LogScreen(
                self.card,
                self.settings,
                no_answer_next=after.at if after else None,
                channel=channel,
            ),  # fmt: skip
            logged,
        )

    def _when(self, text: str | None) -> Any:
        return parse_follow_up(text, now=clock.now(), settings=self.settings) if text else None

    def action_add(self, values: dict[str, Any] | None = None) -> None:
        def save(fields: dict[str, Any] | None) -> None:
            if fields is None:
                return
            try:
                with self._writing() as session:
                    stage = fields.pop("stage", None)
                    outcome = deck.add_card(
                        session,
                        **{k: v for k, v in fields.items() if k != "next"},
                        next_follow_up=self._when(fields.get("next")),
                        settings=self.settings,
                    )
                    if stage:
                        deck.edit_card(session, outcome.card, {"stage": stage})
                    step = added(outcome.card)
            except CarddeckError as err:
                self.notify(str(err), severity="error", timeout=6)
                self.action_add({**fields, **({"stage": stage} if stage else {})})
                return
            self.remember(step)
            for text in outcome.warnings + outcome.notes:
                self.notify(text)
            self.reload(keep=outcome.card.id)

        self.app.push_screen(CardForm("New card", values=values), save)

    def action_edit(self, values: dict[str, Any] | None = None) -> None:
        if self.card is None:
            return
        seen = self.card.version

        def save(fields: dict[str, Any] | None, force: bool = False) -> None:
            if not fields:
                return
            changes = {("next_follow_up" if k == "next" else k): v for k, v in fields.items()}
            try:
                if "next_follow_up" in changes:
                    changes["next_follow_up"] = self._when(changes["next_follow_up"])
            except CarddeckError as err:
                self.notify(str(err), severity="error", timeout=6)
                self.action_edit(fields)
                return
            expected = None if force else seen

            def edit(session: Session, card: Card) -> Any:
                return deck.edit_card(session, card, changes, expected_version=expected,
                                      settings=self.settings)  # fmt: skip

            self.change("edit", edit)

        def conflict_aware(fields: dict[str, Any] | None) -> None:
            if not fields or self.card is None:
                return
            with self.store.read() as session:
                current = deck.get_card(session, self.card.id or 0)
            if current.version == seen:
                save(fields)
                return

            def choose(choice: str | None) -> None:
                if choice == "o":
                    save(fields, force=True)
                elif choice == "r":
                    self.refresh_from_store()
                    self.notify("Reloaded the card as it is now; your edit was dropped.")
                elif choice == "e":
                    self.refresh_from_store()
                    self.action_edit(fields)

            self.app.push_screen(
                ChoiceScreen(
                    f"#{current.id} {current.name} was changed elsewhere while you edited it.",
                    {
                        "o": "overwrite with mine",
                        "e": "edit again on theirs",
                        "r": "reload theirs, drop mine",
                    },  # fmt: skip
                ),
                choose,
            )

        self.app.push_screen(CardForm(f"Edit #{self.card.id}", self.card, values), conflict_aware)

    def offer_nurture(self) -> None:
        """After the cadence's last unanswered attempt: nurture the card, don't drop it."""
        card_id = self.undo_steps[-1].card_id if self.undo_steps else None
        if card_id is None:
            return
        with self.store.read() as session:
            card = deck.get_card(session, card_id)
        if card.attempts < len(self.settings.cadence):
            return
        until = nurture_date(clock.now(), self.settings)

        def chosen(choice: str | None) -> None:
            if choice == "y":
                self.change("nurture", lambda s, c: deck.nurture(s, c, until=until))

        shown = clock.wall(until).strftime("%a %d %b %Y")
        self.app.push_screen(
            ChoiceScreen(
                f"{card.name}: {card.attempts} attempts, no answer. Nurture until {shown}?",
                {"y": "yes, nurture", "n": "no, keep trying"},
            ),  # fmt: skip
            chosen,
        )

    def action_won(self) -> None:
        self.change("won", lambda s, c: deck.mark_won(s, c), then="next")

    def action_lost(self) -> None:
        if self.card is None:
            return

        card = self.card

        def lost(reason: str | None) -> None:
            if not reason:
                return

            def mark(choice: str | None = "y") -> None:
                if choice == "y":
                    self.change(
                        "lost", lambda s, c: deck.mark_lost(s, c, reason=reason), then="next"
                    )

            doubt = needs_confirming_lost(card, self.settings)
            if doubt is None:
                mark()
                return
            self.app.push_screen(
                ChoiceScreen(
                    f"{card.name}: {doubt}. Mark lost anyway?",
                    {"y": "yes, lost", "n": "no, keep working it"},
                ),  # fmt: skip
                mark,
            )

        self.app.push_screen(AskScreen(f"Why did {self.card.name} say no?"), lost)

    def action_dnc(self) -> None:
        if self.card is None:
            return

        def confirmed(choice: str | None) -> None:
            if choice == "y":
                self.change("do not contact", lambda s, c: deck.mark_do_not_contact(s, c),
                            then="next")  # fmt: skip

        self.app.push_screen(
            ChoiceScreen(
                f"Did {self.card.name} ask not to be contacted? They will never come due again.",
                {"y": "yes, do not contact", "n": "no"},
            ),
            confirmed,
        )

    def action_nurture(self) -> None:
        if self.card is None:
            return

        def until(text: str | None) -> None:
            if not text:
                return
            try:
                moment = parse_follow_up(text, now=clock.now(), settings=self.settings)
            except CarddeckError as err:
                self.notify(str(err), severity="error", timeout=6)
                return
            self.change("nurture", lambda s, c: deck.nurture(s, c, until=moment))

        self.app.push_screen(
            AskScreen(f"Nurture {self.card.name} until when?", placeholder="e.g. 2027-02-01, +3w"),
            until,
        )

    def action_undo(self) -> None:
        if not self.undo_steps:
            self.notify("Nothing to undo.")
            return
        step = self.undo_steps.pop()
        try:
            with self._writing() as session:
                card = undo(session, step, self.undo_steps)
        except CarddeckError as err:
            self.notify(str(err), severity="error", timeout=6)
            return
        self.notify(f"Undid the {step.label}.")
        self.flipped = False
        self.reload(keep=card.id if card is not None else None, index=self.index)
