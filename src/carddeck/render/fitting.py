"""Text fitted to a width on paper: wrapped on words, shrunk a little, then cut with a mark;
never wider than its room, whatever the text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

#: Font sizes step down by this much (points) before a text is cut.
STEP = 0.5


class Metrics(Protocol):
    """What laying text out needs from a font: widths, the characters it can draw."""

    #: The mark at the end of a cut text ("…", or "..." in a font without it).
    mark: str

    def width(self, text: str, size: float, *, bold: bool = False) -> float:
        """The width of ``text`` in points at ``size``."""
        ...

    def printable(self, text: str) -> str:
        """``text`` with each character the font cannot draw replaced."""
        ...


@dataclass(frozen=True)
class Fitted:
    """A text laid out: its size, its lines, and whether it was cut."""

    size: float
    lines: tuple[str, ...]
    cut: bool


def _longest(text: str, room: float, size: float, bold: bool, metrics: Metrics) -> int:
    """How many characters of ``text`` fit in ``room`` (at least one, so a line moves on)."""
    low, high = 1, len(text)
    while low < high:  # the longest prefix that fits: widths grow with length
        mid = (low + high + 1) // 2
        if metrics.width(text[:mid], size, bold=bold) <= room:
            low = mid
        else:
            high = mid - 1
    return low


def wrap(
    text: str,
    room: float,
    size: float,
    metrics: Metrics,
    *,
    bold: bool = False,
    most: int | None = None,
) -> list[str]:
    """``text`` in lines no wider than ``room``, broken between words (inside a word
    longer than a line), stopping once there are more than ``most`` lines."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if metrics.width(candidate, size, bold=bold) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
            line = ""
        while metrics.width(word, size, bold=bold) > room:
            keep = _longest(word, room, size, bold, metrics)
            lines.append(word[:keep])
            word = word[keep:]
        line = word
        if most is not None and len(lines) > most:
            return lines
    if line:
        lines.append(line)
    return lines


def cut(text: str, room: float, size: float, metrics: Metrics, *, bold: bool = False) -> str:
    """``text`` cut to fit ``room`` with the mark at its end."""
    mark = metrics.mark
    if metrics.width(mark, size, bold=bold) > room:
        return ""
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if metrics.width(text[:mid].rstrip() + mark, size, bold=bold) <= room:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + mark


def fit(
    text: str,
    room: float,
    metrics: Metrics,
    *,
    lines: int = 1,
    size: float = 9.0,
    smallest: float = 7.0,
    bold: bool = False,
) -> Fitted:
    """``text`` in at most ``lines`` lines of ``room``: at ``size`` if it fits, else a
    little smaller (down to ``smallest``), else cut with a mark at ``smallest``."""
    text = " ".join(metrics.printable(text).split())
    if not text or lines < 1:
        return Fitted(size, (), bool(text))
    at = size
    while True:
        wrapped = wrap(text, room, at, metrics, bold=bold, most=lines)
        if len(wrapped) <= lines:
            return Fitted(at, tuple(wrapped), False)
        if at - STEP < smallest:
            break
        at -= STEP
    kept = wrapped[: lines - 1]
    rest = text
    for line in kept:  # each line is the start of what is left (single spaces between words)
        rest = rest[len(line) :].lstrip()
    return Fitted(at, (*kept, cut(rest, room, at, metrics, bold=bold)), True)
