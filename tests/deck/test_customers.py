"""A won customer is not closed: the check-in cycle, repeat sales, undo of a sale, deal
values read and refused, and the scoreboard's money worked out by hand."""

from __future__ import annotations

import pytest
import time_machine
from rich.console import Console
from sqlmodel import select

from carddeck import deck
from carddeck.deck.cadence import Reason
from carddeck.deck.customers import check_in_date, customers, sales_of
from carddeck.deck.money import format_value, parse_value
from carddeck.deck.revenue import takings
from carddeck.deck.settings import DEFAULT_SETTINGS
from carddeck.deck.stats import scoreboard
from carddeck.deck.views import Query, View, count, page
from carddeck.errors import InvalidInput
from carddeck.render.revenue import render_takings
from carddeck.store import Card, Contact, Status, Store
from carddeck.store.models import Sale
from tests.helpers import at


def add(store: Store, name: str, **fields: object) -> int:
    with store.write() as session:
        now = fields.pop("now", None)
        draft = deck.CardDraft(name=name, **fields)  # type: ignore[arg-type]
        return deck.add_card(session, draft, now=now).card.id or 0  # type: ignore[arg-type]


def test_the_check_in_cycle(store: Store, clock: time_machine.Coordinates) -> None:
    """Won on Friday 20 Nov 2026: not due 89 days on, due on the 90th (Thu 18 Feb 2027),
    logged like a lead and still won, won again (a repeat sale), undone again."""
    ann = add(store, "Ann Lee", value="$1,200")
    with store.write() as s:
        won = deck.mark_won(s, deck.get_card(s, ann))
    assert won.sale is not None and won.sale.value == 120000  # the card's value
    assert won.card.next_follow_up == at(2027, 2, 18, 9)

    clock.move_to(at(2027, 2, 17, 17))  # 89 days on
    with store.read() as s:
        assert deck.today(s).customers == []
        assert count(s, Query(View.today)) == 0
    clock.move_to(at(2027, 2, 18, 8))  # the 90th day: due by the end of it
    with store.read() as s:
        agenda = deck.today(s)
        assert [c.id for c in agenda.customers] == [ann]
        assert agenda.overdue == agenda.due_today == agenda.cold == []
        rows = page(s, Query(View.today), 0, 10)
    assert [(r.id, r.section) for r in rows] == [(ann, deck.Section.customers)]

    with store.write() as s:
        logged = deck.log_contact(
            s, deck.get_card(s, ann),
            deck.LogEntry(rating=7, interest=8, notch="a second clinic", summary="Happy"),
        )  # fmt: skip
    assert logged.proposal is not None and logged.proposal.reason == Reason.check_in
    assert logged.took_proposal
    with store.read() as s:
        card = deck.get_card(s, ann)
        contact = s.exec(select(Contact)).one()
    assert (card.status, card.rating, card.interest, card.notch) == (
        Status.won, 7, 8, "a second clinic")  # fmt: skip
    assert (contact.rating, contact.interest, contact.notch) == (7, 8, "a second clinic")
    assert card.next_follow_up == at(2027, 5, 19, 9)  # the next check-in, 90 days on
    with store.read() as s:
        assert deck.today(s).customers == []  # checked in: not due again till May

    with store.write() as s:
        again = deck.mark_won(s, deck.get_card(s, ann), value=80000)
    assert again.card.status == Status.won and again.card.closed_at == at(2026, 11, 20, 18, 30)
    assert again.card.next_follow_up == at(2027, 5, 19, 9)
    with store.read() as s:
        assert [x.value for x in sales_of(s, deck.get_card(s, ann))] == [120000, 80000]
        money = takings(s)
        board = scoreboard(s)
    assert (money.sales, money.customers, money.repeat_sales, money.value) == (2, 1, 1, 200000)
    assert board.overall.won == 1  # one customer won, whatever they bought since

    with store.write() as s:
        done = deck.undo_last(s)
    assert done.kind == deck.ChangeKind.won
    with store.read() as s:
        assert [x.value for x in s.exec(select(Sale))] == [120000]
        assert deck.get_card(s, ann).status == Status.won
        assert deck.get_card(s, ann).next_follow_up == at(2027, 5, 19, 9)


def test_undoing_the_first_win_takes_the_sale_and_reopens(store: Store, clock: object) -> None:
    ann = add(store, "Ann")
    with store.write() as s:
        deck.mark_won(s, deck.get_card(s, ann), no_check_in=True)
    with store.read() as s:
        assert deck.get_card(s, ann).next_follow_up is None
        assert len(s.exec(select(Sale)).all()) == 1
    with store.write() as s:
        deck.undo_last(s)
    with store.read() as s:
        assert s.exec(select(Sale)).all() == []
        assert deck.get_card(s, ann).status == Status.new


