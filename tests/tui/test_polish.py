"""What the screen says is true: an empty deck, a search that finds nothing, counts, a
one-card shuffle, the dialogs at 80x24."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from sqlmodel import select
from textual.widgets import Input, Label, TextArea

from carddeck import deck
from carddeck.store import Store
from carddeck.store.models import Change
from carddeck.tui.screens.ask import AskScreen
from carddeck.tui.screens.deck import DeckScreen
from carddeck.tui.widgets.bar import status_bar
from carddeck.tui.widgets.keys import KeyHints
from carddeck.words import number, plural
from tests.tui.conftest import app_for, card, in_deck_view, settle, text_of


def deck_screen(app: Any) -> DeckScreen:
    found = next(s for s in app.screen_stack if isinstance(s, DeckScreen))
    assert isinstance(found, DeckScreen)
    return found


def hinted(app: Any) -> set[str]:
    """The actions the key hints at the foot offer."""
    return {action for _key, action, _d, _on in KeyHints.keys_of(deck_screen(app))}


def said(app: Any) -> str:
    return str(deck_screen(app).query_one("#said", Label).render())


async def test_an_empty_deck_offers_only_the_keys_that_work(
    store: Store, clock: time_machine.Coordinates
) -> None:
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        offered = hinted(app)
        assert {"add", "search", "help"} <= offered
        assert not offered & {"flip", "log", "shuffle('top')", "shuffle('back')"}
        assert "a adds a card" in said(app) and "l logs" not in said(app)
        await pilot.press("g")  # no "(1-0)" to answer: one line says why
        await settle(pilot)
        assert not isinstance(app.screen, AskScreen)
        assert any("No cards here to go to" in str(n.message) for n in app._notifications)
        await pilot.press("l", "space")  # nothing to log or flip: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, DeckScreen) and not deck_screen(app).flipped


async def test_the_card_keys_come_back_with_a_card(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert {"flip", "log", "add"} <= hinted(app)
        await pilot.press("slash", *"xyz", "enter")
        await settle(pilot)
        assert not {"flip", "log"} & hinted(app)
        await pilot.press("escape")  # the search cleared: the cards are back
        await settle(pilot)
        assert {"flip", "log"} <= hinted(app)


async def test_a_search_that_finds_nothing_says_so(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"xyz")
        await settle(pilot)
        face = " ".join(text_of(app.screen.query_one("#card")).split())
        assert "No card matches 'xyz'." in face and "or Esc closes it." in face
        assert "Press a" not in face
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert deck_screen(app).card is not None


async def test_the_hint_under_an_empty_search_is_the_search_boxs_while_it_has_the_keys(
    tui_deck: Store,
) -> None:
    """Typing a search, the line under the card offers none of the deck's keys (they go
    into the box), whether it finds cards or not; once the keys are the deck's again, it
    does."""
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"ann")
        await settle(pilot)
        assert deck_screen(app).card is not None and said(app) == "Esc closes the search"
        await pilot.press("escape", "slash", *"zqx")
        await settle(pilot)
        assert deck_screen(app).card is None and said(app) == "Esc closes the search"
        await pilot.press("escape")
        await settle(pilot)
        assert said(app) == "l logs a contact · space flips the card · ? shows every key"


def face_of(app: Any) -> str:
    """What the card says, its edges left out."""
    return " ".join(text_of(deck_screen(app).query_one("#card")).replace("│", " ").split())


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_enter_on_a_search_leaves_the_keys_where_they_are_of_use(
    tui_deck: Store, size: tuple[int, int]
) -> None:
    """Enter on a search that found nothing keeps the keys in the box, its text there to
    change (the deck's keys, u undoing a change, would act on what is typed); on one that
    found cards it gives them back to the deck. The box stays open either way, and the
    line under the card says that Esc closes it; the empty card says what the keys do."""
    app = in_deck_view(tui_deck)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = deck_screen(app)
        box = screen.query_one("#search", Input) if screen.query("#search") else None
        assert box is None
        await pilot.press("slash", *"zqx", "enter")
        await settle(pilot)
        box = screen.query_one("#search", Input)
        assert app.focused is box and box.display and box.value == "zqx"
        assert said(app) == "No card matches 'zqx': change the search, or Esc closes it"
        assert "No card matches 'zqx'. Change the search, or Esc closes it." in face_of(app)
        await pilot.press("u")  # typed into the box: not an undo
        assert box.value == "zqxu"
        await pilot.press(*["backspace"] * 4, *"ann", "enter")
        await settle(pilot)
        assert app.focused is None and box.display and screen.card is not None
        assert screen.card.name == "Ann Lee" and said(app) == "/ changes the search, Esc closes it"
        await pilot.press("2")  # the deck's keys again: Ann is not due today
        await settle(pilot)
        assert screen.count == 0 and "Esc closes the search, / changes it, or 1-6 look for it in " \
            "the other views." in face_of(app)  # fmt: skip
        await pilot.press("slash")  # the keys to the box: the card says what they do there
        await settle(pilot)
        assert app.focused is box and "Change the search, or Esc closes it." in face_of(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not box.display and app.focused is None and screen.count == 3
        assert "search" not in str(screen.query_one("#status-bar", Label).render())
        assert said(app) == "l logs a contact · space flips the card · ? shows every key"
    with tui_deck.read() as session:  # nothing was undone: Ann's contact is still there
        assert len(deck.contacts_of(session, deck.resolve_card(session, "ann"))) == 1


BIG_DAY = {"overdue": 14300, "due_today": 12300, "new": 7900, "cold": 9200, "customers": 5900}


def test_counts_have_thousands_separators() -> None:
    bar = status_bar(view="today", place="1 of 49,600", width=200, due=BIG_DAY).plain
    assert "14,300 overdue 12,300 today 7,900 new 9,200 cold 5,900 check-in" in bar
    assert plural(100000, "card") == "100,000 cards" and number(7) == "7"


def test_the_bar_at_80_columns_gives_up_whole_counts_and_says_so() -> None:
    bar = status_bar(view="today", place="1 of 49,600", width=80, due=BIG_DAY).plain
    assert len(bar) <= 80
    assert "14,300 overdue 12,300 today" in bar  # the most pressing stay, whole
    assert "check-in" not in bar and bar.rstrip().endswith("…")  # the rest said to be left out
    # no count cut short: each number shown is a whole one
    numbers = [word for word in bar.split() if word[0].isdigit()]
    assert set(numbers) <= {"1", "49,600", *(f"{n:,}" for n in BIG_DAY.values())}


def test_a_long_search_is_shortened_before_a_count_goes() -> None:
    typed = "a very long search for someone"
    bar = status_bar(view="deck", place="0 of 0", width=80, search=typed, due=BIG_DAY).plain
    assert len(bar) <= 80 and "search 'a very long…'" in bar


async def test_the_add_and_edit_forms_take_an_address_of_several_lines(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"Zed Park")
        app.screen.query_one("#f-address", TextArea).focus()
        await pilot.press(*"1 Main St", "enter", *"Newark NJ 07102", "ctrl+s")
        await settle(pilot)
        assert card(tui_deck, "zed").address == "1 Main St\nNewark NJ 07102"
        await pilot.press("e")
        await settle(pilot)
        box = app.screen.query_one("#f-address", TextArea)
        assert box.text == "1 Main St\nNewark NJ 07102"  # the edit form shows it, as saved
        box.focus()
        await pilot.pause()  # focused: the cursor at the end, as Tab leaves it
        await pilot.press("enter", *" USA ", "ctrl+s")  # each line trimmed
        await settle(pilot)
        assert card(tui_deck, "zed").address == "1 Main St\nNewark NJ 07102\nUSA"


async def test_b_on_the_only_card_says_there_is_nothing_to_shuffle(
    store: Store, clock: time_machine.Coordinates
) -> None:
    with store.write() as s:
        deck.add_card(s, deck.CardDraft(name="Sam Solo"))
    app = in_deck_view(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("b", "t"):
            await pilot.press(key)
            await settle(pilot)
            line = " ".join(said(app).split())
            assert line == "Nothing to shuffle: #1 Sam Solo is the only card in the deck"
            assert "Top of the deck" not in line and "u undoes" not in line
    with store.read() as s:  # nothing journalled: undo takes back the add, not a shuffle
        kinds = [row.kind for row in s.exec(select(Change)).all()]
    assert kinds == ["add"]
