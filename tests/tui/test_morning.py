"""The morning's path on screen: today's calls first, a call logged beside the card, the
date typed as a person types it, a line saying what was done, nothing cut at 80x24."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input, Label

from carddeck import deck
from carddeck.store import Status, Store
from carddeck.tui.screens.ask import ChoiceScreen
from carddeck.tui.screens.deck import DeckScreen
from carddeck.tui.screens.form import CardForm
from carddeck.tui.screens.log import LogScreen
from carddeck.tui.widgets.decklist import DeckList
from tests.helpers import at
from tests.tui.conftest import app_for, card, in_deck_view, order, settle, text_of


def screen(app: object) -> DeckScreen:
    found = next(s for s in app.screen_stack if isinstance(s, DeckScreen))  # type: ignore[attr-defined]
    assert isinstance(found, DeckScreen)
    return found


def said(app: object) -> str:
    return " ".join(text_of(screen(app).query_one("#said", Label)).split())


def listing(app: object) -> str:
    return text_of(screen(app).query_one(DeckList))


def calls(session: object, card: object, count: int) -> None:
    """``count`` answered calls with Ann, an hour apart on Thursday 19 November."""
    for n in range(count):
        entry = deck.LogEntry(rating=6, interest=5, notch=f"step {n}", summary=f"call number {n}",
                              next_follow_up=at(2026, 11, 23, 9))  # fmt: skip
        when = at(2026, 11, 19, 12) + timedelta(hours=n)
        deck.log_contact(session, card, entry, now=when)  # type: ignore[arg-type]


async def to_the_date_step(pilot: object, app: object) -> None:
    """Log Ann (the deck view's first card) as answered, up to the next-date step."""
    await pilot.press("l", "y", "6", "5", *"a quote", "enter", "enter")  # type: ignore[attr-defined]
    await pilot.press(*"liked it", "enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("typed", "due"),
    [
        ("thu 10am", at(2026, 11, 26, 10)),
        ("+2b", at(2026, 11, 24, 9)),
        ("fri", at(2026, 11, 27, 9)),
    ],  # fmt: skip
)
async def test_typing_replaces_the_proposed_date(tui_deck: Store, typed: str, due: object) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await to_the_date_step(pilot, app)
        box = app.screen.query_one("#log-input", Input)
        assert box.value == "Mon 23 Nov 09:00"  # the proposal: the next working day
        assert "the next working day" in text_of(app.screen.query_one("#log-question"))
        await pilot.press(*typed)
        assert box.value == typed  # typed over the proposal, not into it
        await pilot.press("enter", "enter")
        await settle(pilot)
    assert card(tui_deck, "ann").next_follow_up == due


async def test_enter_alone_takes_the_proposal_and_backspace_clears_it(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await to_the_date_step(pilot, app)
        box = app.screen.query_one("#log-input", Input)
        await pilot.press("backspace")
        assert box.value == ""  # the whole proposal, as one selection
        await pilot.press("escape", "n")  # thrown away? no: keep logging
        box.value = "Mon 23 Nov 09:00"
        await pilot.press("enter", "enter")
        await settle(pilot)
    assert card(tui_deck, "ann").next_follow_up == at(2026, 11, 23, 9)


async def test_a_date_error_fits_the_dialog_at_80x24(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await to_the_date_step(pilot, app)
        await pilot.press(*"someday soon", "enter")
        error = app.screen.query_one("#log-error", Label)
        dialog = app.screen.query_one("#log")
        shown = " ".join(text_of(error).split())
        assert "cannot read 'someday soon' as a date" in shown and shown.endswith("2026-12-01")
        assert dialog.region.contains_region(error.region)
        assert isinstance(app.screen, LogScreen)  # still on the step, nothing saved
    assert card(tui_deck, "ann").version == 2


async def test_the_card_stays_in_view_while_logging_at_80x24(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()
        sheet = text_of(app.screen.query_one("#log-card"))
        for seen in ("Ann Lee", "(212) 555-0134", "ann@acme.example", "a walkthrough quote",
                     "Pricing fine; wants references", "Two clinics, one in Queens",
                     "Fewer no-shows"):  # fmt: skip
            assert seen in sheet, seen
        await pilot.press("y", "6", "5", *"a quote", "enter", "enter", *"ok", "enter")
        await pilot.pause()
        dialog = app.screen.query_one("#log")
        assert dialog.region.bottom <= 24  # the steps fit under the sheet
        assert "(212) 555-0134" in text_of(app.screen.query_one("#log-card"))


async def test_each_save_says_what_it_did(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l", "y", "6", "5", *"a quote", "enter", "enter", "enter", "enter")
        await pilot.press("k")
        await settle(pilot)
        assert "Logged #1 Ann Lee: rated 6, interest 5 · next Mon 23 Nov 09:00 by call" in (
            said(app)
        ) and "u undoes it" in said(app)
        await pilot.press("b")
        await settle(pilot)
        assert "Back of the deck: #1 Ann Lee (5 of 5)" in said(app)
        await pilot.press("w")  # Bob, now the first card
        await settle(pilot)
        assert "Won: #2 Bob Stone" in said(app)
        await pilot.press("n", *"2027-02-01", "enter")  # Cy
        await settle(pilot)
        assert "Nurture: #3 Cy Young, due again Mon 01 Feb 2027 09:00" in said(app)
        await pilot.press("x", *"chose a rival", "enter", "y")
        await settle(pilot)
        assert "Lost: #3 Cy Young (chose a rival)" in said(app)
        await pilot.press("d", "y")  # Eve
        await settle(pilot)
        assert "Do not contact: #5 Eve Adams" in said(app)
        await pilot.press("u", "y")  # asked first: "they asked not to be contacted"
        await settle(pilot)
        assert said(app).startswith("Undid do not contact for #5 Eve Adams")
    assert card(tui_deck, "eve").status == Status.active


async def test_todays_calls_in_sections_and_counted_once(tui_deck: Store) -> None:
    with tui_deck.write() as s:  # Ann, a day overdue
        ann = deck.resolve_card(s, "ann")
        deck.edit_card(s, ann, deck.CardChanges(next_follow_up=at(2026, 11, 21, 9)))
        ann.next_follow_up = at(2026, 11, 19, 9)
    app = app_for(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lines = [line.strip("▏ ") for line in listing(app).splitlines() if line.strip("▏ ")]
        assert [line.split()[0] for line in lines] == ["──", "1", "──", "2", "──", "3", "──",
                                                       "4"]  # fmt: skip
        assert lines[0].startswith("── overdue (1)") and "Ann Lee" in lines[1]
        assert lines[2].startswith("── due today (1)") and "Cy Young" in lines[3]
        assert lines[4].startswith("── new leads (1)")
        assert "Bob Stone" in lines[5] and lines[5].endswith("22h left")  # window: Mon 16:00
        assert lines[6].startswith("── cold (1)") and "Eve Adams" in lines[7]
        bar = str(screen(app).query_one("#status-bar", Label).render())
        assert "1 overdue 1 today 1 new 1 cold" in bar
        assert screen(app).count == 4


async def test_a_click_on_a_row_shows_that_card(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.click(DeckList, offset=(3, 2))  # the third row: Cy
        await settle(pilot)
        assert screen(app).card is not None and screen(app).card.name == "Cy Young"
        assert screen(app).index == 2


async def test_escape_in_a_form_with_typed_text_asks_first(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"Half typed", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("n")
        assert isinstance(app.screen, CardForm)
        assert app.screen.query_one("#f-name", Input).value == "Half typed"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, DeckScreen)
        await pilot.press("a", "escape")  # nothing typed: no question
        await settle(pilot)
        assert isinstance(app.screen, DeckScreen)
    assert order(tui_deck) == ["Ann", "Bob", "Cy", "Eve"]


async def test_a_long_history_says_how_many_more_at_80x24(tui_deck: Store) -> None:
    with tui_deck.write() as s:
        ann = deck.resolve_card(s, "ann")
        calls(s, ann, 12)
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        back = text_of(app.screen.query_one("#card"))
        assert "Ann Lee" in back.splitlines()[1]  # the back carries the name
        assert "call number 11" in back  # the newest first
        more = [line for line in back.splitlines() if "older contacts" in line]
        assert more and "carddeck show 1" in more[0]
        shown = sum(" rated 6, interest 5" in line for line in back.splitlines())
        assert shown >= 1
        assert f"… and {13 - shown} older contacts" in more[0]


async def test_questions_wrap_in_their_dialog_at_80x24(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        question = " ".join(text_of(app.screen.query_one(".question")).split())
        assert question == ("Did Ann Lee ask not to be contacted? They will never come due again.")


async def test_names_use_the_width_they_have_and_phones_read_well(tui_deck: Store) -> None:
    with tui_deck.write() as s:
        deck.edit_card(s, deck.resolve_card(s, "cy"),
                       deck.CardChanges(name="Cyrus Youngblood-Fairweather"))  # fmt: skip
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        rows = listing(app)
        assert "Cyrus Youngblood-Fairweather · Young & Co" in rows
        assert "+44 20 7946 0958" in rows  # Bob: a UK number, international
        assert "(212) 555-0134" in rows  # Ann: a local one, national
        assert "(212) 555-0134" in text_of(app.screen.query_one("#card"))


async def test_a_refused_save_goes_back_to_the_wrong_field_wiping_nothing(
    tui_deck: Store,
) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"Fay Wray", "tab", "tab", "tab", "tab", *"fay@skull")
        await pilot.press("enter")  # an email without a domain: refused
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CardForm) and form.focused is not None
        assert form.focused.id == "f-email"  # the cursor is where the mistake is...
        await pilot.press(*".example", "enter")  # ...so typing goes on from there
        await settle(pilot)
    fay = card(tui_deck, "fay")
    assert (fay.name, fay.email) == ("Fay Wray", "fay@skull.example")


async def test_go_to_a_number_out_of_range_asks_again(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("g", "9", "9", "enter")
        await pilot.pause()
        assert "give a card number from 1 to 4" in text_of(app.screen.query_one("#ask-error"))
        await pilot.press("backspace", "backspace", "3", "enter")
        await settle(pilot)
        assert screen(app).card is not None and screen(app).card.name == "Cy Young"
    assert order(tui_deck) == ["Ann", "Bob", "Cy", "Eve"]  # no key fell through to the deck


async def test_backspace_takes_the_last_answer_back(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l", "y", "1")  # meant 10...
        await pilot.press("backspace", "0", "5")  # ...so back, and 10 it is; interest 5
        await pilot.press(*"a demo", "enter", "enter", "enter", "enter", "enter")
        await settle(pilot)
    ann = card(tui_deck, "ann")
    with tui_deck.read() as s:
        newest = deck.contacts_of(s, ann)[0]
    assert (newest.rating, newest.interest, newest.notch) == (10, 5, "a demo")


async def test_the_back_keeps_the_newest_contact_in_view_at_80x24(tui_deck: Store) -> None:
    with tui_deck.write() as s:
        ann = deck.resolve_card(s, "ann")
        deck.edit_card(s, ann, deck.CardChanges(notes="long note " * 30))
        calls(s, ann, 5)
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        back = text_of(app.screen.query_one("#card"))
        assert "call number 4" in back.split("contacts, newest first")[1]  # the newest
        notes = next(line for line in back.splitlines() if "long note" in line)
        assert notes.rstrip(" │").endswith("…")  # the notes, cut with a mark
        assert "older contacts (carddeck show 1)" in back


async def test_new_leads_keep_their_hours_in_a_narrow_list(tui_deck: Store) -> None:
    with tui_deck.write() as s:
        deck.edit_card(s, deck.resolve_card(s, "bob"),
                       deck.CardChanges(name="Bartholomew Stonecutter"))  # fmt: skip
    app = app_for(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = next(line for line in listing(app).splitlines() if "Bartholom" in line)
        assert row.strip("▏ ").endswith("22h left") and "…" in row


async def test_settings_problems_are_said_on_the_screen(tui_deck: Store) -> None:
    from carddeck.tui.app import CarddeckApp

    app = CarddeckApp(
        db=tui_deck.location,
        warnings=["config.toml: start_view = 'sideways': expected one of auto"],
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert any("start_view" in n.message for n in app._notifications)
        await pilot.press("ctrl+c")  # and Ctrl-C quits, as in any terminal program
        await pilot.pause()
    assert not app.is_running