def test_wins_refused(store: Store, clock: object) -> None:
    lost, dnc, ann = add(store, "Lost"), add(store, "Dnc"), add(store, "Ann")
    with store.write() as s:
        deck.mark_lost(s, deck.get_card(s, lost), reason="price")
        deck.mark_do_not_contact(s, deck.get_card(s, dnc))
    for card_id, said in ((lost, "is lost; reopen it"), (dnc, "do not contact")):
        with pytest.raises(InvalidInput, match=said), store.write() as s:
            deck.mark_won(s, deck.get_card(s, card_id))
    with pytest.raises(InvalidInput, match="not both"), store.write() as s:
        deck.mark_won(s, deck.get_card(s, ann), check_in=at(2027, 1, 5, 9), no_check_in=True)
    with pytest.raises(InvalidInput, match="ahead"), store.write() as s:
        deck.mark_won(s, deck.get_card(s, ann), check_in=at(2026, 1, 5, 9))
    with pytest.raises(InvalidInput, match="deal value"), store.write() as s:
        deck.mark_won(s, deck.get_card(s, ann), value=-5)
    with store.read() as s:
        assert s.exec(select(Sale)).all() == []
    with store.write() as s:
        deck.mark_won(s, deck.get_card(s, ann), check_in=at(2027, 1, 5, 9))
    with pytest.raises(InvalidInput, match="a customer"), store.write() as s:
        entry = deck.LogEntry(rating=5, interest=5, notch="x", nurture_until=at(2027, 3, 1, 9))
        deck.log_contact(s, deck.get_card(s, ann), entry)
    with store.read() as s:
        assert deck.get_card(s, ann).next_follow_up == at(2027, 1, 5, 9)


def test_customers_soonest_check_in_first(store: Store, clock: object) -> None:
    ann, bob, cy, dee = (add(store, n) for n in ("Ann", "Bob", "Cy", "Dee"))
    with store.write() as s:
        deck.mark_won(s, deck.get_card(s, ann), check_in=at(2027, 3, 1, 9), value=50000)
        deck.mark_won(s, deck.get_card(s, bob), no_check_in=True)
        deck.mark_won(s, deck.get_card(s, cy), check_in=at(2027, 1, 4, 9))
        deck.mark_won(s, deck.get_card(s, ann), check_in=at(2027, 2, 1, 9), value=25000)
    with store.read() as s:
        found = customers(s)
        rows = page(s, Query(View.customers), 0, 10)
    assert [(c.card.id, c.sales, c.total) for c in found] == [
        (cy, 1, None), (ann, 2, 75000), (bob, 1, None)]  # fmt: skip
    assert [r.id for r in rows] == [cy, ann, bob]  # Dee is not a customer
    assert dee not in [r.id for r in rows]


def test_an_unanswered_customer_is_tried_the_next_working_day(store: Store, clock: object) -> None:
    ann = add(store, "Ann")
    with store.write() as s:
        deck.mark_won(s, deck.get_card(s, ann))
        outcome = deck.log_contact(s, deck.get_card(s, ann), deck.LogEntry(reached=False))
    assert outcome.proposal is not None and outcome.proposal.reason == Reason.retry
    assert outcome.card.status == Status.won
    assert outcome.card.next_follow_up == at(2026, 11, 23, 9)  # Monday


def test_the_check_in_lands_on_a_working_day() -> None:
    # Sat 7 Nov 2026 + 90 days is Fri 5 Feb 2027; Thu 12 Nov + 90 is Wed 10 Feb; Sun 8
    # Nov + 90 is Sat 6 Feb 2027: moved on to Monday 8 Feb.
    assert check_in_date(at(2026, 11, 8, 15)) == at(2027, 2, 8, 9)
    settings = DEFAULT_SETTINGS._replace(check_in_days=30)
    assert check_in_date(at(2026, 11, 12, 15), settings) == at(2026, 12, 14, 9)


@pytest.mark.parametrize(
    ("typed", "hundredths"),
    [("1200", 120000), ("1,200.50", 120050), ("$1200", 120000), (" 99.9 ", 9990),
     ("0", 0), ("1,000,000", 100000000), ("", None), (None, None)],
)  # fmt: skip
def test_values_read(typed: str | None, hundredths: int | None) -> None:
    assert parse_value(typed) == hundredths


