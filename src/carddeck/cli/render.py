"""Drawing cards, the deck and today's calls with rich."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from carddeck.deck import ATTEMPTS_GOAL, Agenda
from carddeck.deck.clock import now as clock_now
from carddeck.deck.clock import wall
from carddeck.store.models import OPEN_STATUSES, Card, Contact, Status

CARD_WIDTH = 64  # a 3x5 card is 5:3; terminal cells are about 1:2, so 64 x ~19


def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def when(moment: datetime | None, *, now: datetime | None = None, long: bool = False) -> Text:
    """A follow-up time, red when overdue, marked when due today; ``long`` adds day and year."""
    if moment is None:
        return Text("none: cold!", style="bold red")
    now = now or clock_now()
    local, today = wall(moment), wall(now).date()
    if long:
        shown = local.strftime("%a %d %b %Y %H:%M")
    else:
        shown = local.strftime("%d %b %H:%M" if local.year == today.year else "%d %b %Y")
    if local.date() < today:
        return Text(f"{shown} late", style="bold red")
    if local.date() == today:
        return Text(f"{shown} today", style="bold yellow")
    return Text(shown)


def gauge(value: int | None) -> Text:
    if value is None:
        return Text("-", style="dim")
    style = "red" if value <= 3 else "yellow" if value <= 6 else "green"
    return Text.assemble(("█" * value, style), ("░" * (10 - value), "dim"), f" {value}/10")


def status_text(card: Card) -> str:
    text = card.status.value.replace("_", " ")
    if card.status == Status.lost and card.lost_reason:
        text += f" ({card.lost_reason})"
    return text


def _lines(rows: Iterable[tuple[str, RenderableType | str | None]]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold blue", no_wrap=True, width=10)
    grid.add_column(overflow="fold")
    for label, value in rows:
        if value is not None and value != "":
            grid.add_row(label, value)
    return grid


def front(card: Card, rank: int | None = None, total: int | None = None) -> Panel:
    """The front of the 3x5 card: who, how to reach them, when, and the notch note."""
    who = Text(card.name, style="bold")
    if card.title or card.company:
        who.append("  " + ", ".join(p for p in (card.title, card.company) if p), style="italic")
    source = card.source or ""
    if card.referred_by:
        source = f"{source} (referred by {card.referred_by})".strip()
    attempts = Text(f"{card.attempts}/{ATTEMPTS_GOAL}")
    if card.attempts >= ATTEMPTS_GOAL:
        attempts.stylize("bold green")
    body = Group(
        who,
        Rule(style="red"),
        _lines(
            [
                ("phone", card.phone),
                ("email", card.email),
                ("web", card.website),
                ("source", source or None),
                ("status", f"{status_text(card)} · {card.kind.value} · stage {card.stage.value}"),
                (
                    "next",
                    when(card.next_follow_up, long=True) if card.status in OPEN_STATUSES else None,
                ),
                ("attempts", attempts),
                ("rating", gauge(card.rating)),
                ("interest", gauge(card.interest)),
            ]
        ),
        Rule(style="blue"),
        Text.assemble(("one notch up: ", "bold"), card.notch or "(ask them)"),
    )
    place = f" · {rank} of {total}" if rank is not None and total is not None else ""
    return Panel(
        body, title=f"#{card.id}{place}", title_align="left", width=CARD_WIDTH, box=box.SQUARE
    )


def _contact_line(contact: Contact) -> Text:
    at = wall(contact.at).strftime("%d %b %H:%M")
    line = Text(f"{at} {contact.channel.value:<7} ", style="bold")
    if not contact.reached:
        line.append("no answer", style="dim")
    else:
        after = f"→{contact.rating_after}" if contact.rating_after else ""
        line.append(f"rated {contact.rating}{after}, interest {contact.interest}")
        if contact.notch:
            line.append(f"\n  notch: {contact.notch}", style="italic")
    if contact.summary:
        line.append(f"\n  {contact.summary}")
    return line


def back(card: Card, contacts: list[Contact]) -> Panel:
    """The back of the card: recap, what they told us, need, notes, contact history."""
    recap = next((c.summary for c in contacts if c.summary), None)
    history: list[RenderableType] = [_contact_line(c) for c in contacts] or [
        Text("no contact yet", style="dim")
    ]
    body = Group(
        _lines(
            [
                ("recap", Text(recap, style="bold") if recap else None),
                ("they said", card.known),
                ("need", card.need),
                ("notes", card.notes),
            ]
        ),
        Rule("contacts, newest first", style="blue"),
        *history,
    )
    return Panel(body, title="back", title_align="left", width=CARD_WIDTH, box=box.SQUARE)


def one_line(text: str | None) -> Text:
    """A cell that shortens with an ellipsis instead of wrapping onto more lines."""
    return Text(text or "", no_wrap=True, overflow="ellipsis")


def _fit(wanted: list[int], room: int, minimum: list[int]) -> list[int]:
    """Widths for the flexible columns: what they want if it fits, else shares of ``room``."""
    if sum(wanted) <= room:
        return wanted
    first = min(wanted[0], max(minimum[0], room * 3 // 5))
    return [first, max(minimum[1], room - first)]


def deck_table(
    rows: Iterable[tuple[int | None, Card]], *, width: int, ranked: bool = True
) -> Table:
    """The deck as one line per card; names and companies shorten to fit ``width``."""
    now = clock_now()
    lines: list[list[str | Text]] = []
    for rank, card in rows:
        nxt = when(card.next_follow_up, now=now) if card.status in OPEN_STATUSES else Text("")
        status = "dnc" if card.status == Status.do_not_contact else card.status.value
        cells: list[str | Text] = [str(rank)] if ranked else []
        cells += [str(card.id), card.name, card.company or "", status, nxt, str(card.attempts)]
        cells += [str(card.rating or ""), str(card.interest or "")]
        lines.append(cells)
    headers = (["#"] if ranked else []) + [
        "id",
        "name",
        "company",
        "status",
        "next",
        "att",
        "rt",
        "int",
    ]
    flex = [headers.index("name"), headers.index("company")]
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


def agenda_view(agenda: Agenda, *, width: int) -> RenderableType:
    if not len(agenda):
        return Text("Nothing due today. Every open lead has a date ahead.", style="green")
    parts: list[RenderableType] = []

    def section(title: str, cards: list[Card], style: str) -> None:
        if cards:
            parts.append(Rule(f"{title} ({len(cards)})", style=style, align="left"))
            parts.append(deck_table(((None, c) for c in cards), width=width, ranked=False))

    section("overdue", agenda.overdue, "red")
    section("due today", agenda.due_today, "yellow")
    if agenda.new:
        parts.append(Rule(f"new leads, first contact ({len(agenda.new)})", style="cyan"))
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        for name in ("id", "name", "company", "source", "due by", "left"):
            table.add_column(name, no_wrap=name in ("id", "due by", "left"))
        for lead in agenda.new:
            left = Text(f"{lead.hours_left:g}h", style="red" if lead.hours_left < 4 else "")
            if lead.hours_left < 0:
                left = Text(f"late by {-lead.hours_left:g}h", style="bold red")
            table.add_row(
                str(lead.card.id),
                one_line(lead.card.name),
                one_line(lead.card.company),
                one_line(lead.card.source),
                wall(lead.due).strftime("%a %d %b %H:%M"),
                left,
            )
        parts.append(table)
    section("cold: open with no next date", agenda.cold, "blue")
    return Group(*parts)
