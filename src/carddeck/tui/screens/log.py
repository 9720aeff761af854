"""Logging a contact: a modal that walks the method in order, one keypress a step."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from carddeck.deck import clock
from carddeck.deck.contacts import default_follow_up
from carddeck.deck.dates import parse_follow_up
from carddeck.deck.order import Place
from carddeck.deck.settings import Settings
from carddeck.errors import InvalidInput
from carddeck.store.models import Card, Channel

CHANNEL_KEYS = {"c": Channel.call, "t": Channel.text, "e": Channel.email, "s": Channel.social,
                "m": Channel.meeting, "o": Channel.other}  # fmt: skip


@dataclass
class LogAnswers:
    """What the owner answered, ready for ``deck.log_contact``."""

    reached: bool = True
    channel: Channel = Channel.call
    rating: int | None = None
    interest: int | None = None
    notch: str | None = None
    rating_after: int | None = None
    summary: str | None = None
    next_follow_up: datetime | None = None
    place: Place | None = None
    said: list[str] = field(default_factory=list)

    def for_log(self) -> dict[str, Any]:
        """The answers as ``deck.log_contact`` takes them."""
        return {name: value for name, value in vars(self).items() if name != "said"}


def digit(key: str) -> int | None:
    """A rating from one key: 1-9, and 0 for 10."""
    if len(key) == 1 and key.isdigit():
        return 10 if key == "0" else int(key)
    return None


class LogScreen(ModalScreen[LogAnswers | None]):
    """Reached? channel, my rating, their interest, one notch up, rating again, summary,
    next follow-up, then top, back or keep. Escape cancels and saves nothing."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = ""  # one-key steps come first; the text box takes focus only when it is shown

    def __init__(
        self,
        card: Card,
        settings: Settings,
        *,
        no_answer_next: datetime | None = None,
        channel: str | None = None,
    ) -> None:
        super().__init__()
        self.card = card
        self.settings = settings
        self.no_answer_next = no_answer_next  # the cadence's next attempt, offered on no answer
        self.channel = channel or settings.default_channel
        self.answers = LogAnswers()
        self.steps = ["reached", "channel", "rating", "interest", "notch", "rating_after",
                      "summary", "next", "place"]  # fmt: skip
        self.step = "reached"

    def compose(self) -> ComposeResult:
        with Vertical(id="log"):
            yield Label(f"Log a contact with {self.card.name}", id="log-title", markup=False)
            yield Static(id="log-said", markup=False)
            yield Label(id="log-question", markup=False)  # "[y] yes": keys, not markup
            yield Input(id="log-input")
            yield Label("", id="log-error", markup=False)

    def on_mount(self) -> None:
        self.show_step()

    # the steps ---------------------------------------------------------------

    def question(self) -> str:
        a = self.answers
        return {
            "reached": "Did they answer?  [y] yes   [n] no answer",
            "channel": "How? [c]all [t]ext [e]mail [s]ocial [m]eeting [o]ther"
            f" (Enter: {self.channel})",
            "rating": "How did it go? Your rating: 1-9, 0 for 10",
            "interest": "Their own interest, 1-10: 1-9, 0 for 10",
            "notch": f"What would it take to get you to {(a.interest or 0) + 1}?  (Enter: done)",
            "rating_after": "Your rating again: 1-9, 0 for 10  (Enter to skip)",
            "summary": "Summary: what did you cover? The recap for next time  (Enter when done)",
            "next": "Next follow-up  (Enter to accept; or 'thu 10am', '+2b', ...)",
            "place": "Then the card goes:  [t] top   [b] back   [k] keep its place (Enter)",
        }[self.step]

    def show_step(self) -> None:
        self.query_one("#log-question", Label).update(self.question())
        self.query_one("#log-said", Static).update("\n".join(self.answers.said) or " ")
        box = self.query_one("#log-input", Input)
        typing = self.step in ("notch", "summary", "next")
        box.display = typing
        if typing:
            box.value = ""
            if self.step == "next":
                default = default_follow_up(clock.now(), self.settings)
                if not self.answers.reached and self.no_answer_next is not None:
                    default = self.no_answer_next
                box.value = clock.wall(default).strftime("%Y-%m-%d %H:%M")
            box.focus()
        else:
            self.set_focus(None)

    def advance(self, said: str | None = None) -> None:
        if said:
            self.answers.said.append(said)
        self.query_one("#log-error", Label).update("")
        order = self.steps
        position = order.index(self.step) + 1
        if not self.answers.reached:
            while position < len(order) and order[position] in (
                "rating", "interest", "notch", "rating_after",
            ):  # fmt: skip
                position += 1
        if self.step == "interest" and self.answers.interest == 10:
            position += 1  # nothing is one notch above 10
        if position >= len(order):
            self.dismiss(self.answers)
            return
        self.step = order[position]
        self.show_step()

    def complain(self, text: str) -> None:
        self.query_one("#log-error", Label).update(text)
        self.app.bell()

    def on_key(self, event: Key) -> None:
        if self.step in ("notch", "summary", "next") or event.key == "escape":
            return
        event.stop()
        event.prevent_default()
        key, a = event.key, self.answers
        if self.step == "reached" and key in ("y", "n", "enter"):
            a.reached = key != "n"
            self.advance("answered" if a.reached else "no answer")
        elif self.step == "channel" and (key in CHANNEL_KEYS or key == "enter"):
            a.channel = CHANNEL_KEYS.get(key, Channel(self.channel))
            self.advance(f"by {a.channel.value}")
        elif self.step in ("rating", "interest", "rating_after") and digit(key) is not None:
            value = digit(key)
            setattr(a, self.step, value)
            label = {"rating": "your rating", "interest": "their interest",
                     "rating_after": "your rating after"}[self.step]  # fmt: skip
            self.advance(f"{label} {value}")
        elif self.step == "rating_after" and key == "enter":
            self.advance()
        elif self.step == "place" and key in ("t", "b", "k", "enter"):
            a.place = {"t": "top", "b": "back"}.get(key)  # type: ignore[assignment]
            self.dismiss(a)
        else:
            self.complain("that key is not one of the answers shown")

    @on(Input.Submitted, "#log-input")
    def typed(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        a = self.answers
        if self.step == "notch":
            if not text:
                self.complain("the notch-up answer is the point of the call: what would it take?")
                return
            a.notch = text
            self.advance(f"one notch up: {text}")
        elif self.step == "summary":
            a.summary = text or None
            self.advance(f"summary: {text}" if text else None)
        elif self.step == "next":
            try:
                a.next_follow_up = parse_follow_up(text, now=clock.now(), settings=self.settings)
            except InvalidInput as err:
                self.complain(str(err))
                return
            self.advance("next: " + clock.wall(a.next_follow_up).strftime("%a %d %b %H:%M"))

    def action_cancel(self) -> None:
        self.dismiss(None)
