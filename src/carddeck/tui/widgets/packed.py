"""Short pieces of text (a key and what it does, a question) laid out in lines as wide as
the room, each piece kept whole on one line: a terminal of 80 columns never splits ``[r]``
from what ``r`` does. A piece wider than a line wraps on its own lines."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text


class Packed:
    """``pieces`` joined by ``gap`` while they fit the width, a new line before one that
    does not."""

    def __init__(self, pieces: Iterable[str], gap: str = "   ") -> None:
        self.pieces = [piece for piece in pieces if piece]
        self.gap = gap

    def __str__(self) -> str:
        return self.gap.join(self.pieces)

    def lines(self, width: int) -> list[str]:
        """The pieces laid out ``width`` columns wide."""
        lines: list[str] = []
        line = ""
        for piece in self.pieces:
            joined = f"{line}{self.gap}{piece}" if line else piece
            if line and Text(joined).cell_len > width:
                lines.append(line)
                joined = piece
            line = joined
        if line:
            lines.append(line)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text("\n".join(self.lines(options.max_width)))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((Text(piece).cell_len for piece in self.pieces), default=0)
        return Measurement(min(widest, options.max_width), Text(str(self)).cell_len)
