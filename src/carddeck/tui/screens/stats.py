"""The s screen: the scoreboard, as ``carddeck stats`` draws it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from carddeck.deck.settings import Settings
from carddeck.deck.stats import scoreboard
from carddeck.scoreboard import render
from carddeck.store import Store


class StatsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,s", "close", "Close")]

    def __init__(self, store: Store, settings: Settings) -> None:
        super().__init__()
        self.store = store
        self.settings = settings

    def compose(self) -> ComposeResult:
        with self.store.read() as session:
            board = scoreboard(session, settings=self.settings)
        with VerticalScroll(classes="dialog stats"):
            yield Static(render(board))
            yield Static("[dim]Esc closes[/dim]")

    def action_close(self) -> None:
        self.dismiss(None)
