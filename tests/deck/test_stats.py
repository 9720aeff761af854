"""Each statistic on a small deck whose answers are worked out by hand below."""

from __future__ import annotations

from carddeck import deck
from carddeck.deck.stats import scoreboard, sparkline
from carddeck.store import Store
from tests.helpers import at


def test_the_scoreboard_by_hand(store: Store) -> None:
    with store.write() as s:
        # Ann (Google Ads): added Mon 2 Nov 10:00, called at 14:00 (4 working hours: in her
        # window), answered on attempt 1 with interest 4, then 6, then 7; won on 10 Nov.
        ann = deck.add_card(
            s, deck.CardDraft(name="Ann", source="Google Ads"), now=at(2026, 11, 2, 10)
        ).card
        for interest, day in ((4, 2), (6, 4), (7, 6)):
            deck.log_contact(
                s,
                ann,
                deck.LogEntry(rating=5, interest=interest, notch="x"),
                now=at(2026, 11, day, 14),
            )
        deck.mark_won(s, ann, now=at(2026, 11, 10, 9))
        # Bob (Google Ads): added Fri 6 Nov 18:00, first call Tue 10 Nov 18:00 (48 working
        # hours: late), no answer twice, answered on attempt 3 (interest 5, then 3); lost.
        bob = deck.add_card(
            s, deck.CardDraft(name="Bob", source="Google Ads"), now=at(2026, 11, 6, 18)
        ).card
        deck.log_contact(s, bob, deck.LogEntry(reached=False), now=at(2026, 11, 10, 18))
        deck.log_contact(s, bob, deck.LogEntry(reached=False), now=at(2026, 11, 11, 18))
        deck.log_contact(
            s, bob, deck.LogEntry(rating=4, interest=5, notch="x"), now=at(2026, 11, 12, 10)
        )
        deck.log_contact(
            s, bob, deck.LogEntry(rating=2, interest=3, notch="x"), now=at(2026, 11, 13, 10)
        )
        deck.mark_lost(s, bob, reason="price", now=at(2026, 11, 16, 9))
        # Cy (referred by Ann, Trade show): added Mon 9 Nov, two unanswered calls, dropped:
        # lost before the 7th attempt without ever answering.
        cy = deck.add_card(
            s,
            deck.CardDraft(name="Cy", source="Trade show", referred_by="Ann"),
            now=at(2026, 11, 9, 9),
        ).card
        deck.log_contact(s, cy, deck.LogEntry(reached=False), now=at(2026, 11, 9, 11))
        deck.log_contact(s, cy, deck.LogEntry(reached=False), now=at(2026, 11, 10, 11))
        deck.mark_lost(s, cy, reason="no reply", now=at(2026, 11, 17, 9))
        # Dee (Trade show): added 16 Nov, never called, open at stage "need".
        dee = deck.add_card(
            s, deck.CardDraft(name="Dee", source="Trade show"), now=at(2026, 11, 16, 9)
        ).card
        deck.edit_card(s, dee, deck.CardChanges(stage="need"), now=at(2026, 11, 16, 9))
    with store.read() as s:
        board = scoreboard(s, by="week")
        recent = scoreboard(s, since=at(2026, 11, 9), by="month")
    data = board.as_dict()
    assert data["periods"] == [
        {"period": "2026-W45", "added": 2, "contacted": 1, "won": 0, "lost": 0, "nurture": 0},
        {"period": "2026-W46", "added": 1, "contacted": 2, "won": 1, "lost": 0, "nurture": 0},
        {"period": "2026-W47", "added": 1, "contacted": 0, "won": 0, "lost": 2, "nurture": 0},
    ]  # Ann's calls: W45; Bob's: W46; Cy's: W46. Won 10 Nov: W46; lost 16 and 17 Nov: W47.
    assert data["close_rate"] == {"name": "all", "leads": 4, "won": 1, "lost": 2,
                                  "close_rate": 0.333}  # fmt: skip
    assert data["by_source"] == [
        {"name": "Google Ads", "leads": 2, "won": 1, "lost": 1, "close_rate": 0.5},
        {"name": "Trade show", "leads": 2, "won": 0, "lost": 1, "close_rate": 0.0},
    ]
    assert data["by_referrer"] == [
        {"name": "Ann", "leads": 1, "won": 0, "lost": 1, "close_rate": 0.0}
    ]
    # first contact: Ann 4 h (in), Bob 48 h (late), Cy 2 h (in), Dee never: 2 of 4, median 4
    assert data["first_contact"] == {
        "new_leads": 4, "within_window": 2, "share_within_window": 0.5,
        "median_business_hours": 4.0,
    }  # fmt: skip
    assert data["answered_at_attempt"] == {"1": 1, "3": 1}
    assert data["dropped_before_goal"] == 1  # Cy
    # interest steps: Ann +2, +1; Bob -2: mean 1/3
    assert data["interest"] == {"mean_change_per_contact": 0.33, "changes": 3}
    assert data["funnel"] == {"rapport": 0, "need": 1, "present": 0, "terms": 0, "close": 0}
    assert recent.overall.leads == 2 and recent.as_dict()["periods"][0]["period"] == "2026-11"


def test_sparkline() -> None:
    assert sparkline([1, 4, 7, 10]) == "▁▃▅█"
