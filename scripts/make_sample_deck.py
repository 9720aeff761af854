"""Build sample_deck.sqlite: about 40 realistic leads in every status and stage.

Run from the repository root after a schema change:  python scripts/make_sample_deck.py
The deck is made through carddeck's own domain functions, as of Monday 23 November
2026, 08:00 in New York, with three weeks of contact history behind it. Its content
is the same on every run (only the order of its CREATE INDEX lines may vary).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ["TZ"] = "America/New_York"
time.tzset()

from carddeck import deck  # noqa: E402
from carddeck.deck.calendar import add_work_days, at_usual_hour, next_work_day  # noqa: E402
from carddeck.deck.clock import aware, wall  # noqa: E402
from carddeck.deck.settings import DEFAULT_SETTINGS as S  # noqa: E402
from carddeck.paths import DeckLocation  # noqa: E402
from carddeck.store import open_store  # noqa: E402
from carddeck.store.models import Stage, Status  # noqa: E402

ZONE = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=ZONE)
START = NOW - timedelta(days=22)

# (name, title, company, source, referred_by, need) for a commercial-cleaning business.
LEADS = [
    (
        "Maria Alvarez",
        "Office Manager",
        "Bright Smile Dental",
        "Google Ads",
        None,
        "Nightly cleaning for 2 clinics",
    ),
    (
        "Tom Becker",
        "Owner",
        "Harbor Street Bakery",
        "Website form",
        None,
        "Deep clean before health inspection",
    ),
    (
        "Priya Nair",
        "Facilities Lead",
        "Northwind Logistics",
        "Trade show",
        None,
        "Warehouse floors, weekly",
    ),
    (
        "James O'Connor",
        "GM",
        "Ironwood Fitness",
        "Referral",
        "Maria Alvarez",
        "Locker rooms twice a day",
    ),
    (
        "Linda Chen",
        "Practice Manager",
        "Lakeside Vet Clinic",
        "Google Ads",
        None,
        "Odour control, kennels",
    ),
    (
        "Samuel Okafor",
        "Director",
        "Okafor & Sons Realty",
        "LinkedIn",
        None,
        "Move-out cleans for listings",
    ),
    ("Grace Kim", "Owner", "Petal & Stem Florist", "Facebook", None, "Shop and cold room, monthly"),
    (
        "Daniel Weiss",
        "Operations",
        "Weiss Dental Lab",
        "Website form",
        None,
        "Clean room standards",
    ),
    (
        "Aisha Rahman",
        "Office Manager",
        "Cedar Law Group",
        "Referral",
        "Tom Becker",
        "Discreet after-hours service",
    ),
    (
        "Kevin Murphy",
        "Owner",
        "Murphy's Auto Body",
        "Cold call",
        None,
        "Showroom and customer lounge",
    ),
    (
        "Elena Popescu",
        "HR Manager",
        "Brightline Software",
        "Trade show",
        None,
        "Open-plan office, 60 desks",
    ),
    (
        "Marcus Johnson",
        "Pastor",
        "Grace Community Church",
        "Referral",
        "Linda Chen",
        "Sunday set-up and clean-down",
    ),
    (
        "Hannah Schmidt",
        "Owner",
        "Schmidt Family Daycare",
        "Google Ads",
        None,
        "Child-safe products only",
    ),
    ("Luis Fernandez", "Manager", "La Perla Restaurant", "Yelp", None, "Kitchen hood and floors"),
    (
        "Olivia Brown",
        "Principal",
        "Maple Grove Montessori",
        "Website form",
        None,
        "Classrooms after 4pm",
    ),
    ("Raj Patel", "Owner", "Patel Pharmacy", "Walk-in", None, "Front of store, daily"),
    (
        "Sophie Martin",
        "Studio Manager",
        "Pivot Yoga Studio",
        "Facebook",
        None,
        "Mats and floors between classes",
    ),
    (
        "Ahmed Hassan",
        "Facilities",
        "Hassan Medical Imaging",
        "Trade show",
        None,
        "Infection-control protocol",
    ),
    (
        "Chloe Dubois",
        "Owner",
        "Dubois Boutique Hotel",
        "Referral",
        "Samuel Okafor",
        "Turnover cleans, 12 rooms",
    ),
    (
        "Noah Williams",
        "Manager",
        "Summit Coworking",
        "Google Ads",
        None,
        "Shared kitchens and restrooms",
    ),
    ("Isabella Rossi", "Owner", "Rossi Hair Salon", "Instagram", None, "Weekly deep clean"),
    (
        "Ethan Clark",
        "Plant Manager",
        "Clark Precision Parts",
        "Cold call",
        None,
        "Break rooms and offices",
    ),
    (
        "Mei Tanaka",
        "Office Lead",
        "Tanaka Architects",
        "LinkedIn",
        None,
        "Quiet service around deadlines",
    ),
    ("Jacob Miller", "Owner", "Miller Hardware", "Walk-in", None, "Storefront windows"),
    (
        "Zoe Anderson",
        "Coordinator",
        "Riverside Events Hall",
        "Website form",
        None,
        "Post-event cleans",
    ),
    (
        "Omar Siddiqui",
        "Owner",
        "Siddiqui Dental Group",
        "Referral",
        "Maria Alvarez",
        "Three offices, one contract",
    ),
    (
        "Fatima Diallo",
        "Director",
        "Sunrise Senior Living",
        "Trade show",
        None,
        "Common areas, 7 days",
    ),
    ("Lucas Silva", "Manager", "Silva Car Wash", "Google Ads", None, "Office and waiting room"),
    ("Emma Wilson", "Owner", "Wilson Bookkeeping", "Facebook", None, "Small office, biweekly"),
    ("Benjamin Lee", "COO", "Lee Property Management", "LinkedIn", None, "12 buildings' lobbies"),
    ("Ava Thompson", "Owner", "Thompson Physio", "Referral", "Hannah Schmidt", "Treatment rooms"),
    ("Mateo Garcia", "Manager", "Garcia Tile & Stone", "Yelp", None, "Showroom dust"),
    (
        "Nora Johansson",
        "Office Manager",
        "Fjord Travel",
        "Website form",
        None,
        "Tiny office; budget-minded",
    ),
    ("Victor Ivanov", "Owner", "Ivanov Print Shop", "Cold call", None, "Ink and paper dust"),
    ("Yuki Sato", "Manager", "Sakura Sushi Bar", "Instagram", None, "Late-night kitchen clean"),
    (
        "Chris Evans",
        "Facilities",
        "Evergreen Charter School",
        "Trade show",
        None,
        "Summer deep clean",
    ),
    ("Rachel Green", "Owner", "Green Leaf Cafe", "Google Ads", None, "Morning clean before 6am"),
    (
        "Peter Novak",
        "Director",
        "Novak Engineering",
        "Referral",
        "Benjamin Lee",
        "Two floors of offices",
    ),
    ("Amara Obi", "Owner", "Obi Braiding Studio", "Facebook", None, "Saturday-night clean"),
    ("Henry Walsh", "Manager", "Walsh Brewing Co.", "Website form", None, "Taproom and brew floor"),
]

NOTCHES = [
    "a walkthrough quote in writing",
    "references from two local offices",
    "a trial week",
    "seeing our insurance certificate",
    "a price under their current vendor",
    "green products",
    "a named crew lead",
    "flexible start date after their lease renewal",
    "the owner's sign-off",
    "a monthly rather than annual contract",
]
SUMMARIES = [
    "Walked the site; they care most about restrooms.",
    "Sent the quote; they'll compare.",
    "Current vendor misses Fridays; pain is real.",
    "Budget set in January; asked to follow up.",
    "Met the owner; warm, wants references.",
    "Talked pricing; trial week interests them.",
    "Left voicemail and sent a text.",
    "Quick call between patients; call back after 3pm.",
]
KNOWN = [
    "Two locations; 4,000 sq ft each.",
    "Current vendor contract ends in March.",
    "Prefers text messages over calls.",
    "Decision by the owner and her partner.",
    "Closed Mondays.",
    "Has been burned by a no-show cleaner before.",
]


def phone(i: int) -> str:
    return f"(212) 555-01{i:02d}"


def email(name: str, company: str) -> str:
    user = name.split()[0].lower().replace("'", "")
    domain = "".join(ch for ch in company.lower() if ch.isalnum())[:18]
    return f"{user}@{domain}.example"


def plan(i: int) -> str:
    """The fate of lead i: what happened to it over the three weeks."""
    fates = (
        ["new"] * 6 + ["active"] * 17 + ["nurture"] * 4 + ["won"] * 5 + ["lost"] * 4
        + ["dnc"] * 2 + ["cold"] * 1 + ["reopened"] * 1
    )  # fmt: skip
    return fates[i]


def value(i: int, fate: str) -> str | None:
    """A deal value for some leads (from their place in the list, so the random draws
    stay as they were): every won card and every third of the rest."""
    if fate != "won" and i % 3:
        return None
    return f"{(i * 7 % 12 + 3) * 100:,}"


def build(path: Path) -> None:
    rng = random.Random(2026)
    store = open_store(DeckLocation(path, False))
    for i, (name, title, company, source, referred_by, need) in enumerate(LEADS):
        fate = plan(i)
        if fate == "new":
            added = NOW - timedelta(hours=rng.choice([2, 5, 20, 30, 50, 70]))
        else:
            added = START + timedelta(days=rng.randint(0, 12), hours=rng.randint(8, 17))
        with store.write() as s:
            card = deck.add_card(s, deck.CardDraft(
                name=name, title=title, company=company, phone=phone(i), source=source,
                email=email(name, company), referred_by=referred_by, need=need,
                known=rng.choice(KNOWN) if rng.random() < 0.6 else None,
                notes="Rapport: " + rng.choice(["kids play hockey", "loves the Mets",
                    "just back from Lisbon", "runs marathons", "new grandmother"]),
                place="top" if rng.random() < 0.5 else "back", value=value(i, fate)), now=added,
            ).card  # fmt: skip
        if fate == "new":
            continue
        first_day = next_work_day(wall(added).date(), S)
        at = aware(at_usual_hour(first_day, S) + timedelta(minutes=rng.randint(0, 420)))
        interest = rng.randint(2, 6)
        touches = rng.randint(1, 6) if fate != "cold" else 1
        for n in range(touches):
            if at >= NOW - timedelta(hours=1):
                break
            reached = rng.random() < 0.55 or n == touches - 1
            interest = (
                min(10, max(1, interest + rng.choice([-1, 0, 1, 1, 2]))) if reached else interest
            )
            rating = min(10, max(1, interest + rng.choice([-1, 0, 1])))
            step = add_work_days(wall(at).date(), rng.choice([1, 2, 2, 3, 4]), S)
            nxt = aware(at_usual_hour(step, S).replace(hour=rng.choice([9, 10, 11, 14, 15, 16])))
            with store.write() as s:
                c = deck.get_card(s, card.id or 0)
                deck.log_contact(s, c, deck.LogEntry(
                    reached=reached,
                    channel=rng.choice(["call", "call", "call", "text", "email", "meeting"]),
                    rating=rating if reached else None, interest=interest if reached else None,
                    notch=rng.choice(NOTCHES) if reached and interest < 10 else None,
                    rating_after=min(10, rating + 1) if reached and rng.random() < 0.4 else None,
                    summary=rng.choice(SUMMARIES) if reached or rng.random() < 0.3 else None,
                    next_follow_up=nxt), now=at, settings=S,
                )  # fmt: skip
                stage = list(Stage)[min(4, interest // 2)]
                if reached and stage != c.stage:
                    deck.edit_card(s, c, deck.CardChanges(stage=stage), now=at)
            at = nxt + timedelta(minutes=rng.randint(0, 50))
        closed_at = min(at, NOW - timedelta(hours=2))
        with store.write() as s:
            c = deck.get_card(s, card.id or 0)
            if fate == "won":
                if c.stage != Stage.close:
                    deck.edit_card(s, c, deck.CardChanges(stage=Stage.close), now=closed_at)
                deck.mark_won(s, c, now=closed_at)
            elif fate == "lost":
                reason = rng.choice(["went with their current vendor", "budget cut",
                                     "moved to in-house staff", "price"])  # fmt: skip
                deck.mark_lost(s, c, reason=reason, now=closed_at)
            elif fate == "nurture":
                until = aware(at_usual_hour(add_work_days(NOW.date(), rng.randint(15, 60), S), S))
                deck.nurture(s, c, until=until, now=closed_at)
            elif fate == "dnc":
                deck.mark_do_not_contact(s, c, now=closed_at)
            elif fate == "cold":
                c.next_follow_up = None  # an old card that lost its date: `today` shows it as cold
            elif fate == "reopened":
                deck.mark_lost(s, c, reason="timing", now=closed_at - timedelta(days=3))
                deck.reopen(s, c, now=closed_at, settings=S)
    with store.write() as s:  # the first customer buys again: a repeat sale, worth less
        first = next(c for _, c in deck.list_cards(s, statuses=(Status.won,)))
        deck.mark_won(s, first, value=45000, now=NOW - timedelta(hours=1), settings=S)
    with store.write() as s:  # the owner's own shuffles: best prospects to the top
        hot = sorted(
            (c for _, c in deck.list_cards(s) if c.interest and c.interest >= 7),
            key=lambda c: c.interest or 0,
        )
        for c in hot:
            deck.shuffle(s, c, "top", now=NOW)
    store.close()


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "sample_deck.sqlite")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.sqlite"
        build(path)
        import sqlite3

        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to commit
        conn.execute("VACUUM")
        conn.close()
        path.replace(target)
    print(f"wrote {target} ({len(LEADS)} cards)")


if __name__ == "__main__":
    main()
