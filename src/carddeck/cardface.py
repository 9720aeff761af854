"""What a 3x5 card says, front and back, as rich renderables: shared by the CLI and the TUI."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from carddeck.deck.clock import now as clock_now
from carddeck.deck.clock import wall
from carddeck.deck.contacts import ATTEMPTS_GOAL
from carddeck.deck.stats import sparkline
from carddeck.store.models import OPEN_STATUSES, Card, Contact, Status


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


def gauge(value: int | None, *, short: bool = False) -> Text:
    """A 1-10 score as a bar: red to 3, yellow to 6, green above."""
    if value is None:
        return Text("-" + " " * 9, style="dim")
    style = "red" if value <= 3 else "yellow" if value <= 6 else "green"
    number = f" {value}" if short else f" {value}/10"
    return Text.assemble(("█" * value, style), ("░" * (10 - value), "dim"), number)


def status_text(card: Card) -> str:
    text = card.status.value.replace("_", " ")
    if card.status == Status.lost and card.lost_reason:
        text += f" ({card.lost_reason})"
    return text


def _lines(rows: Iterable[tuple[str, RenderableType | str | None]]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold blue", no_wrap=True, width=9)
    grid.add_column(overflow="fold")
    for label, value in rows:
        if value is not None and value != "":
            grid.add_row(label, value)
    return grid


def front(
    card: Card, *, now: datetime | None = None, compact: bool = False, goal: int = ATTEMPTS_GOAL
) -> Group:
    """Who, how to reach them, when, attempts, the two gauges, and the notch note.

    ``compact`` fits a small card: both gauges on one line, one rule fewer.
    """
    who = Text(card.name, style="bold")
    if card.title or card.company:
        who.append("  " + ", ".join(p for p in (card.title, card.company) if p), style="italic")
    source = card.source or ""
    if card.referred_by:
        source = f"{source} (referred by {card.referred_by})".strip()
    attempts = Text(f"{card.attempts}/{goal}")  # goal: the cadence's number of attempts
    if card.attempts >= goal:
        attempts.stylize("bold green")
    nxt = when(card.next_follow_up, now=now, long=True) if card.status in OPEN_STATUSES else None
    fields: list[tuple[str, RenderableType | str | None]] = [
        ("phone", card.phone),
        ("email", card.email),
        ("web", card.website),
        ("source", source or None),
        ("status", f"{status_text(card)} · {card.kind.value} · {card.stage.value}"),
        ("next", nxt),
        ("attempts", attempts),
    ]
    notch = Text.assemble(("one notch up: ", "bold"), (card.notch or "(ask them)", "bold magenta"))
    if not compact:
        fields += [("rating", gauge(card.rating)), ("interest", gauge(card.interest))]
        return Group(who, Rule(style="red"), notch, Rule(style="blue"), _lines(fields))
    gauges = Text.assemble(
        ("rating ", "bold blue"),
        gauge(card.rating, short=True),
        ("  interest ", "bold blue"),
        gauge(card.interest, short=True),
    )
    return Group(who, Rule(style="red"), notch, _lines(fields), gauges)


def contact_line(contact: Contact) -> Text:
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


def back(card: Card, contacts: list[Contact]) -> Group:
    """The recap to open the next call with, what they told us, need, notes, and history."""
    recap = next((c.summary for c in contacts if c.summary), None)
    ladder = [c.interest for c in reversed(contacts) if c.reached and c.interest is not None]
    history: list[RenderableType] = [contact_line(c) for c in contacts] or [
        Text("no contact yet", style="dim")
    ]
    return Group(
        _lines(
            [
                ("recap", Text(recap, style="bold") if recap else None),
                ("they said", card.known),
                ("need", card.need),
                ("notes", card.notes),
                (
                    "ladder",
                    Text(f"{sparkline(ladder)}  interest {' → '.join(map(str, ladder))}")
                    if len(ladder) > 1
                    else None,
                ),
            ]
        ),
        Rule("contacts, newest first", style="blue"),
        *history,
    )
