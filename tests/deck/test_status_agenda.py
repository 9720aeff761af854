"""Won, lost, nurture, do not contact, reopen; and what today's agenda holds."""

from __future__ import annotations

import pytest

from carddeck import deck
from carddeck.errors import InvalidInput
from carddeck.store import Status, Store
from tests.helpers import at


def add(store: Store, name: str, **fields: object) -> int:
    with store.write() as session:
        now = fields.pop("now", None)
        draft = deck.CardDraft(name=name, **fields)  # type: ignore[arg-type]
        return deck.add_card(session, draft, now=now).card.id or 0  # type: ignore[arg-type]


def test_status_changes(store: Store, clock: object) -> None:
    ann, bob, cy, dee = (add(store, n) for n in ("Ann", "Bob", "Cy", "Dee"))
    with store.write() as session:
        deck.mark_won(session, deck.get_card(session, ann))
        deck.mark_lost(session, deck.get_card(session, bob), reason="went with a cheaper quote")
        deck.nurture(session, deck.get_card(session, cy), until=at(2027, 2, 1, 9))
        deck.mark_do_not_contact(session, deck.get_card(session, dee))
    with store.read() as session:
        a, b, c, d = (deck.get_card(session, i) for i in (ann, bob, cy, dee))
    # a customer is not closed: due again at a check-in, 90 days on at the usual hour
    assert (a.status, a.next_follow_up, a.closed_at) == (
        Status.won, at(2027, 2, 18, 9), at(2026, 11, 20, 18, 30))  # fmt: skip
    assert (b.status, b.lost_reason) == (Status.lost, "went with a cheaper quote")
    assert (c.status, c.next_follow_up, c.closed_at) == (Status.nurture, at(2027, 2, 1, 9), None)
    assert (d.status, d.next_follow_up) == (Status.do_not_contact, None)
    with store.write() as session:
        outcome = deck.reopen(session, deck.get_card(session, bob))
    assert outcome.card.status == Status.new and outcome.card.lost_reason is None
    assert outcome.card.next_follow_up == at(2026, 11, 23, 9)


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda s, c: deck.mark_lost(s, c, reason="  "), "needs a reason"),
        (lambda s, c: deck.nurture(s, c, until=at(2026, 1, 1)), "date ahead"),
        (lambda s, c: deck.reopen(s, c), "already open"),
    ],
)
def test_refused_status_changes(store: Store, clock: object, action: object, message: str) -> None:
    card_id = add(store, "Ann")
    with pytest.raises(InvalidInput, match=message):
        with store.write() as session:
            action(session, deck.get_card(session, card_id))  # type: ignore[operator]


def test_closed_cards_refuse_closing_again(store: Store, clock: object) -> None:
    card_id = add(store, "Ann")
    with store.write() as session:
        deck.mark_do_not_contact(session, deck.get_card(session, card_id))
    for action in (deck.mark_won, deck.mark_do_not_contact):
        with pytest.raises(InvalidInput, match="do not contact"):
            with store.write() as session:
                action(session, deck.get_card(session, card_id))


def test_todays_agenda(store: Store, clock: object) -> None:
    new = add(store, "New lead")
    overdue = add(store, "Overdue", next_follow_up=at(2026, 11, 23, 9))
    due = add(store, "Due today", next_follow_up=at(2026, 11, 23, 15))
    later = add(store, "Later", next_follow_up=at(2026, 11, 30, 9))
    dnc = add(store, "Asked us to stop", next_follow_up=at(2026, 11, 23, 9))
    won = add(store, "Won", next_follow_up=at(2026, 11, 23, 9))
    cold = add(store, "Cold")
    with store.write() as session:
        for card_id in (overdue, due, later, dnc, won, cold):
            deck.log_contact(
                session,
                deck.get_card(session, card_id),
                deck.LogEntry(
                    reached=False, next_follow_up=deck.get_card(session, card_id).next_follow_up
                ),
            )
        deck.mark_do_not_contact(session, deck.get_card(session, dnc))
        deck.mark_won(session, deck.get_card(session, won))
        # a card with no date, as old data or a bug could leave it: it must show as cold
        deck.get_card(session, cold).next_follow_up = None
    clock.move_to(at(2026, 11, 24, 8))  # type: ignore[attr-defined]
    with store.read() as session:
        agenda = deck.today(session)
    assert [c.id for c in agenda.overdue] == [overdue, due]  # both were due on Monday
    assert [c.id for c in agenda.due_today] == []
    assert [c.id for c in agenda.cold] == [cold]
    assert [lead.card.id for lead in agenda.new] == [new]
    assert agenda.new[0].hours_left == -13.5  # due Mon 18:30, now Tue 08:00: 13.5 hours late
    clock.move_to(at(2026, 11, 23, 8))  # type: ignore[attr-defined]
    with store.read() as session:
        agenda = deck.today(session)
    assert [c.id for c in agenda.due_today] == [overdue, due]
    assert agenda.overdue == [] and agenda.new[0].hours_left == 10.5
    assert {dnc, won, later}.isdisjoint(c.id for c in agenda.due_today + agenda.overdue)
