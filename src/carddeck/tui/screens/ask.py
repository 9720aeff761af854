"""Small modals: ask for one line of text, or choose with one key. Questions wrap to the
dialog's width; Escape asks before throwing typed text away."""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Input, Label

DISCARD = {"y": "yes, throw it away", "n": "no, keep typing"}


class ChoiceScreen(ModalScreen[str | None]):
    """A question answered with one key from ``choices`` (key -> label); Enter takes the
    first choice when ``enter`` is set; Escape cancels."""

    def __init__(self, question: str, choices: dict[str, str], *, enter: bool = False,
                 cancel: str | None = "cancel") -> None:  # fmt: skip
        super().__init__()
        self.question = question
        self.choices = choices
        self.enter = enter
        self.cancel = cancel  # None when Escape means the same as a choice shown

    def compose(self) -> ComposeResult:
        from carddeck.tui.widgets.packed import Packed

        keys = [f"[{key}] {label}" for key, label in self.choices.items()]
        if self.cancel:
            keys.append(f"[esc] {self.cancel}")
        with Vertical(classes="dialog"):
            yield Label(self.question, markup=False, classes="question")
            yield Label(Packed(keys), classes="keys", markup=False)  # a key beside its label

    def on_key(self, event: Key) -> None:
        event.stop()
        if event.key in self.choices:
            self.dismiss(event.key)
        elif event.key == "enter" and self.enter:
            self.dismiss(next(iter(self.choices)))
        elif event.key == "escape":
            self.dismiss(None)


class AskScreen(ModalScreen[str | None]):
    """One question, one line of answer; Escape cancels (asking first if something was
    typed)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, *, value: str = "", placeholder: str = "",
                 check: Callable[[str], str | None] | None = None,
                 keep_asking: bool = True) -> None:  # fmt: skip
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.check = check  # what is wrong with an answer, if anything: said, and asked again
        #: Whether Escape asks before throwing away what was typed (not for a card's number:
        #: nothing worth keeping)
        self.keep_asking = keep_asking

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, markup=False, classes="question")
            yield Input(value=self.value, placeholder=self.placeholder, id="answer")
            yield Label("", id="ask-error", classes="question error", markup=False)
            yield Label("Enter answers · Esc cancels", classes="keys", markup=False)

    @on(Input.Submitted)
    def answered(self, event: Input.Submitted) -> None:
        answer = event.value.strip()
        wrong = self.check(answer) if self.check is not None and answer else None
        if wrong:
            self.query_one("#ask-error", Label).update(wrong)
            self.app.bell()
            return
        self.dismiss(answer or None)

    @work
    async def action_cancel(self) -> None:
        typed = self.query_one("#answer", Input).value.strip()
        if self.keep_asking and typed and typed != self.value.strip():
            choice = await self.app.push_screen_wait(
                ChoiceScreen(f"Throw away {typed!r}?", DISCARD, cancel=None)
            )
            if choice != "y":
                return
        self.dismiss(None)
