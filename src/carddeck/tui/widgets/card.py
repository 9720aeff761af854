"""The current card drawn as a 3x5 index card, with the edges of the next cards behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Static

if TYPE_CHECKING:
    from carddeck.deck.settings import Settings
    from carddeck.store.models import Card, Contact

#: 10 columns for every 3 rows looks 5:3 on a terminal, whose cells are about 1:2.
ASPECT = 0.3
STACK = 2  # cards showing behind the current one
MIN_WIDTH, MIN_HEIGHT = 44, 13
MAX_WIDTH = 64  # a card, not a wall: the deck list takes what is left
RULE_COLOUR = "#c5d3e8"
FACES_KEPT = 8  # the card shown, both sides, and its neighbours'
_RULE_STYLE = Style.parse(RULE_COLOUR)
#: What the card says when the view shows none (a search that found none says so instead).
EMPTY = "No cards here.\n\nPress a to add one, or 1-6 for the other views."


class IndexCard(Static):
    """One card: front or back of the current lead."""


class Ruled:
    """A card face's lines, rendered once (to learn how many it takes), then faint blue
    rules down to the bottom, like a ruled index card."""

    def __init__(self, lines: list[list[Segment]], rules: int) -> None:
        self.lines = lines
        self.rules = rules

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines:
            yield from line
            yield Segment.line()
        # The segments a Rule(style=RULE_COLOUR) renders to, made once for all the rules.
        rule = Segment("─" * options.max_width, _RULE_STYLE)
        for _ in range(self.rules):
            yield rule
            yield Segment.line()


def stack_width(width: int, height: int) -> int:
    """How wide the stack draws in ``width`` x ``height`` (the card, its edges, padding)."""
    room_w, room_h = width - 2 * STACK - 1, height - STACK - 1
    card_w = max(MIN_WIDTH, min(room_w, MAX_WIDTH, int(room_h / ASPECT)))
    return card_w + 2 * STACK + 1


class CardStack(Container):
    """The current card on top of the edges of the next few, sized 5:3 to fit."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._fitted: tuple[int, int] | None = None  # the card's width and height
        #: How many edges show behind the card, once they are mounted (``_edges``).
        self._behind = 0
        #: Faces made, by (card, contacts, side, sizes): see ``face``.
        self._faces: dict[tuple[int, int, bool, Size, Size, bool],
                          tuple[Card, list[Contact], RenderableType]] = {}  # fmt: skip

    class Fitted(Message):
        """The card changed size: its face may need redrawing (compact or not)."""

    def compose(self) -> ComposeResult:
        # The edges of the cards behind are not in the frame: how many there are comes with
        # the first card, and they are mounted once it is painted (``_edges``): two widgets
        # less to style and lay out before it.
        yield IndexCard(id="card")

    def _edges(self) -> None:
        """Mount the edges behind the card (once, after its first paint), sized as it is."""
        if not self.is_attached or self.query(".edge"):
            return
        card = self.query_one(IndexCard)
        edges = [Static(classes=f"edge depth{depth}") for depth in range(STACK, 0, -1)]
        if self._fitted is not None:
            self._fit_all([*edges, card], *self._fitted)
        for depth, edge in enumerate(reversed(edges), start=1):
            edge.display = self._behind >= depth
        self.mount_all(edges, before=card)

    def on_resize(self, event: Resize) -> None:
        self.fit(self.content_size.width, self.content_size.height)

    def fit(self, width: int, height: int) -> None:
        room_w, room_h = width - 2 * STACK - 1, height - STACK
        card_w = max(MIN_WIDTH, min(room_w, MAX_WIDTH, int(room_h / ASPECT)))
        card_h = max(MIN_HEIGHT, min(room_h, round(card_w * ASPECT)))
        if (card_w, card_h) == self._fitted:
            return  # the size it has (fitted before the first layout, then resized to it)
        self._fitted = (card_w, card_h)
        self._fit_all(list(self.query(Static)), card_w, card_h)
        if self.is_mounted:
            self.call_after_refresh(self.post_message, self.Fitted())

    @staticmethod
    def _fit_all(widgets: list[Static], width: int, height: int) -> None:
        """The edges and the card (last, on top) sized alike, each edge a step further back."""
        for index, widget in enumerate(widgets):
            widget.styles.width = width
            widget.styles.height = height
            depth = len(widgets) - 1 - index
            widget.styles.offset = (2 * depth, depth)

    def _lines(self, body: RenderableType, width: int) -> list[list[Segment]]:
        """``body`` rendered ``width`` wide, as the card's face renders it."""
        options = self.app.console_options.update(highlight=False, width=width, height=None)
        return self.app.console.render_lines(body, options, pad=False)

    def _used(self, body: RenderableType, width: int) -> int:
        return len(self._lines(body, width))

    def ruled(self, body: RenderableType, face: IndexCard) -> RenderableType:
        """The body, then faint blue rules down to the bottom, like a ruled index card
        (the body is rendered once, here: Textual draws the lines as they are)."""
        width, height = face.content_size
        if width <= 0 or height <= 0:
            return body
        lines = self._lines(body, width)
        return Ruled(lines, max(0, height - len(lines)))

    def _back(self, card: Card, contacts: list[Contact], face: IndexCard,
              settings: Settings) -> RenderableType:  # fmt: skip
        """The back with as many contacts as fit, and how many more there are; long texts
        are cut with a mark before the newest contact is given up. Nothing is cut off
        without a word."""
        from carddeck.render import cardface

        width, height = face.content_size
        body = cardface.back(card, contacts, settings=settings)
        if width <= 0 or height <= 0 or self._used(body, width) <= height:
            return body
        text_width = max(10, width - 10)  # the label column takes the rest
        least = 1 if contacts else 0
        for lines, compact in ((None, False), (3, False), (2, False), (1, False), (1, True)):
            room = None if lines is None else text_width * lines
            for shown in range(len(contacts), least - 1, -1):
                body = cardface.back(card, contacts, shown=shown, room=room, compact=compact,
                                     settings=settings)  # fmt: skip
                if self._used(body, width) <= height:
                    return body
        return cardface.back(card, contacts, shown=0, room=text_width, compact=True,
                             settings=settings)  # fmt: skip

    def face(self, card: Card, contacts: list[Contact], settings: Settings, *,
             flipped: bool) -> RenderableType:  # fmt: skip
        """The front or back of ``card`` as drawn at the card's size now, made once: a face
        drawn before (or made ahead by ``prepare``) is taken as it is while the card, its
        contacts (the very objects read) and the size stay the same."""
        from carddeck.deck.fields import phones_loaded

        face = self.query_one(IndexCard)
        # a front made before phonenumbers was loaded shows the phone as stored: not kept after
        key = (id(card), id(contacts), flipped, face.size, face.content_size, phones_loaded())
        made = self._faces.get(key)
        if made is not None and made[0] is card and made[1] is contacts:
            return made[2]
        from carddeck.render import cardface

        if flipped:
            body = self._back(card, contacts, face, settings)
        else:
            # the phone as stored until phonenumbers is loaded (the first paint only: the
            # screen's reading thread loads it before the deck's full read redraws)
            body = cardface.front(card, settings, compact=face.size.height < 16, quick=True)
        drawn = self.ruled(body, face)
        self._faces[key] = (card, contacts, drawn)
        while len(self._faces) > FACES_KEPT:
            del self._faces[next(iter(self._faces))]
        return drawn

    def prepare(self, card: Card, contacts: list[Contact], settings: Settings, *,
                flipped: bool) -> None:  # fmt: skip
        """Make a face ahead of its key (the other side of the card shown, the next card's
        front), once the screen is drawn and waiting."""
        if self.is_attached and self.query_one(IndexCard).content_size.area:
            self.face(card, contacts, settings, flipped=flipped)

    def show(
        self,
        card: Card | None,
        contacts: list[Contact],
        settings: Settings,
        *,
        flipped: bool,
        place: str,
        behind: int,
        empty: str = EMPTY,
    ) -> None:
        """Draw ``card`` (front, or back when ``flipped``); ``behind`` cards show as edges;
        with no card, ``empty`` says why."""
        face = self.query_one(IndexCard)
        drawn: RenderableType
        if card is None:
            body = Text(empty)
            drawn = self.ruled(body, face)
            face.border_title = "empty"
            face.border_subtitle = ""
        else:
            drawn = self.face(card, contacts, settings, flipped=flipped)
            face.border_title = f"#{card.id} · {place}"
            face.border_subtitle = "back · space: front" if flipped else "front · space: back"
            # the other side, made while the owner reads this one
            self.call_after_refresh(self.prepare, card, contacts, settings, flipped=not flipped)
        face.update(drawn, layout=False)  # its size is fit()'s, not its text's
        self._behind = behind
        edges = list(self.query(".edge"))
        if not edges:  # mounted once the first card is painted
            self.call_after_refresh(self._edges)
        for depth, edge in enumerate(reversed(edges), start=1):
            edge.display = behind >= depth

    def failed(self, line: str) -> None:
        """The deck could not be opened: ``line`` says why, where the card would be."""
        face = self.query_one(IndexCard)
        face.border_title = "no deck"
        face.border_subtitle = ""
        face.update(Text(line, style="bold red", overflow="fold"), layout=False)
        self._behind = 0
        for edge in self.query(".edge"):
            edge.display = False
