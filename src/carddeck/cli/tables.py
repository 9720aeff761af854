"""The command line's tables and panels: a card in a panel, the deck, today's calls."""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from carddeck.deck.agenda import Agenda
from carddeck.deck.clock import now as clock_now
from carddeck.deck.clock import wall
from carddeck.deck.fields import short_status
from carddeck.deck.settings import Settings
from carddeck.render import cardface
from carddeck.store.models import OPEN_STATUSES, Card, Contact
from carddeck.words import plural

CARD_WIDTH = 64  # a 3x5 card is 5:3; terminal cells are about 1:2, so 64 x ~19


def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def front(
    card: Card, settings: Settings, rank: int | None = None, total: int | None = None
) -> Panel:
    """The front of the 3x5 card in a panel titled with its place in the deck."""
    place = f" · {rank} of {total}" if rank is not None and total is not None else ""
    return Panel(
        cardface.front(card, settings),
        title=f"#{card.id}{place}",
        title_align="left",
        width=CARD_WIDTH,
        box=box.SQUARE,
    )


def back(card: Card, contacts: list[Contact]) -> Panel:
    return Panel(
        cardface.back(card, contacts),
        title="back",
        title_align="left",
        width=CARD_WIDTH,
        box=box.SQUARE,
    )


def one_line(text: str | None) -> Text:
    """A cell that shortens with an ellipsis instead of wrapping onto more lines."""
    return Text(text or "", no_wrap=True, overflow="ellipsis")


def _fit(wanted: list[int], room: int, minimum: list[int]) -> list[int]:
    """Widths for the flexible columns: what they want if it fits, else shares of ``room``."""
    if sum(wanted) <= room:
        return wanted
    if len(wanted) == 1:
        return [max(minimum[0], room)]
    first = min(wanted[0], max(minimum[0], room * 3 // 5))
    return [first, max(minimum[1], room - first)]


def deck_table(
    rows: Iterable[tuple[int | None, Card]], settings: Settings, *, width: int,
    ranked: bool = True, calling: bool = False,
) -> Table:  # fmt: skip
    """The deck as one line per card; names and companies shorten to fit ``width``. The
    phone column shows when there is room for it; ``calling`` (today's calls) keeps it
    and gives up the company instead on a narrow terminal."""
    now = clock_now()
    lines: list[list[str | Text]] = []
    for rank, card in rows:
        is_open = card.status in OPEN_STATUSES
        nxt = cardface.when(card.next_follow_up, now=now) if is_open else Text("")
        cells: list[str | Text] = [str(rank)] if ranked else []
        cells += [str(card.id), card.name, card.company or ""]
        cells += [cardface.phone_of(card, settings) or "", short_status(card.status), nxt]
        cells += [str(card.attempts), str(card.rating or ""), str(card.interest or "")]
        lines.append(cells)
    headers = (["#"] if ranked else []) + [
        "id", "name", "company", "phone", "status", "next", "att", "rt", "int",
    ]  # fmt: skip
    narrow = width < 100
    drop = []
    if not any(line[headers.index("phone")] for line in lines) or (narrow and not calling):
        drop.append(headers.index("phone"))
    elif narrow:
        drop.append(headers.index("company"))
    for column in drop:
        headers.pop(column)
        for line in lines:
            line.pop(column)
    flex = [headers.index("name")]
    if "company" in headers:
        flex.append(headers.index("company"))
    needed = [
        max([len(headers[i])] + [len(str(line[i])) for line in lines]) for i in range(len(headers))
    ]
    # between two columns: a space of padding each side and the (blank) divider
    room = width - sum(n for i, n in enumerate(needed) if i not in flex) - 3 * (len(headers) - 1)
    fitted = _fit([needed[i] for i in flex], room, [8, 6])
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for i, name in enumerate(headers):
        if i in flex:
            table.add_column(name, width=fitted[flex.index(i)], no_wrap=True, overflow="ellipsis")
        else:
            right = name in ("#", "id", "att", "rt", "int")
            table.add_column(name, no_wrap=True, justify="right" if right else "left")
    for line in lines:
        table.add_row(*line)
    return table


def agenda_view(agenda: Agenda, settings: Settings, *, width: int) -> RenderableType:
    if not len(agenda):
        return Text("Nothing due today. Every open lead has a date ahead.", style="green")
    parts: list[RenderableType] = []

    def section(title: str, cards: list[Card], style: str) -> None:
        if cards:
            parts.append(Rule(f"{title} ({len(cards)})", style=style, align="left"))
            rows = ((None, c) for c in cards)
            parts.append(deck_table(rows, settings, width=width, ranked=False, calling=True))

    section("overdue", agenda.overdue, "red")
    section("due today", agenda.due_today, "yellow")
    if agenda.new:
        parts.append(Rule(f"new leads, first contact ({len(agenda.new)})", style="cyan"))
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        for name in ("id", "name", "company", "phone", "source", "due by", "left"):
            table.add_column(name, no_wrap=name in ("id", "phone", "due by", "left"))
        for lead in agenda.new:
            left = Text(f"{lead.hours_left:g}h", style="red" if lead.hours_left < 4 else "")
            if lead.hours_left < 0:
                left = Text(f"late by {-lead.hours_left:g}h", style="bold red")
            table.add_row(
                str(lead.card.id),
                one_line(lead.card.name),
                one_line(lead.card.company),
                cardface.phone_of(lead.card, settings) or "",
                one_line(lead.card.source),
                wall(lead.due).strftime("%a %d %b %H:%M"),
                left,
            )
        parts.append(table)
    days = plural(settings.cold_after_days, "business day")
    section(f"cold: no next date, or overdue by more than {days}", agenda.cold, "blue")
    return Group(*parts)
