"""Make a big deck quickly for benchmarks: N realistic cards written in one transaction."""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from carddeck.deck.order import GAP
from carddeck.paths import DeckLocation
from carddeck.store import open_store
from carddeck.store.models import stored

FIRST = ["Ann", "Bob", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal", "Ida", "Jo", "Kim", "Lou"]
LAST = ["Lee", "Stone", "Young", "Park", "Adams", "Wray", "Diaz", "Khan", "Novak", "Okafor"]
TRADES = ["Dental", "Roofing", "Bakery", "Fitness", "Realty", "Florist", "Law Group", "Cafe"]
STATUSES = ["new"] * 2 + ["active"] * 6 + ["nurture", "won", "lost", "do_not_contact"]


def make_deck(path: Path, count: int) -> Path:
    path.unlink(missing_ok=True)
    store = open_store(DeckLocation(path, False))
    rng = random.Random(count)
    now = datetime(2026, 11, 23, 14, tzinfo=UTC)
    rows = []
    for i in range(1, count + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        status = rng.choice(STATUSES)
        is_open = status in ("new", "active", "nurture")
        nxt = now + timedelta(hours=rng.randint(-300, 600)) if is_open else None
        rows.append((
            f"{first} {last} {i}", f"{last} {rng.choice(TRADES)}", f"+1212555{i % 10000:04d}",
            f"{first.lower()}{i}@example.com", rng.choice(["Google Ads", "Referral", "Trade show"]),
            status, nxt, now - timedelta(days=rng.randint(1, 400)), i * GAP,
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
