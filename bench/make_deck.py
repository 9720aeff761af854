"""Make a big deck quickly for benchmarks: N realistic cards written in one transaction.

The deck repeats every ``BLOCK`` (1,000) cards: card ``i`` has the status, dates, company
and source of card ``(i - 1) % BLOCK + 1`` (its name, email and phone are its own), so a
deck of 100,000 is a deck of 1,000 a hundred times over and a command given the same
kind of card, or asked for the same page, has the same work to do at both sizes; only
the deck's size differs. Its dates are drawn around the moment it is made (``now``: the
clock's, else given), each open card in one of today's sections by its share below, so
that every section of ``carddeck today`` holds more than a page (the ``daily_limit``
setting's 50) already at 1,000 cards, whatever the hour and the day of the week: at
1,000 a command such as ``today --json`` shows as many cards as at 100,000 (with the
dates fixed, the share due today followed the hour the benchmark ran at).
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from carddeck.deck import clock
from carddeck.deck.agenda import bounds
from carddeck.deck.order import GAP
from carddeck.deck.settings import DEFAULT_SETTINGS
from carddeck.paths import DeckLocation
from carddeck.store import open_store
from carddeck.store.models import stored

FIRST = ["Ann", "Bob", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal", "Ida", "Jo", "Kim", "Lou"]
LAST = ["Lee", "Stone", "Young", "Park", "Adams", "Wray", "Diaz", "Khan", "Novak", "Okafor"]
TRADES = ["Dental", "Roofing", "Bakery", "Fitness", "Realty", "Florist", "Law Group", "Cafe"]
STATUSES = ["new"] * 2 + ["active"] * 6 + ["nurture", "won", "lost", "do_not_contact"]
#: The deck repeats every this many cards.
BLOCK = 1_000
HOURS = timedelta(hours=1)

#: Where a worked (active, nurture) card's next date falls, by share: overdue, due today,
#: cold (overdue past the cold threshold), later. At 1,000 cards: about 145, 115, 85, 235.
WORKED = (("overdue", 0.25), ("due_today", 0.20), ("cold", 0.15), ("later", 0.40))
#: A new lead's: in its first-contact window half the time (a fifth of those undated),
#: else later (about 85 and 85); a won card's check-in: by tonight three times in four
#: (about 60 customers to check in).
IN_WINDOW, UNDATED, CHECK_IN = 0.5, 0.2, 0.75


def profiles(now: datetime) -> list[tuple[str, str, str, str, str, datetime | None, datetime]]:
    """The ``BLOCK`` cards the deck repeats: first and last name, trade, source, status,
    next date, created; dates drawn within today's sections as of ``now``."""
    rng = random.Random(BLOCK)
    lines = bounds(now, DEFAULT_SETTINGS)

    def between(start: datetime, end: datetime) -> datetime:
        moment = start + (end - start) * rng.random()
        return moment.replace(microsecond=0)

    found = []
    for _ in range(BLOCK):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        trade, source = rng.choice(TRADES), rng.choice(["Google Ads", "Referral", "Trade show"])
        status = rng.choice(STATUSES)
        draw, nxt = rng.random(), None
        if status in ("active", "nurture"):
            nxt = {
                "overdue": lambda: between(lines.cold, lines.start),
                "due_today": lambda: between(lines.start, lines.tonight - timedelta(seconds=1)),
                "cold": lambda: between(lines.cold - 300 * HOURS, lines.cold),
                "later": lambda: between(lines.tonight, lines.tonight + 600 * HOURS),
            }[_share(draw, WORKED)]()
        elif status == "new":
            if draw >= IN_WINDOW:
                nxt = between(lines.horizon + HOURS, lines.horizon + 600 * HOURS)
            elif draw >= IN_WINDOW * UNDATED:
                nxt = between(now - 300 * HOURS, lines.horizon)
        elif status == "won":
            late = draw < CHECK_IN
            nxt = between(lines.start - 300 * HOURS, lines.tonight - timedelta(seconds=1)) \
                if late else between(lines.tonight, lines.tonight + 600 * HOURS)  # fmt: skip
        created = now - timedelta(days=rng.randint(1, 400))
        found.append((first, last, trade, source, status, nxt, created))
    return found


def _share(draw: float, shares: tuple[tuple[str, float], ...]) -> str:
    """The name whose share ``draw`` (in [0, 1)) falls in."""
    for name, share in shares:
        if draw < share:
            return name
        draw -= share
    return shares[-1][0]


def make_deck(path: Path, count: int, now: datetime | None = None) -> Path:
    path.unlink(missing_ok=True)
    store = open_store(DeckLocation(path, False))
    now = (now or clock.now()).replace(minute=0, second=0, microsecond=0)
    block = profiles(now)
    rows = []
    for i in range(1, count + 1):
        first, last, trade, source, status, nxt, created = block[(i - 1) % BLOCK]
        rows.append((
            f"{first} {last} {i}", f"{last} {trade}", f"+1212555{i % 10000:04d}",
            f"{first.lower()}{i}@example.com", source, status, nxt, created, i * GAP,
        ))  # fmt: skip
    if not rows:
        store.close()
        return path
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO card (name, company, phone, email, source, status, next_follow_up,"
            " created_at, updated_at, position, kind, stage, attempts, version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'lead', 'rapport', 0, 1)",
            [
                (n, c, p, e, s, st, stored(nx), stored(cr), stored(cr), pos)
                for n, c, p, e, s, st, nx, cr, pos in rows
            ],
        )
    store.close()
    return path


if __name__ == "__main__":
    print(make_deck(Path(sys.argv[1]), int(sys.argv[2])))
