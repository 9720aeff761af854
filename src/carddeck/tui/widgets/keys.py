"""The key hints at the foot of the deck screen: Textual's footer, rebuilt only when the
keys it shows change (Textual's rebuilds it each time a dialog opens or closes, which took
longer than the dialog itself)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

Shown = tuple[tuple[str, str, str, bool], ...]


class KeyHints(Footer):
    """A footer that keeps its keys while the keys shown stay the same."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: Shown | None = None

    def compose(self) -> ComposeResult:
        # Built at once: Textual's footer waits for the first bindings_changed, and
        # building them then lays out and draws the screen again.
        if not self._bindings_ready:
            self.set_reactive(Footer._bindings_ready, True)
            self._shown = self.keys_of(self.screen)
        yield from super().compose()

    @staticmethod
    def keys_of(screen: Screen[object]) -> Shown:
        return tuple(
            (binding.key, binding.action, binding.description, enabled)
            for (_, binding, enabled, _tip) in screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)
            return
        shown = self.keys_of(screen)
        if shown == self._shown:
            return  # the same keys as drawn: nothing to rebuild
        self._shown = shown
        super().bindings_changed(screen)
