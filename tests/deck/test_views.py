"""The screen's views: today in its sections (the same as ``carddeck today``), paged, and
where the screen opens."""

from __future__ import annotations

from carddeck import deck
from carddeck.deck import views
from carddeck.deck.agenda import Section
from carddeck.deck.settings import DEFAULT_SETTINGS
from carddeck.deck.views import Query, View
from carddeck.store import Store
from tests.helpers import at


def build(store: Store) -> None:
    """Two overdue, one due today, two new leads, one cold, one for next week."""
    with store.write() as s:
        for name, due in (("Over A", at(2026, 11, 19, 9)), ("Over B", at(2026, 11, 18, 9)),
                          ("Today", at(2026, 11, 20, 20)), ("Cold", at(2026, 11, 2, 9)),
                          ("Later", at(2026, 11, 27, 9))):  # fmt: skip
            card = deck.add_card(s, deck.CardDraft(name=name), now=at(2026, 11, 2, 8)).card
            deck.log_contact(s, card, deck.LogEntry(reached=False, next_follow_up=due),
                             now=at(2026, 11, 2, 8, 30))  # fmt: skip
        deck.add_card(s, deck.CardDraft(name="New old"), now=at(2026, 11, 19, 9))
        deck.add_card(s, deck.CardDraft(name="New young"), now=at(2026, 11, 20, 17))


def test_today_comes_in_sections_each_card_once(store: Store, clock: object) -> None:
    build(store)
    query = Query(View.today)
    with store.read() as s:
        parts = views.sections(s, query)
        rows = views.page(s, query, 0, 100)
        agenda = deck.today(s)
        assert views.count(s, query) == len(rows) == 6
        assert views.index_of(s, query, rows[4].id) == 4
    assert parts == [(Section.overdue, 2), (Section.due_today, 1), (Section.new, 2),
                     (Section.cold, 1), (Section.customers, 0)]  # fmt: skip
    assert [(r.name, r.section) for r in rows] == [
        ("Over B", Section.overdue), ("Over A", Section.overdue), ("Today", Section.due_today),
        ("New old", Section.new), ("New young", Section.new), ("Cold", Section.cold),
    ]  # fmt: skip
    assert [r.hours_left for r in rows if r.section == Section.new] == [-9.5, 22.5]
    # the command line's today reads the same sections
    assert [c.name for c in agenda.overdue] == ["Over B", "Over A"]
    assert [lead.card.name for lead in agenda.new] == ["New old", "New young"]


def test_pages_cross_the_sections(store: Store, clock: object) -> None:
    build(store)
    query = Query(View.today)
    with store.read() as s:
        pages = [r.name for offset in (0, 2, 4) for r in views.page(s, query, offset, 2)]
    assert pages == ["Over B", "Over A", "Today", "New old", "New young", "Cold"]


def test_the_screen_opens_on_today_when_anything_is_due(store: Store, clock: object) -> None:
    with store.write() as s:  # called once, due next month: nothing today
        card = deck.add_card(s, deck.CardDraft(name="Later")).card
        deck.log_contact(s, card, deck.LogEntry(rating=5, interest=5, notch="x",
                                                next_follow_up=at(2026, 12, 1, 9)))  # fmt: skip
    with store.read() as s:
        assert views.start_view(s, DEFAULT_SETTINGS) == View.deck
    build(store)
    with store.read() as s:
        assert views.start_view(s, DEFAULT_SETTINGS) == View.today
        pinned = DEFAULT_SETTINGS._replace(start_view="deck")
        assert views.start_view(s, pinned) == View.deck
