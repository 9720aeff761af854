"""The command line's tables and panels: a card in a panel, the deck, today's calls."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from carddeck.deck.clock import now as clock_now
from carddeck.deck.clock import wall
from carddeck.deck.fields import next_date, short_status
from carddeck.deck.settings import Settings
from carddeck.render import cardface
from carddeck.render.cardface import SHORT
from carddeck.words import plural

if TYPE_CHECKING:  # types only: the agenda's module loads the cadence, customers, stats
    from carddeck.deck.agenda import Agenda
    from carddeck.deck.port import AnyCard, AnyContact

CARD_WIDTH = 64  # a 3x5 card is 5:3; terminal cells are about 1:2, so 64 x ~19


def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def front(
    card: AnyCard, settings: Settings, rank: int | None = None, total: int | None = None
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


def back(card: AnyCard, contacts: Sequence[AnyContact], settings: Settings | None = None) -> Panel:
    return Panel(
        cardface.back(card, contacts, settings=settings),
        title="back",
        title_align="left",
        width=CARD_WIDTH,
        box=box.SQUARE,
    )


def plain(cell: str | Text) -> str:
    return cell.plain if isinstance(cell, Text) else cell


RIGHT = {"#", "id", "att", "rt", "int", "left", "sales", "value"}
FLEX = ("name", "company")
#: The least a name gets before other columns give way (a shorter name, its length).
NAME_ROOM, COMPANY_ROOM = 16, 10


def fitted(headers: list[str], lines: list[list[str | Text]], *, width: int,
           drop: Iterable[str] = ()) -> Table:  # fmt: skip
    """A table of ``lines`` in ``width``: the name and company columns take what the others
    leave (shortened with a mark); empty columns, then those in ``drop``, give way while
    a name would get less than its room."""
    columns = list(headers)

    def need(name: str) -> int:
        i = headers.index(name)
        return max([len(name), *(cell_len(plain(line[i])) for line in lines)])  # wide: 2

    def room(cols: list[str]) -> int:
        fixed = sum(need(c) for c in cols if c not in FLEX)
        return width - fixed - 3 * (len(cols) - 1)

    def fits(cols: list[str]) -> bool:
        wanted = min(need("name"), NAME_ROOM)
        if "company" in cols:
            wanted += min(need("company"), COMPANY_ROOM)
        return room(cols) >= wanted

    columns = [c for c in columns if c in FLEX or any(line[headers.index(c)] for line in lines)]
    for name in drop:
        if fits(columns):
            break
        if name in columns:
            columns.remove(name)
    flex = [c for c in FLEX if c in columns]
    left = room(columns)
    widths = {c: need(c) for c in flex}
    if sum(widths.values()) > left:  # share what is left, the name first
        if "company" in widths:
            name_width = min(need("name"), max(NAME_ROOM, left * 3 // 5))
            widths = {"name": name_width, "company": max(6, left - name_width)}
        else:
            widths = {"name": max(8, left)}
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for name in columns:
        if name in widths:
            table.add_column(name, width=widths[name], no_wrap=True, overflow="ellipsis")
        else:  # its width given: rich need not measure every cell again
            table.add_column(name, width=need(name), no_wrap=True,
                             justify="right" if name in RIGHT else "left")  # fmt: skip
    for line in lines:
        table.add_row(*(line[headers.index(c)] for c in columns))
    return table


def deck_table(
    rows: Iterable[tuple[int | None, AnyCard]], settings: Settings, *, width: int,
    ranked: bool = True, calling: bool = False,
) -> Table:  # fmt: skip
    """The deck as one line per card; names and companies shorten to fit ``width``, and
    the columns that matter least give way on a narrow terminal. ``calling`` (today's
    calls) keeps the phone and gives up the status and the company first."""
    now = clock_now()
    lines: list[list[str | Text]] = []
    for rank, card in rows:
        due = next_date(card)  # an open card's follow-up, or a customer's next check-in
        nxt = cardface.when(due, now=now, marked=not calling) if due is not None else ""
        cells: list[str | Text] = [str(rank)] if ranked else []
        cells += [str(card.id), card.name[:SHORT], (card.company or "")[:SHORT]]
        cells += [cardface.phone_of(card, settings) or "", short_status(card.status), nxt]
        cells += [str(card.attempts), str(card.rating or ""), str(card.interest or "")]
        lines.append(cells)
    headers = (["#"] if ranked else []) + [
        "id", "name", "company", "phone", "status", "next", "att", "rt", "int",
    ]  # fmt: skip
    # what a call needs stays longest: the name, the status, the next date and the phone (the
    # ratings are on the card, `show`); at 80 columns the company and the ratings give way,
    # then the place in the deck (the lines are in its order; a big deck's six digits)
    drop = (("status", "company", "rt", "int", "#") if calling
            else ("company", "rt", "int", "#", "phone"))  # fmt: skip
    return fitted(headers, lines, width=width, drop=drop)


def agenda_view(
    agenda: Agenda, settings: Settings, *, width: int, whole: str = "carddeck today --limit 0"
) -> RenderableType:
    """Today's calls in their sections, each titled with how many it holds; a section cut
    short by the limit ends saying how many more there are and ``whole`` to see them."""
    from carddeck.deck.agenda import Section

    if not len(agenda):
        return Text("Nothing due today. Every open lead and customer has a date ahead.",
                    style="green")  # fmt: skip
    parts: list[RenderableType] = []

    def more(part: Section, what: str) -> None:
        left = agenda.more(part)
        if left:
            parts.append(
                Text(
                    f"… and {left:,} more {what}: {whole}",
                    style="dim",
                    no_wrap=True,
                    overflow="ignore",
                )
            )  # whole, to be copied

    def section(title: str, part: Section, style: str, what: str) -> None:
        cards = agenda.cards(part)
        if cards:
            parts.append(Rule(f"{title} ({agenda.counts.get(part, len(cards)):,})", style=style,
                              align="left"))  # fmt: skip
            rows = ((None, c) for c in cards)
            parts.append(deck_table(rows, settings, width=width, ranked=False, calling=True))
            more(part, what)

    section("overdue", Section.overdue, "red", "overdue")
    section("due today", Section.due_today, "yellow", "due today")
    if agenda.new:
        shown = agenda.counts.get(Section.new, len(agenda.new))
        parts.append(Rule(f"new leads, first contact ({shown:,})", style="cyan"))
        lines: list[list[str | Text]] = []
        for lead in agenda.new:
            left = Text(f"{lead.hours_left:g}h", style="red" if lead.hours_left < 4 else "")
            if lead.hours_left < 0:
                left = Text(f"late by {-lead.hours_left:g}h", style="bold red")
            lines.append([
                str(lead.card.id), lead.card.name[:SHORT], (lead.card.company or "")[:SHORT],
                cardface.phone_of(lead.card, settings) or "", (lead.card.source or "")[:SHORT],
                wall(lead.due).strftime("%a %d %b %H:%M"), left,
            ])  # fmt: skip
        headers = ["id", "name", "company", "phone", "source", "due by", "left"]
        parts.append(fitted(headers, lines, width=width, drop=("source", "company")))
        more(Section.new, "new leads")
    days = plural(settings.cold_after_days, "business day")
    section(f"cold: no next date, or overdue by more than {days}", Section.cold, "blue", "cold")
    section("customers to check in", Section.customers, "green", "customers to check in")
    return Group(*parts)
