"""Today's calls, in five sections: overdue, due today, new leads in their first-contact
window, cold cards (open with no next date, or overdue by more than the cold threshold
in business days), and customers to check in (won, their check-in by the end of today).
Each card falls in at most one section; the CLI's ``today`` and the screen's today view
both read these definitions (the lines between sections are drawn by ``windows.bounds``,
the conditions on them in ``store/ormreads.py`` and ``store/litereads.py``, held equal by a
test)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from carddeck.deck import clock
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.deck.windows import bounds, hours_left
from carddeck.store.reading import SECTIONS, Bounds, Section

if TYPE_CHECKING:
    from sqlmodel import Session

    from carddeck.deck.port import AnyCard, DeckPort
    from carddeck.deck.reads import ReadPort


def whose(owner: str | None) -> list[Any]:
    """The condition for the cards ``owner`` works (None: everyone's: no condition)."""
    from carddeck.store.ormreads import whose as owned

    return owned(owner)


@dataclass
class NewLead:
    """A lead not yet contacted, and the working hours left in its window (negative: late)."""

    card: AnyCard
    due: datetime
    hours_left: float


@dataclass
class Agenda:
    """Today's calls; with a limit, each section holds its first cards only, and ``counts``
    says how many the section holds in all."""

    overdue: list[AnyCard] = field(default_factory=list)
    due_today: list[AnyCard] = field(default_factory=list)
    new: list[NewLead] = field(default_factory=list)
    cold: list[AnyCard] = field(default_factory=list)
    customers: list[AnyCard] = field(default_factory=list)
    counts: dict[Section, int] = field(default_factory=dict)
    limit: int | None = None

    def cards(self, section: Section) -> list[AnyCard]:
        """The cards shown of a worked section (overdue, due today, cold, customers); the
        new leads, each with its window, are ``new``."""
        worked: dict[Section, list[AnyCard]] = {
            Section.overdue: self.overdue, Section.due_today: self.due_today,
            Section.cold: self.cold, Section.customers: self.customers,
        }  # fmt: skip
        return worked[section]

    def shown(self, section: Section) -> int:
        return len(self.new if section == Section.new else self.cards(section))

    def more(self, section: Section) -> int:
        """How many cards of the section were left out by the limit."""
        return self.counts.get(section, self.shown(section)) - self.shown(section)

    @property
    def total(self) -> int:
        """How many calls today holds, shown or not."""
        return sum(self.counts.get(s, self.shown(s)) for s in SECTIONS)

    @property
    def cut(self) -> bool:
        return any(self.more(s) for s in SECTIONS)

    def __len__(self) -> int:
        return sum(self.shown(s) for s in SECTIONS)


def today(
    deck: Session | DeckPort | ReadPort,
    *,
    now: datetime | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    owner: str | None = None,
    limit: int | None = None,
) -> Agenda:
    """Who to call today, in the order to call them (of ``owner``'s cards, if given); with
    a ``limit``, the first of each section and how many each holds."""
    from carddeck.deck.reads import reads_of

    reads = reads_of(deck)
    now = now or clock.now()
    lines = bounds(now, settings)
    agenda = Agenda(limit=limit)
    for section in SECTIONS:
        total, cards = reads.section(section, lines, owner=owner, limit=limit)
        agenda.counts[section] = total
        if section == Section.new:
            for card in cards:
                due, left = hours_left(card.created_at, card.next_follow_up, now, settings)
                agenda.new.append(NewLead(card, due, left))
        else:
            agenda.cards(section).extend(cards)
    return agenda


__all__ = [
    "SECTIONS",
    "Agenda",
    "Bounds",
    "NewLead",
    "Section",
    "bounds",
    "hours_left",
    "today",
    "whose",
]
