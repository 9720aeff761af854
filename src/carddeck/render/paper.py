"""One face of a printed card as ink: a red header line and blue ruled lines like a real
index card, and each text fitted on its line (shrunk, else cut with a mark)."""

from __future__ import annotations

from dataclasses import dataclass

from carddeck.render.fitting import Metrics, fit
from carddeck.render.printed import PrintedCard, Tone
from carddeck.render.sheet import Box, Placed
from carddeck.words import plural

Color = tuple[int, int, int]
INK: Color = (25, 25, 25)
FAINT: Color = (105, 105, 105)
LABEL: Color = (35, 75, 150)
NOTCH: Color = (135, 25, 125)
RED_LINE: Color = (214, 69, 65)
BLUE_LINE: Color = (135, 175, 225)
TONES: dict[Tone, Color] = {
    "plain": INK,
    "strong": INK,
    "late": (196, 30, 30),
    "today": (190, 110, 0),
    "faint": FAINT,
}
GOOD: Color = (35, 140, 60)
EMPTY: Color = (222, 222, 222)

#: The face, in points from the card's top left: margins, the red line under the
#: header, the ruled lines below it (a 3x5 card's quarter inch, a little tighter).
LEFT, RIGHT = 16.0, 12.0
HEADER, PITCH, LINES = 42.0, 16.0, 10
ABOVE_RULE = 3.5  # text sits just above its ruled line
LABEL_W = 46.0
SIZE, SMALLEST, LABEL_SIZE = 9.0, 7.0, 7.0
CELL, CELL_GAP = 4.2, 0.8  # one step of a 1-10 gauge


@dataclass(frozen=True)
class Text:
    """A text with its baseline at ``y``; ``width`` as measured in its font."""

    x: float
    y: float
    text: str
    size: float
    bold: bool
    color: Color
    width: float


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    color: Color
    thickness: float


@dataclass(frozen=True)
class Block:
    x: float
    y: float
    w: float
    h: float
    color: Color


Ink = Text | Rule | Block


class _Pen:
    """Writes on one card face, in its box, keeping a list of what it inked."""

    def __init__(self, box: Box, metrics: Metrics) -> None:
        self.box, self.metrics = box, metrics
        self.inks: list[Ink] = []
        self.inner = box.w - LEFT - RIGHT

    def write(
        self, x: float, y: float, text: str, size: float, *, bold: bool = False, color: Color = INK
    ) -> float:
        """Ink ``text`` (already fitted) at card position x, baseline y; its width."""
        width = self.metrics.width(text, size, bold=bold)
        if text:
            self.inks.append(Text(self.box.x + x, self.box.y + y, text, size, bold, color, width))
        return width

    def one_line(
        self,
        x: float,
        y: float,
        text: str,
        room: float,
        *,
        size: float = SIZE,
        smallest: float = SMALLEST,
        bold: bool = False,
        color: Color = INK,
    ) -> float:
        fitted = fit(text, room, self.metrics, size=size, smallest=smallest, bold=bold)
        shown = fitted.lines[0] if fitted.lines else ""
        return self.write(x, y, shown, fitted.size, bold=bold, color=color)

    def ruling(self) -> None:
        b = self.box
        self.inks.append(Rule(b.x, b.y + HEADER, b.right, b.y + HEADER, RED_LINE, 0.9))
        for n in range(1, LINES + 1):
            y = b.y + HEADER + n * PITCH
            self.inks.append(Rule(b.x, y, b.right, y, BLUE_LINE, 0.45))

    def header(self, name: str, subtitle: str, tag: str) -> None:
        """The name (in bold, as large as fits), the tag in the top corner, the subtitle."""
        fitted = fit(tag, self.inner * 0.45, self.metrics, size=7, smallest=6)
        shown = fitted.lines[0] if fitted.lines else ""
        tag_w = self.metrics.width(shown, fitted.size)
        self.write(LEFT + self.inner - tag_w, 14, shown, fitted.size, color=FAINT)
        self.one_line(LEFT, 25, name, self.inner - tag_w - 8, size=13, smallest=9, bold=True)
        self.one_line(LEFT, 36.5, subtitle, self.inner, size=8.5, color=FAINT)

    @staticmethod
    def baseline(n: int) -> float:
        """Where text sits on ruled line ``n`` (1 is the first under the red line)."""
        return HEADER + n * PITCH - ABOVE_RULE

    def entry(
        self,
        n: int,
        label: str,
        text: str,
        lines: int,
        *,
        tone: Tone = "plain",
        bold: bool = False,
        color: Color | None = None,
        size: float = SIZE,
    ) -> int:
        """A labelled entry from ruled line ``n``, on up to ``lines`` lines; lines used."""
        if lines < 1:
            return 0
        self.one_line(
            LEFT,
            self.baseline(n),
            label,
            LABEL_W - 3,
            size=LABEL_SIZE,
            smallest=6,
            bold=True,
            color=LABEL,
        )
        room = self.inner - LABEL_W
        fitted = fit(
            text,
            room,
            self.metrics,
            lines=lines,
            size=size,
            smallest=SMALLEST,
            bold=bold or tone == "strong",
        )
        ink = color or TONES[tone]
        for i, line in enumerate(fitted.lines):
            self.write(
                LEFT + LABEL_W,
                self.baseline(n + i),
                line,
                fitted.size,
                bold=bold or tone == "strong",
                color=ink,
            )
        return max(1, len(fitted.lines))

    def gauge(self, x: float, y: float, label: str, value: int | None) -> float:
        """A 1-10 score as ten cells, red to 3, amber to 6, green above; the x after it."""
        x += self.write(x, y, label, LABEL_SIZE, bold=True, color=LABEL) + 3
        color = (
            TONES["late"] if (value or 0) <= 3 else TONES["today"] if (value or 0) <= 6 else GOOD
        )
        for i in range(10):
            filled = value is not None and i < value
            self.inks.append(
                Block(
                    self.box.x + x + i * (CELL + CELL_GAP),
                    self.box.y + y - 6,
                    CELL,
                    6.5,
                    color if filled else EMPTY,
                )
            )
        x += 10 * (CELL + CELL_GAP) + 2
        return x + self.write(x, y, "-" if value is None else str(value), 8, bold=True)


