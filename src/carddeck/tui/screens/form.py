"""Adding or editing a card: a form of the card's fields."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from carddeck.deck.fields import display_phone
from carddeck.deck.money import typed_value
from carddeck.store.models import Card
from carddeck.tui.screens.ask import DISCARD, ChoiceScreen

#: (field, label) in the order the form shows them.
FIELDS = [
    ("name", "Name"), ("company", "Company"), ("title", "Title"), ("phone", "Phone"),
    ("email", "Email"), ("website", "Web/social"), ("source", "Source"),
    ("referred_by", "Referred by"), ("stage", "Stage"), ("need", "Need"),
    ("known", "They said"), ("notes", "Notes"), ("value", "Deal value"), ("next", "Next (when)"),
]  # fmt: skip


Values = dict[str, str]


def shown(card: Card | None, region: str) -> Values:
    """What the form shows of each field of ``card``: the phone as people read it."""
    dumped = {} if card is None else card.model_dump(mode="json")
    out = {}
    for name, _ in FIELDS:
        if card is None or name == "next":
            out[name] = ""
        elif name == "phone":
            out[name] = display_phone(card.phone, region) or ""
        elif name == "value":
            out[name] = typed_value(card.value)
        else:
            out[name] = "" if dumped[name] is None else str(dumped[name])
    return out


class CardForm(ModalScreen[Values | None]):
    """Returns the fields that were changed, as typed (all typed fields, for a new card);
    the deck screen turns them into a ``CardDraft`` or ``CardChanges``."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, title: str, card: Card | None = None, values: Values | None = None,
                 *, region: str = "US", focus: str | None = None) -> None:  # fmt: skip
        super().__init__()
        self.focus_on = focus if focus in {name for name, _ in FIELDS} else "name"
        self.title_text = title
        self.card = card
        self.phone_region = region
        self.start = shown(card, region)
        self.given = values or {}

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
                    if name == "value":
                        hint = "what the deal is worth: 1200, 1,200.50"
                    if name == "next":
                        hint = "tomorrow 9am, next tue, +2b ... (blank: the usual)"
                    yield Input(value=value, placeholder=hint, id=f"f-{name}",
                                select_on_focus=False)  # fmt: skip

    def on_mount(self) -> None:
        """Start on the name, or on the field a refused save was about, cursor at its end:
        typing goes on where it stopped and never wipes what is there."""
        box = self.query_one(f"#f-{self.focus_on}", Input)
        box.focus()
        box.cursor_position = len(box.value)

    def values(self) -> Values:
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

    @work
    async def action_cancel(self) -> None:
        if self.values():
            choice = await self.app.push_screen_wait(
                ChoiceScreen("Throw away what you typed on this card?", DISCARD, cancel=None)
            )
            if choice != "y":
                return
        self.dismiss(None)
