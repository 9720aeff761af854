"""Adding or editing a card: a form of the card's fields."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import DescendantFocus
from textual.screen import ModalScreen
from textual.widgets import Input, Label, TextArea

from carddeck.deck.fields import display_phone
from carddeck.deck.money import typed_value
from carddeck.store.models import Card
from carddeck.tui.screens.ask import DISCARD, ChoiceScreen

#: (field, label) in the order the form shows them.
FIELDS = [
    ("name", "Name"), ("company", "Company"), ("title", "Title"), ("phone", "Phone"),
    ("email", "Email"), ("website", "Web/social"), ("address", "Address"), ("source", "Source"),
    ("referred_by", "Referred by"), ("stage", "Stage"), ("need", "Need"),
    ("known", "They said"), ("notes", "Notes"), ("value", "Deal value"), ("next", "Next (when)"),
]  # fmt: skip


#: Fields of several lines (the card keeps them joined by "\n"): Enter starts a new line.
LINES = {"address": 3}  # field -> lines shown

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
                value = str(self.given.get(name, self.start[name]))
                if name in LINES:
                    with Horizontal(classes="field lines"):
                        yield Label(label, classes="field-label")
                        hint = "a line each (Enter: the next line)"
                        yield TextArea(value, id=f"f-{name}", compact=True, placeholder=hint)
                    continue
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
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
        box = self.query_one(f"#f-{self.focus_on}")
        box.focus()
        if isinstance(box, Input):
            box.cursor_position = len(box.value)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """Tabbed into the lines of an address: the cursor at its end, as in a one-line
        field (typing goes on after what is there)."""
        if isinstance(event.widget, TextArea):
            event.widget.move_cursor(event.widget.document.end)

    def values(self) -> Values:
        out = {}
        for name, _ in FIELDS:
            box = self.query_one(f"#f-{name}")
            if isinstance(box, TextArea):  # each line trimmed, blank lines dropped
                lines = (line.strip() for line in box.text.splitlines())
                value = "\n".join(line for line in lines if line)
            else:
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