def _front(pen: _Pen, card: PrintedCard) -> None:
    pen.header(card.name, card.subtitle, f"{card.ref} · {card.status}")
    # the notch note takes two lines when the entries leave them (the last is the gauges')
    notch_lines = max(1, min(2, LINES - 1 - len(card.front)))
    n = 1 + pen.entry(1, "notch up", card.notch, notch_lines, bold=True, color=NOTCH)
    for line in card.front:
        if n >= LINES:  # the last line is the gauges'
            break
        n += pen.entry(n, line.label, line.text, min(line.lines, LINES - n), tone=line.tone)
    y = pen.baseline(LINES)
    pen.one_line(LEFT, y, "attempts", LABEL_W - 3, size=LABEL_SIZE, bold=True, color=LABEL)
    x = LEFT + LABEL_W
    x += (
        pen.write(
            x,
            y,
            card.attempts,
            SIZE,
            bold=card.attempts_done,
            color=GOOD if card.attempts_done else INK,
        )
        + 14
    )
    x = pen.gauge(x, y, "rating", card.rating) + 12
    pen.gauge(x, y, "interest", card.interest)


def _back(pen: _Pen, card: PrintedCard) -> None:
    pen.header(card.name, card.subtitle, f"back of {card.ref}")
    listed = len(card.contacts)
    kept = min(3, listed + (1 if card.older else 0)) or 1  # lines kept for the contacts
    n = 1
    for line in card.back:
        room = LINES - kept - n + 1
        if room < 1:
            break
        n += pen.entry(n, line.label, line.text, min(line.lines, room), tone=line.tone)
    room = LINES - n + 1
    if not listed:
        pen.entry(n, "contacts", "no contact yet", 1, tone="faint")
        return
    shown = listed if listed <= room and not card.older else room - 1
    for i, said in enumerate(card.contacts[:shown]):
        pen.entry(n + i, "contacts" if i == 0 else "", said, 1, size=8.5)
    more = listed + card.older - shown
    if more:
        older = "older contact" if shown else "contact"
        pen.entry(
            n + shown,
            "contacts" if not shown else "",
            f"… and {plural(more, older)} (carddeck show {card.id})",
            1,
            tone="faint",
        )


def face(placed: Placed, metrics: Metrics) -> list[Ink]:
    """What to ink for one placed card face: ruling first, then the words."""
    pen = _Pen(placed.box, metrics)
    pen.ruling()
    (_front if placed.face == "front" else _back)(pen, placed.card)
    return pen.inks


__all__ = ["Block", "Ink", "Rule", "Text", "face"]
