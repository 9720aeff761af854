"""What a 3x5 card says, front and back, and the call sheet kept in view while a contact
is logged: rich renderables, drawn the same by the CLI and the TUI."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from carddeck.deck.clock import now as clock_now
from carddeck.deck.clock import wall
from carddeck.deck.fields import display_phone
from carddeck.deck.money import format_value
from carddeck.deck.settings import Settings
from carddeck.store.kinds import OPEN_STATUSES, Status
from carddeck.words import plural

if TYPE_CHECKING:
    from carddeck.deck.port import AnyCard, AnyContact


def when(moment: datetime | None, *, now: datetime | None = None, long: bool = False,
         marked: bool = True) -> Text:  # fmt: skip
    """A follow-up time, red when overdue, yellow when due today, and said so in words
    unless ``marked`` is off (a list in sections says it already); ``long`` adds the day
    and the year."""
    if moment is None:
        return Text("none: cold!", style="bold red")
    now = now or clock_now()
    local, today = wall(moment), wall(now).date()
    if long:
        shown = local.strftime("%a %d %b %Y %H:%M")
    else:
        shown = local.strftime("%d %b %H:%M" if local.year == today.year else "%d %b %Y")
    state = due(moment, now=now)
    if state == "late":
        return Text(f"{shown} late" if marked else shown, style="bold red")
    if state == "today":
        return Text(f"{shown} today" if marked else shown, style="bold yellow")
    return Text(shown)


Due = Literal["cold", "late", "today", "ahead"]


def due(moment: datetime | None, *, now: datetime | None = None) -> Due:
    """How a follow-up time stands today: none at all (cold), before today, today, ahead."""
    if moment is None:
        return "cold"
    today = wall(now or clock_now()).date()
    day = wall(moment).date()
    return "late" if day < today else "today" if day == today else "ahead"


def gauge(value: int | None, *, short: bool = False) -> Text:
    """A 1-10 score as a bar: red to 3, yellow to 6, green above."""
    if value is None:
        return Text("-" + " " * 9, style="dim")
    style = "red" if value <= 3 else "yellow" if value <= 6 else "green"
    number = f" {value}" if short else f" {value}/10"
    return Text.assemble(("█" * value, style), ("░" * (10 - value), "dim"), number)


def status_text(card: AnyCard) -> str:
    text = card.status.value.replace("_", " ")
    if card.status == Status.lost and card.lost_reason:
        text += f" ({clipped(card.lost_reason, SHORT)})"
    return text


def phone_of(card: AnyCard, settings: Settings, *, quick: bool = False) -> str | None:
    """The card's phone as people read it in the owner's region (``quick``: see
    fields.display_phone)."""
    return display_phone(card.phone, settings.phone_region, quick=quick)


def _lines(rows: Iterable[tuple[str, RenderableType | str | None]]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold blue", no_wrap=True, width=9)
    grid.add_column(overflow="fold")
    for label, value in rows:
        if value is not None and value != "":
            grid.add_row(label, value)
    return grid


def who(card: AnyCard) -> Text:
    """The name in bold, then title and company."""
    line = Text(clipped(card.name, SHORT) or "", style="bold")
    if card.title or card.company:
        parts = (clipped(p, SHORT) for p in (card.title, card.company) if p)
        line.append("  " + ", ".join(p for p in parts if p), style="italic")
    return line


def _attempts(card: AnyCard, goal: int) -> Text:
    attempts = Text(f"{card.attempts}/{goal}")  # goal: the cadence's number of attempts
    if card.attempts >= goal:
        attempts.stylize("bold green")
    return attempts


def front(
    card: AnyCard,
    settings: Settings,
    *,
    now: datetime | None = None,
    compact: bool = False,
    quick: bool = False,
) -> Group:
    """Who, how to reach them, when, attempts, the two gauges, and the notch note.

    ``compact`` fits a small card: both gauges on one line, one rule fewer. ``quick``: the
    phone as stored until phonenumbers is loaded (a screen's first paint).
    """
    source = clipped(card.source, SHORT) or ""
    if card.referred_by:
        source = f"{source} (referred by {clipped(card.referred_by, SHORT)})".strip()
    nxt = when(card.next_follow_up, now=now, long=True) if card.status in OPEN_STATUSES else None
    check_in = None  # a customer's next check-in for a repeat sale
    if card.status == Status.won:
        check_in = (when(card.next_follow_up, now=now, long=True)
                    if card.next_follow_up is not None else "none planned")  # fmt: skip
    fields: list[tuple[str, RenderableType | str | None]] = [
        ("phone", clipped(phone_of(card, settings, quick=quick), SHORT)),
        ("email", clipped(card.email, SHORT)),
        ("web", clipped(card.website, SHORT)),
        ("source", source or None),
        ("seller", clipped(card.owner, SHORT)),  # on a shared deck: who works it
        ("status", f"{status_text(card)} · {card.kind.value} · {card.stage.value}"),
        ("next", nxt),
        ("check in", check_in),
        ("value", format_value(card.value, settings.currency) or None),
        ("attempts", _attempts(card, settings.goal)),
    ]
    notch = Text.assemble(
        ("one notch up: ", "bold"), (clipped(card.notch) or "(ask them)", "bold magenta")
    )
    if not compact:
        fields += [("rating", gauge(card.rating)), ("interest", gauge(card.interest))]
        return Group(who(card), Rule(style="red"), notch, Rule(style="blue"), _lines(fields))
    gauges = Text.assemble(
        ("rating ", "bold blue"),
        gauge(card.rating, short=True),
        ("  interest ", "bold blue"),
        gauge(card.interest, short=True),
    )
    return Group(who(card), Rule(style="red"), notch, _lines(fields), gauges)


def contact_line(contact: AnyContact, room: int | None = None, *, compact: bool = False) -> Text:
    """One contact: when, how, the answers, the notch and the summary; ``compact`` keeps
    it to one line (``room`` long) for a small card."""
    if compact:
        said = "no answer" if not contact.reached else (
            f"{contact.rating}{'→' + str(contact.rating_after) if contact.rating_after else ''}"
            f"/{contact.interest}"
        )  # fmt: skip
        line = Text(f"{wall(contact.at):%d %b} {contact.channel.value} ", style="bold")
        line.append(said, style="dim" if not contact.reached else "")
        if contact.summary or contact.notch:
            line.append(f" · {clipped(contact.summary or contact.notch, room or SHORT)}")
        line.truncate(room or 80, overflow="ellipsis")
        return line
    at = wall(contact.at).strftime("%d %b %H:%M")
    line = Text(f"{at} {contact.channel.value:<7} ", style="bold")
    if not contact.reached:
        line.append("no answer", style="dim")
    else:
        after = f"→{contact.rating_after}" if contact.rating_after else ""
        line.append(f"rated {contact.rating}{after}, interest {contact.interest}")
        if contact.notch:
            line.append(f"\n  notch: {clipped(contact.notch, room)}", style="italic")
    if contact.summary:
        line.append(f"\n  {clipped(contact.summary, room)}")
    return line


def recap(contacts: Sequence[AnyContact]) -> str | None:
    """What to open the next call with: the newest summary."""
    return next((c.summary for c in contacts if c.summary), None)


def ladder(contacts: Sequence[AnyContact]) -> list[int]:
    """Their interest, answered contact by answered contact, oldest first."""
    return [c.interest for c in reversed(contacts) if c.reached and c.interest is not None]


def ladder_line(steps: list[int]) -> Text:
    """Interest contact by contact: the sparkline, and the numbers (the first two and the
    last when there are many)."""
    from carddeck.deck.stats import sparkline  # stats brings statistics: not for the front

    shown = [str(v) for v in steps]
    if len(shown) > 5:
        shown = [*shown[:2], "…", shown[-1]]
    return Text(f"{sparkline(steps[-12:])}  interest {' → '.join(shown)}")


#: The most of one field a face shows: a 50 MB note imported from a file is kept whole in
#: the deck (and in exports), but drawing all of it would take minutes.
MAX_SHOWN = 3000
SHORT = 200  # a name, a company, an address: one line's worth and then some


def clipped(text: str | None, room: int | None = None) -> str | None:
    """``text`` cut to about ``room`` characters (at most ``MAX_SHOWN``) with a mark, when
    it would run longer; a long cut says how much more there is."""
    limit = min(room or MAX_SHOWN, MAX_SHOWN)
    if text is None or len(text) <= limit:
        return text
    if limit >= MAX_SHOWN:
        more = f"{len(text) - limit:,}"
        return text[:limit].rstrip() + f"… ({more} more characters: carddeck export has them all)"
    return text[: max(1, limit - 1)].rstrip() + "…"


def further(card: AnyCard, settings: Settings | None = None) -> str | None:
    """The card's further emails and phones, one a line (phones as people read them in
    the owner's region, given ``settings``)."""
    phones = [line for line in (card.other_phones or "").split("\n") if line.strip()]
    if settings is not None:
        phones = [display_phone(p, settings.phone_region) or p for p in phones]
    emails = [line for line in (card.other_emails or "").split("\n") if line.strip()]
    return "\n".join(phones + emails) or None


def back(card: AnyCard, contacts: Sequence[AnyContact], *, shown: int | None = None,
         room: int | None = None, compact: bool = False,
         settings: Settings | None = None) -> Group:  # fmt: skip
    """Whose card it is, the recap to open the next call with, what they told us, need,
    notes, where they are and their further emails and phones, and the contact history,
    newest first: ``shown`` of them, and how many more. ``room`` cuts each long text to
    about that many characters, with a mark."""
    said = clipped(recap(contacts), room)
    steps = ladder(contacts)
    listed = contacts if shown is None else contacts[: max(0, shown)]
    line_room = room + 10 if compact and room else room  # a compact line has no label column
    history: list[RenderableType] = [contact_line(c, line_room, compact=compact) for c in listed]
    if not contacts:
        history.append(Text("no contact yet", style="dim"))
    more = len(contacts) - len(listed)
    if more:
        older = "older contact" if listed else "contact"
        history.append(Text(f"… and {plural(more, older)} (carddeck show {card.id})",
                            style="italic dim"))  # fmt: skip
    return Group(
        who(card),
        Rule(style="red"),
        _lines(
            [
                ("recap", Text(said, style="bold") if said else None),
                ("they said", clipped(card.known, room)),
                ("need", clipped(card.need, room)),
                ("notes", clipped(card.notes, room)),
                ("address", clipped(card.address, room)),
                ("also", clipped(further(card, settings), room)),
                ("ladder", ladder_line(steps) if len(steps) > 1 else None),
            ]
        ),
        Rule("contacts, newest first", style="blue"),
        *history,
    )


def call_sheet(card: AnyCard, contacts: Sequence[AnyContact], settings: Settings, *,
               width: int = 76) -> Group:  # fmt: skip
    """Everything needed on the phone, in a few lines of ``width``: who, how to reach them,
    the notch note, the recap, what they told us and their need (two lines each at most,
    cut with a mark), attempts and the last ratings."""
    room = max(10, width - 10)  # beside the labels
    phone, email = phone_of(card, settings), card.email
    reach = " · ".join(p for p in (phone, email) if p)
    status = Text(f"attempts {card.attempts}/{settings.goal}")
    if card.rating is not None:
        status.append(f" · rated {card.rating} · interest {card.interest}")
    status.append(f" · {card.stage.value}")
    if card.source:
        status.append(f" · {card.source}")
    rows: list[tuple[str, RenderableType | str | None]] = []
    if len(reach) <= room:
        rows.append(("reach", reach or None))
    else:
        rows += [("phone", phone), ("email", clipped(email, room))]
    two = 2 * room - room // 4  # two lines, less what wrapping on words may waste
    rows += [
        ("notch", clipped(card.notch, two)),
        ("recap", clipped(recap(contacts), two)),
        ("they said", clipped(card.known, two)),
        ("need", clipped(card.need, room)),
        ("", status),
    ]
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(style="bold blue", no_wrap=True, width=9)
    grid.add_column(overflow="fold", ratio=1)
    for label, value in rows:
        if value is not None and value != "":
            grid.add_row(label, " ".join(value.split()) if isinstance(value, str) else value)
    return Group(who(card), grid)
