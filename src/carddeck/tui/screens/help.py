"""The ? screen: every key of the deck screen."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: (heading, [(keys, what they do)]): what they do wraps beside its keys at any width.
KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Moving through the deck", [
        ("up/down, k/j", "previous / next card (or click one in the list)"),
        ("home/end", "first / last card"),
        ("g", "go to a card by number"),
        ("1 2 3 4 5", "views: deck, today, cold, closed, inbox"),
        ("i", "the inbox, as 5 does"),
        ("6 / C", "customers: won cards, the soonest check-in first"),
        ("/", "search by name, company, email or phone (their further ones too)"),
    ]),
    ("Working a card", [
        ("space", "flip: front / back"),
        ("l", "log a contact, the card in view: y answered or n no answer (c t e s m o "
              "first: the channel), your rating and their interest (1-9, 0 for 10), one "
              "notch up, your rating again, a summary, the next date (Enter takes the one "
              "proposed; typing replaces it), then t top / b back / k keep. Backspace goes "
              "back a step, Esc cancels"),
        ("t / b", "shuffle to the top / the back"),
        ("a / e", "add a card / edit this one"),
        ("w / x", "won (on a won card: a repeat sale, asked first) / lost (asks why)"),
        ("n", "nurture until a date"),
        ("d", "do not contact (asks to confirm)"),
        ("c", "call, text or email them with the desktop's program (asks which: c t e); "
              "with none, the number or address is shown to dial by hand"),
        ("u", "undo the last change, several steps deep"),
    ]),
    ("A deck shared by sellers", [
        ("m", "take this lead: yours to work"),
        ("o", "assign it to a seller (me: you)"),
        ("J", "junk an inbox lead (asks to confirm)"),
        ("A", "every seller's cards / only yours"),
    ]),
    ("And", [
        ("s", "the scoreboard"),
        ("ctrl+p", "command palette"),
        ("?", "this help"),
        ("q", "quit"),
    ]),
]  # fmt: skip


KEY_WIDTH = 14  # "  up/down, k/j": each part's keys in a column of one width


def keys_shown() -> Group:
    """Each part: its heading, then its keys in two columns (the keys, and what they do
    wrapped in its own column: nothing runs back under the keys)."""
    parts: list[RenderableType] = []
    for number, (heading, keys) in enumerate(KEYS):
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, width=KEY_WIDTH)
        table.add_column(ratio=1)
        for key, what in keys:
            table.add_row(f"  {key}", what)
        parts += [Text("\n" * bool(number) + heading, style="bold"), table]
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(keys_shown())
            yield Static("[dim]Esc closes[/dim]")

    def action_close(self) -> None:
        self.dismiss(None)
