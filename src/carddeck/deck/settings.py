"""The owner's working rules that the method relies on (defaults until a config file exists)."""

from __future__ import annotations

from datetime import date, time
from typing import NamedTuple


class Settings(NamedTuple):
    """Phone region, working week, holidays, the owner's usual hour for calls, targets.
    A named tuple (``_replace`` makes one with changes): frozen as a frozen dataclass is, and
    made in a tenth of its time (every command, and the screen, load it as they start)."""

    phone_region: str = "US"
    work_days: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    usual_hour: time = time(9, 0)
    #: New leads are followed up within this many hours of working days.
    first_contact_hours: int = 24
    holidays: frozenset[date] = frozenset()
    #: A country's public holidays are days off too (ISO code such as "US"; empty: none),
    #: with a subdivision's own (a state or region code such as "CA"; empty: none).
    holiday_country: str = ""
    holiday_subdivision: str = ""
    default_channel: str = "call"
    #: Business days, counted from the first unanswered attempt (day 1), of each attempt.
    cadence: tuple[int, ...] = (1, 2, 4, 7, 10, 14, 21)
    #: An open card overdue by more than this many business days is cold.
    cold_after_days: int = 5
    #: The view the screen opens on: "auto" (today when anything is due, else the deck),
    #: or always "deck", "today", "cold" or "closed".
    start_view: str = "auto"
    #: How many cards ``today`` shows of each section, and ``list --due`` of the day's
    #: list, before saying how many more there are (0: all of them).
    daily_limit: int = 50
    #: How many daily backups of the deck to keep (one is taken before each day's first
    #: change).
    backups_kept: int = 7
    #: Who you are on a deck shared with other sellers (empty: your login name).
    seller: str = ""
    # The owner's targets, drawn on the scoreboard against each figure (0: no target).
    #: Leads added in a calendar month.
    target_leads_per_month: int = 0
    #: Won over won plus lost, in percent.
    target_close_rate: int = 0
    #: New leads called within their first-contact window, in percent.
    target_first_contact_share: int = 90
    #: Unanswered attempts before a lead is given up (None: the cadence's length).
    target_attempts: int | None = None
    #: Days after a win (or a repeat sale) to check in with the customer for the next sale.
    check_in_days: int = 90
    #: The ISO code deal values are in ("USD" shows $1,200; others 1,200.00 EUR).
    currency: str = "USD"

    @property
    def goal(self) -> int:
        """How many unanswered attempts before a lead is put to nurture: the cadence's
        length (most leads answer around the seventh; sellers stop at the third)."""
        return len(self.cadence)

    @property
    def attempts_target(self) -> int:
        """The attempts a lead should get before it is given up (0: no target)."""
        return self.goal if self.target_attempts is None else self.target_attempts


DEFAULT_SETTINGS = Settings()