@pytest.mark.parametrize(
    ("typed", "said"),
    [("-5", "negative"), ("($5)", "negative"), ("twelve", "not an amount"),
     ("1.234", "not an amount"), ("12,00", "not an amount"), ("1e9", "not an amount"),
     ("99999999999999999", "more than any deal"), ("$", "not an amount")],
)  # fmt: skip
def test_bad_values_refused(typed: str, said: str) -> None:
    with pytest.raises(InvalidInput, match=said):
        parse_value(typed)


def test_values_shown_one_way() -> None:
    assert format_value(120000) == "$1,200"
    assert format_value(120050) == "$1,200.50"
    assert format_value(120000, "EUR") == "1,200.00 EUR"
    assert parse_value("1.200,00 EUR".replace(".", "").replace(",", "."), "EUR") == 120000
    assert format_value(None) == ""


def test_a_value_is_kept_edited_and_cleared(store: Store, clock: object) -> None:
    ann = add(store, "Ann", value="1,200")
    with store.write() as s:
        deck.edit_card(s, deck.get_card(s, ann), deck.CardChanges(value="950.25"))
    with store.read() as s:
        assert deck.get_card(s, ann).value == 95025
    with store.write() as s:
        deck.edit_card(s, deck.get_card(s, ann), deck.CardChanges(value=""))
    with store.read() as s:
        assert deck.get_card(s, ann).value is None
    with pytest.raises(InvalidInput, match="negative"), store.write() as s:
        deck.edit_card(s, deck.get_card(s, ann), deck.CardChanges(value="-1"))
    with pytest.raises(InvalidInput, match="not an amount"):
        add(store, "Bob", value="lots")
    with store.read() as s:
        assert [c.name for c in s.exec(select(Card))] == ["Ann"]


def test_the_money_by_hand(store: Store) -> None:
    """Ann and Dee from Google Ads, Bob and Cy from a trade show. Ann is won on 10 Nov
    ($1,200) and buys again on 3 Dec ($500); Bob is won on 1 Dec ($800); Cy is lost; Dee
    is still open. So: 3 sales to 2 customers, 1 repeat sale, $2,500 in all; November
    $1,200 (1 sale), December $1,300 (2); Google Ads $1,700 from 2 leads ($850 a lead,
    close rate 100%), the trade show $800 from 2 leads ($400 a lead, close rate 50%);
    the top customers Ann ($1,700, 2 sales) then Bob ($800)."""
    ann = add(store, "Ann", source="Google Ads", value="1200", now=at(2026, 11, 2, 10))
    bob = add(store, "Bob", source="Trade show", now=at(2026, 11, 9, 10))
    cy = add(store, "Cy", source="Trade show", now=at(2026, 11, 9, 11))
    add(store, "Dee", source="Google Ads", now=at(2026, 11, 16, 10))
    with store.write() as s:
        deck.mark_won(s, deck.get_card(s, ann), now=at(2026, 11, 10, 9))
        deck.mark_won(s, deck.get_card(s, bob), value=80000, now=at(2026, 12, 1, 9))
        deck.mark_won(s, deck.get_card(s, ann), value=50000, now=at(2026, 12, 3, 9))
        deck.mark_lost(s, deck.get_card(s, cy), reason="price", now=at(2026, 12, 2, 9))
    with store.read() as s:
        money = takings(s)
        weeks = takings(s, by="week")
        board = scoreboard(s)
        since = takings(s, since=at(2026, 11, 9))  # Bob's and Cy's: added since 9 Nov
    assert money.as_dict() == {
        "currency": "USD", "sales": 3, "customers": 2, "repeat_sales": 1,
        "sales_with_value": 3, "value": 250000,
        "by_period": [{"period": "2026-11", "sales": 1, "value": 120000},
                      {"period": "2026-12", "sales": 2, "value": 130000}],
        "by_source": [{"source": "Google Ads", "sales": 2, "value": 170000},
                      {"source": "Trade show", "sales": 1, "value": 80000}],
        "top_customers": [{"id": ann, "name": "Ann", "sales": 2, "value": 170000},
                          {"id": bob, "name": "Bob", "sales": 1, "value": 80000}],
    }  # fmt: skip
    assert [(p["period"], p["value"]) for p in weeks.as_dict()["by_period"]] == [
        ("2026-W46", 120000), ("2026-W49", 130000)]  # fmt: skip
    assert (since.sales, since.value, since.repeat_sales) == (1, 80000, 0)
    out = Console(width=100, record=True, highlight=False)
    out.print(render_takings(money, board))
    text = out.export_text()
    assert "3 sales to 2 customers, 1 repeat sale; won $2,500" in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "2026-11 1 $1,200" in " | ".join(lines)
    assert "Google Ads 2 100% 2 $1,700 $850" in lines
    assert "Trade show 2 50% 1 $800 $400" in lines
    assert f"{ann} Ann 2 $1,700" in lines
