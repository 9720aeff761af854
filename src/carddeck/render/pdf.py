"""Printed cards as a PDF (fpdf2, imported only when one is written), in the DejaVu font
that ships with carddeck so that José and Zoë Müller print as they are spelled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import as_file, files
from typing import TYPE_CHECKING

from carddeck.render.paper import Block, Ink, Rule, Text, face
from carddeck.render.printed import PrintedCard
from carddeck.render.sheet import Page, Sheet, pages

if TYPE_CHECKING:
    from fpdf import FPDF

FAMILY = "CardFace"
FONTS = {"": "DejaVuSansCondensed.ttf", "B": "DejaVuSansCondensed-Bold.ttf"}
#: Drawn for a character the font lacks (an emoji, a CJK name): a box, not a crash.
MISSING = "\u25a1"
MARK_INK = (90, 90, 90)


class PdfMetrics:
    """Widths and drawable characters from the fonts of an ``FPDF`` document."""

    def __init__(self, pdf: FPDF, *, unicode: bool) -> None:
        self.pdf, self.unicode = pdf, unicode
        self.family = FAMILY if unicode else "helvetica"
        self.mark = "…" if unicode else "..."
        self._known: dict[str, bool] = {}

    def use(self, size: float, *, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def width(self, text: str, size: float, *, bold: bool = False) -> float:
        self.use(size, bold=bold)
        return float(self.pdf.get_string_width(text))

    def _drawable(self, char: str) -> bool:
        if char not in self._known:
            if not self.unicode:
                self._known[char] = ord(char) < 256 and char.isprintable()
            else:
                drawable = True
                for style in FONTS:  # bold and regular alike
                    self.use(9, bold=style == "B")
                    drawable &= ord(char) in getattr(self.pdf.current_font, "cmap", {})
                self._known[char] = drawable
        return self._known[char]

    def printable(self, text: str) -> str:
        missing = MISSING if self.unicode else "?"
        return "".join(c if c == " " or self._drawable(c) else missing for c in text)


def _document(sheet: Sheet) -> tuple[FPDF, PdfMetrics]:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(360, 216) if sheet == "index" else sheet)
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_creator("carddeck")
    pdf.set_title("carddeck cards")
    folder = files("carddeck.render") / "fonts"
    try:
        for style, name in FONTS.items():
            with as_file(folder / name) as path:
                pdf.add_font(FAMILY, style, str(path))
    except OSError:  # a stripped install without the font files: plain Helvetica, latin-1
        return pdf, PdfMetrics(pdf, unicode=False)
    return pdf, PdfMetrics(pdf, unicode=True)


def _paint(pdf: FPDF, metrics: PdfMetrics, ink: Ink) -> None:
    if isinstance(ink, Rule):
        pdf.set_draw_color(*ink.color)
        pdf.set_line_width(ink.thickness)
        pdf.line(ink.x1, ink.y1, ink.x2, ink.y2)
    elif isinstance(ink, Block):
        pdf.set_fill_color(*ink.color)
        pdf.rect(ink.x, ink.y, ink.w, ink.h, style="F")
    elif isinstance(ink, Text):
        metrics.use(ink.size, bold=ink.bold)
        pdf.set_text_color(*ink.color)
        pdf.text(ink.x, ink.y, ink.text)


@dataclass(frozen=True)
class Printed:
    """A PDF of cards: its bytes, and the pages as laid out (with what each inked)."""

    data: bytes
    pages: list[Page]
    inks: list[list[Ink]]


def write_pdf(cards: Sequence[PrintedCard], sheet: Sheet) -> Printed:
    """The cards as a PDF on ``sheet``: card stock (5 x 3 in, front then back), or letter
    or A4 with cut marks, each page of fronts followed by their backs, mirrored."""
    pdf, metrics = _document(sheet)
    laid = pages(cards, sheet)
    inked: list[list[Ink]] = []
    for page in laid:
        pdf.add_page(format=(page.width, page.height))
        inks: list[Ink] = []
        for x1, y1, x2, y2 in page.marks:
            inks.append(Rule(x1, y1, x2, y2, MARK_INK, 0.5))
        for placed in page.cards:
            inks += face(placed, metrics)
        for ink in inks:
            _paint(pdf, metrics, ink)
        inked.append(inks)
    return Printed(bytes(pdf.output()), laid, inked)
