"""Small modals: ask for one line of text, confirm yes or no, or choose on a conflict."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class AskScreen(ModalScreen[str | None]):
    """One question, one line of answer; Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, *, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, markup=False)
            yield Input(value=self.value, placeholder=self.placeholder, id="answer")

    @on(Input.Submitted)
    def answered(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """A question answered with one key from ``choices`` (key -> label); Escape cancels."""

    def __init__(self, question: str, choices: dict[str, str]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        keys = "   ".join(f"[{key}] {label}" for key, label in self.choices.items())
        with Vertical(classes="dialog"):
            yield Label(self.question, markup=False)
            yield Label(f"{keys}   [esc] cancel", classes="keys", markup=False)

    def on_key(self, event: Key) -> None:
        event.stop()
        if event.key in self.choices:
            self.dismiss(event.key)
        elif event.key == "escape":
            self.dismiss(None)
