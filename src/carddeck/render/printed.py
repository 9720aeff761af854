"""What a printed 3x5 card says, front and back, as plain data: the same fields, words and
cuts ``carddeck show`` draws, for a sheet of paper instead of a terminal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from carddeck.deck.money import format_value
from carddeck.deck.settings import Settings
from carddeck.render import cardface
from carddeck.render.cardface import SHORT, clipped
from carddeck.store.models import OPEN_STATUSES, Card, Contact, Status

#: How a line is inked: as written, bold, red (late, cold), amber (due today), or faint.
Tone = Literal["plain", "strong", "late", "today", "faint"]

#: The contacts a back lists at most, newest first (the rest are counted); fewer fit
#: when the card says a lot.
CONTACTS_LISTED = 8
#: The most of one text handed to the sheet: more never fits a 3x5 card, and measuring
#: a 50 MB note letter by letter would take minutes.
ROOM = 600


@dataclass(frozen=True)
class Line:
    """One labelled entry, taking up to ``lines`` ruled lines (cut with a mark after)."""

    label: str
    text: str
    lines: int = 1
    tone: Tone = "plain"


@dataclass(frozen=True)
class PrintedCard:
    """A card as printed: the header both faces share, the front's entries and gauges,
    the back's entries and its latest contacts."""

    id: int
    name: str
    #: Title and company, under the name.
    subtitle: str
    #: Status, kind and stage, at the top corner of the front.
    status: str
    notch: str
    front: tuple[Line, ...]
    attempts: str
    attempts_done: bool
    rating: int | None
    interest: int | None
    back: tuple[Line, ...]
    #: The latest contacts, newest first, one line each.
    contacts: tuple[str, ...]
    #: Contacts older than those listed.
    older: int

    @property
    def ref(self) -> str:
        return f"#{self.id}"


def _tone(moment: datetime | None, now: datetime | None) -> Tone:
    state = cardface.due(moment, now=now)
    return "late" if state in ("late", "cold") else "today" if state == "today" else "plain"


def _lines(entries: list[Line | None]) -> tuple[Line, ...]:
    return tuple(e for e in entries if e is not None and e.text.strip())


def _entry(label: str, text: str | None, lines: int = 1, tone: Tone = "plain") -> Line | None:
    shown = clipped(text, ROOM)
    return None if shown is None else Line(label, " ".join(shown.split()), lines, tone)


def printed_card(
    card: Card, contacts: list[Contact], settings: Settings, *, now: datetime | None = None
) -> PrintedCard:
    """The card laid out for paper: ``contacts`` newest first, as ``contacts_of`` gives."""
    source = clipped(card.source, SHORT) or ""
    if card.referred_by:
        source = f"{source} (referred by {clipped(card.referred_by, SHORT)})".strip()
    is_open = card.status in OPEN_STATUSES
    nxt = cardface.when(card.next_follow_up, now=now, long=True).plain if is_open else None
    check_in = None  # a customer's next check-in for a repeat sale, as show draws it
    if card.status == Status.won:
        check_in = (cardface.when(card.next_follow_up, now=now, long=True).plain
                    if card.next_follow_up is not None else "none planned")  # fmt: skip
    also = " · ".join((cardface.further(card, settings) or "").split("\n"))
    address = ", ".join(line.strip() for line in (card.address or "").splitlines() if line.strip())
    front = _lines(
        [
            _entry("phone", cardface.phone_of(card, settings)),
            _entry("email", card.email),
            _entry("web", card.website),
            _entry("address", address),
            _entry("source", source),
            _entry("seller", card.owner),
            _entry("next", nxt, tone=_tone(card.next_follow_up, now)),
            _entry(
                "check in",
                check_in,
                tone=_tone(card.next_follow_up, now) if card.next_follow_up else "plain",
            ),
            _entry("value", format_value(card.value, settings.currency)),
        ]
    )
    steps = cardface.ladder(contacts)
    said = cardface.recap(contacts)
    back = _lines(
        [
            _entry("recap", said, 2, "strong"),
            _entry("they said", card.known, 2),
            _entry("need", card.need),
            _entry("notes", card.notes),
            _entry("also", also),
            _entry("ladder", cardface.ladder_line(steps).plain if len(steps) > 1 else None),
        ]
    )
    listed = contacts[:CONTACTS_LISTED]
    subtitle = ", ".join(p for p in (clipped(card.title, SHORT), clipped(card.company, SHORT)) if p)
    return PrintedCard(
        id=card.id or 0,
        name=" ".join((clipped(card.name, SHORT) or "").split()),
        subtitle=" ".join(subtitle.split()),
        status=f"{cardface.status_text(card)} · {card.kind.value} · {card.stage.value}",
        notch=" ".join((clipped(card.notch, ROOM) or "(ask them)").split()),
        front=front,
        attempts=f"{card.attempts}/{settings.goal}",
        attempts_done=card.attempts >= settings.goal,
        rating=card.rating,
        interest=card.interest,
        back=back,
        contacts=tuple(
            " ".join(cardface.contact_line(c, ROOM, compact=True).plain.split()) for c in listed
        ),
        older=len(contacts) - len(listed),
    )
