"""Adding or editing a card: a form of the card's fields."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from carddeck.store.models import Card

#: (field, label) in the order the form shows them.
FIELDS = [
    ("name", "Name"), ("company", "Company"), ("title", "Title"), ("phone", "Phone"),
    ("email", "Email"), ("website", "Web/social"), ("source", "Source"),
    ("referred_by", "Referred by"), ("stage", "Stage"), ("need", "Need"),
    ("known", "They said"), ("notes", "Notes"), ("next", "Next (when)"),
]  # fmt: skip


class CardForm(ModalScreen[dict[str, Any] | None]):
    """Returns the fields that were changed (all typed fields, for a new card)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, title: str, card: Card | None = None, values: dict[str, Any] | None = None):
        super().__init__()
        self.title_text = title
        self.card = card
        self.start = {name: self._value(card, name) for name, _ in FIELDS}
        self.given = values or {}

    @staticmethod
    def _value(card: Card | None, name: str) -> str:
        if card is None or name == "next":
            return ""
        value = getattr(card, name)
        return "" if value is None else str(getattr(value, "value", value))

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Label(
                f"[b]{self.title_text}[/b]   Enter or ctrl+s saves · Tab moves · Esc cancels",
                classes="form-title",
            )
            for name, label in FIELDS:
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    value = str(self.given.get(name, self.start[name]))
                    hint = "rapport, need, present, terms, close" if name == "stage" else ""
                    if name == "next":
                        hint = "tomorrow 9am, next tue, +2b ... (blank: the usual)"
                    yield Input(value=value, placeholder=hint, id=f"f-{name}")

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()

    def values(self) -> dict[str, Any]:
        out = {}
        for name, _ in FIELDS:
            value = self.query_one(f"#f-{name}", Input).value.strip()
            if value != self.start[name]:
                out[name] = value
        return out

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(self.values())

    def action_cancel(self) -> None:
        self.dismiss(None)
