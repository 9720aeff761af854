"""The Textual app: shows the deck screen's frame at once, opens the deck behind it, and
keeps it in step with the store."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

# Importing Textual and the deck screen makes tens of thousands of objects and no garbage:
# the collector's passes over them (~8% of the import) wait until the import is done, as
# they wait for the first card once the app runs (CarddeckApp.on_load).
_collecting = gc.isenabled()
gc.disable()
try:
    from textual.app import App, SystemCommand
    from textual.binding import Binding
    from textual.screen import Screen

    from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
    from carddeck.errors import CarddeckError
    from carddeck.paths import DeckLocation, deck_location
    from carddeck.tui.screens.deck import DeckScreen
finally:
    if _collecting:
        gc.enable()

if TYPE_CHECKING:
    from textual.actions import ActionParseResult
    from textual.dom import DOMNode

    from carddeck.store.engine import Store, Watcher


class CarddeckApp(App[None]):
    """``CarddeckApp(db=...)``: the same deck resolution as the CLI (path, env, default)."""

    CSS_PATH = "app.tcss"
    TITLE = "carddeck"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        # Ctrl-C quits, as in every terminal program (Textual would only say ctrl+q)
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        db: DeckLocation | str | os.PathLike[str] | None = None,
        *,
        settings: Settings = DEFAULT_SETTINGS,
        poll_seconds: float = 1.0,
        warnings: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.warnings = list(warnings or [])  # said once on screen, when it is up
        self.location = db if isinstance(db, DeckLocation) else deck_location(db)
        # The deck is opened by the screen's first read, in a thread, once its frame is
        # up (importing the ORM and opening the deck take longer than drawing it).
        self.store: Store | None = None
        self.watcher: Watcher | None = None
        #: Why the deck could not be opened: said on the screen, and by the command (its
        #: exit code and one line) once the screen is quit.
        self.failed: CarddeckError | None = None
        self.settings = settings
        self.poll_seconds = poll_seconds

    @property
    def deck_shown(self) -> str:
        """The deck this screen is on, as messages name it (a file, or a server's URL)."""
        return self.store.where if self.store is not None else self.location.shown

    def on_load(self) -> None:
        # Nothing the screen builds while it starts is garbage yet: the collector's passes
        # over it (a tenth of the first paint) wait for the first card (DeckView._started_up).
        gc.disable()

    def get_default_screen(self) -> Screen[Any]:
        """The deck screen is the app's first screen, built with the app (not pushed over a
        blank one once it is up: a screen less to build before the frame)."""
        return DeckScreen(self.settings)

    def on_mount(self) -> None:
        self.set_interval(self.poll_seconds, self.poll)
        for warning in self.warnings:
            self.notify(warning, severity="warning", timeout=12, markup=False)

    def open_deck(self) -> Store:
        """Open the deck (in the screen's reading thread); what is done on the way is said
        on the screen, and so is a deck that cannot be opened (raised for the screen)."""
        from carddeck.store import open_store

        said: list[str] = []
        try:
            store = open_store(self.location, keep_backups=self.settings.backups_kept,
                               say=said.append)  # fmt: skip
            try:
                watcher = store.watch()
            except BaseException:
                store.close()
                raise
        except CarddeckError as err:
            self.failed = err
            raise
        self.store, self.watcher = store, watcher
        store.after_write = watcher.ours  # our own commits are no change from elsewhere
        store.say = self.told
        for line in said:
            self.call_from_thread(self.notify, line, severity="warning", timeout=12,
                                  markup=False)  # fmt: skip
        return store

    def told(self, message: str) -> None:
        """What the store says once the screen is up (a backup that could not be taken)."""
        self.call_later(self.notify, message, timeout=8, markup=False)

    def poll(self) -> None:
        """Cards added or changed by another carddeck show up without a restart."""
        if self.watcher is not None and self.watcher.changed():
            for screen in self.screen_stack:
                if isinstance(screen, DeckScreen):
                    screen.refresh_from_store()

    def _handle_exception(self, error: Exception) -> None:
        """The deck's own trouble met by a worker reading it (the server away, the deck
        busy or damaged) is said in one line and the screen goes on (what the keys read
        themselves is said where they read it); anything else stops the screen with a crash
        report, as below."""
        from textual.worker import WorkerFailed

        from carddeck.errors import CarddeckError

        if isinstance(error, WorkerFailed) and isinstance(error.error, CarddeckError):
            found = error.error
            self.notify(str(found), severity="error", timeout=10, markup=False)
            for screen in self.screen_stack:  # keys held for a read that failed: done now
                if isinstance(screen, DeckScreen):
                    screen.release_keys()
            return
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """An error nobody foresaw: one line once the screen is gone, and a private crash
        report; never Textual's traceback, whose local values show people's details."""
        error = self._exception or RuntimeError("the screen stopped")
        self.bell()
        try:
            from carddeck import crash
        except ImportError:  # its own modules are gone: upgraded under the running screen
            error = ModuleNotFoundError(name="carddeck.crash")
        if isinstance(error, ImportError) and (error.name or "").startswith("carddeck"):
            # a module loaded when first needed, from files a reinstall replaced meanwhile
            said = (
                "carddeck: its own files changed while the screen ran (reinstalled or "
                "upgraded?); nothing more was saved: start it again"
            )
        else:
            said = crash.one_line(error, crash.report(error, where="screen"))
        self._exit_renderables.append(said)
        self._close_messages_no_wait()

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Any = None,
    ) -> bool:
        """A deck key pressed before the deck is open waits for it (and is done then); one
        that would change a read-only deck is refused at once."""
        from carddeck.tui.screens.deckview import DeckView

        if isinstance(default_namespace, DeckView) and (
            default_namespace.holds(action) or default_namespace.refuses(action)
        ):
            return True
        return await super().run_action(action, default_namespace, namespaces)

    def on_unmount(self) -> None:
        gc.unfreeze()  # what the deck screen froze (DeckView._loaded) may go with the app
        gc.enable()  # held from on_load, should the screen have stopped before its first card
        if self.watcher is not None:
            self.watcher.close()
        if self.store is not None:
            self.store.close()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        deck_screen = next((s for s in self.screen_stack if isinstance(s, DeckScreen)), None)
        if deck_screen is None:
            return
        for binding in DeckScreen.BINDINGS:
            assert not isinstance(binding, tuple)
            action = binding.action
            if action == "clear_search" or not deck_screen.check_action(action.split("(")[0], ()):
                continue  # a key that is off now (no card shown, no deck) is not offered

            def run(action: str = action) -> None:
                self.call_later(deck_screen.run_action, action)

            key = binding.key.split(",")[0].replace("question_mark", "?").replace("slash", "/")
            yield SystemCommand(f"{binding.description} ({key})", f"Key: {key}", run)
