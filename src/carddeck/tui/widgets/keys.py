"""The key hints at the foot of the deck screen: Textual's footer, rebuilt only when the
keys it shows change (Textual's rebuilds it each time a dialog opens or closes, which took
longer than the dialog itself)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

Shown = tuple[tuple[str, str, str, bool], ...]


class KeyHints(Footer):
    """A footer that keeps its keys while the keys shown stay the same."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: Shown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)
            return
        shown = tuple(
            (binding.key, binding.action, binding.description, enabled)
            for (_, binding, enabled, _tip) in screen.active_bindings.values()
            if binding.show
        )
        if shown == self._shown:
            return  # the same keys as drawn: nothing to rebuild
        self._shown = shown
        super().bindings_changed(screen)
