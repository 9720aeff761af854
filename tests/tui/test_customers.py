"""Customers on the screen: the customers view (6 and c), w on a won card (a repeat sale,
undone by u), a customer due in today's view, and logging a contact with them."""

from __future__ import annotations

from typing import Any

import time_machine
from sqlmodel import select
from textual.widgets import Input, Label

from carddeck import deck
from carddeck.deck.agenda import Section
from carddeck.store import Status, Store
from carddeck.store.models import Sale
from carddeck.tui.screens.ask import ChoiceScreen
from carddeck.tui.screens.deck import DeckScreen
from carddeck.tui.screens.form import CardForm
from carddeck.tui.screens.log import LogScreen
from carddeck.tui.widgets.decklist import DeckList
from tests.helpers import at
from tests.tui.conftest import card, in_deck_view, settle, text_of


def screen(app: Any) -> DeckScreen:
    found = next(s for s in app.screen_stack if isinstance(s, DeckScreen))
    assert isinstance(found, DeckScreen)
    return found


def sales(store: Store, name: str) -> list[int | None]:
    target = card(store, name)
    with store.read() as s:
        return [x.value for x in s.exec(select(Sale).where(Sale.card_id == target.id))]


async def test_the_customers_view_soonest_check_in_first(tui_deck: Store) -> None:
    with tui_deck.write() as s:  # Ann bought too; her check-in comes before Dee's
        ann = deck.resolve_card(s, "ann")
        deck.edit_card(s, ann, deck.CardChanges(value="1200"))
        deck.mark_won(s, ann, check_in=at(2027, 1, 5, 9))
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in ("6", "1", "C"):
            await pilot.press(key)
            await settle(pilot)
        view = screen(app)
        assert view.query_.view.value == "customers"
        names = []
        for index in range(view.count):
            view.show(index)
            names.append(view.card.name if view.card else "")
        assert names == ["Ann Lee", "Dee Park"]
        view.show(0)
        await settle(pilot)
        face = text_of(screen(app).query_one("#card"))
        assert "check in" in face and "Tue 05 Jan 2027 09:00" in face and "$1,200" in face
        assert "customers" in str(screen(app).query_one("#status-bar", Label).render())


async def test_w_on_a_won_card_is_a_repeat_sale(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert screen(app).card is not None and screen(app).card.name == "Dee Park"
        await pilot.press("w")  # asked first: one key must not record a sale by mistake
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        dee_id = card(tui_deck, "dee").id
        assert app.screen.question == f"Record a repeat sale for #{dee_id} Dee Park?"
        await pilot.press("n")
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceScreen) and len(sales(tui_deck, "dee")) == 1
        await pilot.press("w", "y")
        await settle(pilot)
        said = str(screen(app).query_one("#said", Label).render())
        assert "Repeat sale: #" in said and "Dee Park (sale 2)" in said
        assert len(sales(tui_deck, "dee")) == 2
        dee = card(tui_deck, "dee")
        assert (dee.status, dee.next_follow_up) == (Status.won, at(2027, 2, 18, 9))
        await pilot.press("u")
        await settle(pilot)
        assert len(sales(tui_deck, "dee")) == 1
        assert card(tui_deck, "dee").next_follow_up == at(2027, 2, 11, 9)


async def test_a_customer_due_is_in_todays_view_and_is_logged(
    tui_deck: Store, clock: time_machine.Coordinates
) -> None:
    clock.move_to(at(2027, 2, 11, 10))  # Dee, won on 13 Nov, is due her check-in today
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        view = screen(app)
        listing = screen(app).query_one(DeckList)
        rows = [listing.row(i) for i in range(view.count)]
        customers = [r.name for r in rows if r is not None and r.section == Section.customers]
        assert customers == ["Dee Park"]
        assert "customers to check in (1)" in text_of(listing)
        view.show(view.count - 1)  # the customers come last
        await settle(pilot)
        assert view.card is not None and view.card.name == "Dee Park"
        await pilot.press("l")
        assert isinstance(app.screen, LogScreen)
        await pilot.press("y", "8", "7", *"a second site", "enter")  # answered, 8, 7, notch
        await pilot.press("8", "enter")  # my rating again; no summary
        await pilot.press("enter", "k")  # the proposal (the next check-in); keep the card
        await settle(pilot)
        assert not isinstance(app.screen, LogScreen)
    dee = card(tui_deck, "dee")
    assert (dee.status, dee.rating, dee.interest, dee.notch) == (
        Status.won, 8, 7, "a second site")  # fmt: skip
    assert dee.next_follow_up == at(2027, 5, 12, 9)  # the next check-in, 90 days on


async def test_the_form_takes_a_deal_value_and_refuses_a_bad_one(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")  # Ann
        form = app.screen
        assert isinstance(form, CardForm)
        form.query_one("#f-value", Input).value = "-40"
        await pilot.press("enter")
        await settle(pilot)
        again = app.screen  # refused: the form again, on the value, as typed
        assert isinstance(again, CardForm) and again.focused is again.query_one("#f-value")
        assert again.query_one("#f-value", Input).value == "-40"
        again.query_one("#f-value", Input).value = "$1,250.50"
        await pilot.press("enter")
        await settle(pilot)
        assert "$1,250.50" in text_of(screen(app).query_one("#card"))
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, CardForm)
        assert form.query_one("#f-value", Input).value == "1250.50"
        await pilot.press("escape")
    assert card(tui_deck, "ann").value == 125050


async def test_the_screen_says_there_are_six_views(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        bar = str(screen(app).query_one("#status-bar", Label).render())
        assert "1-6 views" in bar
        await pilot.press("slash", *"nobody at all")
        await settle(pilot)
        face = " ".join(text_of(screen(app).query_one("#card")).split())
        # a search that found nothing says so (not "No cards here"), and where else to look
        face = " ".join(face.replace("│", " ").split())  # the card's edges left out
        assert "No card matches 'nobody at all'." in face
        assert "Change the search, or Esc closes it." in face  # (the keys are the box's)
