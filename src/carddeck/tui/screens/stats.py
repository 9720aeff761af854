"""The s screen: the scoreboard, as ``carddeck stats`` draws it, counted in a worker."""

from __future__ import annotations

from rich.console import RenderableType
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from carddeck.deck.settings import Settings
from carddeck.deck.stats import scoreboard
from carddeck.render.scoreboard import render
from carddeck.store import Store


class StatsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,s", "close", "Close")]

    def __init__(self, store: Store, settings: Settings) -> None:
        super().__init__()
        self.store = store
        self.settings = settings

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog stats"):
            yield Static("Counting…", id="board")
            yield Static("[dim]Esc closes[/dim]")

    def on_mount(self) -> None:
        self.count()

    @work(thread=True, exclusive=True, group="stats")
    def count(self) -> None:
        """The numbers come from every card: read them away from the screen's thread."""
        from rich.console import Group

        from carddeck.deck.revenue import takings
        from carddeck.deck.sellers import by_seller
        from carddeck.render.revenue import render_takings
        from carddeck.render.scoreboard import render_sellers

        with self.store.read() as session:
            board = scoreboard(session, settings=self.settings)
            found = by_seller(session)
            sellers = found if found.shown else None  # sellers, an inbox, junk: shown
            money = takings(session, currency=self.settings.currency)
        parts = [render(board), render_takings(money, board)]
        if sellers is not None:
            parts.append(render_sellers(sellers))
        drawn = Group(*parts)
        self.app.call_from_thread(self.counted, drawn)

    def counted(self, drawn: RenderableType) -> None:
        self.query_one("#board", Static).update(drawn)

    def action_close(self) -> None:
        self.dismiss(None)
