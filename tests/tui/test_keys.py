"""Every key of the deck screen, asserting what the store holds afterwards."""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from textual.widgets import Input, Label, Static

from carddeck import deck
from carddeck.store import Contact, Status, Store
from carddeck.tui.screens.ask import AskScreen, ChoiceScreen
from carddeck.tui.screens.deck import DeckScreen
from carddeck.tui.screens.form import CardForm
from carddeck.tui.screens.help import HelpScreen
from carddeck.tui.screens.log import LogScreen
from carddeck.tui.screens.stats import StatsScreen
from carddeck.tui.widgets.decklist import DeckList
from tests.helpers import at
from tests.tui.conftest import app_for, card, in_deck_view, order, settle, text_of


def screen(app: Any) -> DeckScreen:
    found = next(s for s in app.screen_stack if isinstance(s, DeckScreen))
    assert isinstance(found, DeckScreen)
    return found


def current(app: Any) -> str:
    shown = screen(app).card
    return shown.name.split()[0] if shown else ""


def listed(app: Any, rows: int) -> list[str]:
    """The first names of the deck list's first ``rows`` rows, as the screen holds them."""
    listing = app.screen.query_one(DeckList)
    return [listing.row(i).name.split()[0] for i in range(rows)]


async def test_opens_on_todays_calls_when_anything_is_due(tui_deck: Store) -> None:
    app = app_for(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert current(app) == "Cy"  # due today comes first; then Bob (new), then Eve (cold)
        assert screen(app).count == 3
        bar = str(app.screen.query_one("#status-bar", Label).render())
        assert "today · 1 of 3" in bar
        assert "1 today 1 new 1 cold" in bar  # each card counted once


async def test_a_setting_pins_the_start_view(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert current(app) == "Ann" and screen(app).count == 4  # Dee is won: not here
        bar = str(app.screen.query_one("#status-bar", Label).render())
        assert "deck · 1 of 4" in bar


async def test_moving_through_the_deck(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        assert current(app) == "Bob"
        await pilot.press("down", "down")
        assert current(app) == "Eve"
        await pilot.press("down")  # stays on the last card
        assert current(app) == "Eve"
        await pilot.press("k")
        assert current(app) == "Cy"
        await pilot.press("up")
        assert current(app) == "Bob"
        await pilot.press("end")
        assert current(app) == "Eve"
        await pilot.press("home")
        assert current(app) == "Ann"
        await pilot.press("g")
        assert isinstance(app.screen, AskScreen)
        await pilot.press("3", "enter")
        assert current(app) == "Cy"
        await pilot.press("g", "9", "enter")  # out of range: stays, says so
        assert current(app) == "Cy"
        await pilot.press("escape")  # a number typed is nothing to keep: no "throw away?"
        await settle(pilot)
        assert app.screen is screen(app) and current(app) == "Cy"


async def test_space_flips_to_the_back_with_the_recap(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        face = app.screen.query_one("#card")
        assert "one notch up" in text_of(face)
        await pilot.press("space")
        assert screen(app).flipped
        back = text_of(face)
        assert "recap" in back and "Pricing fine; wants references" in back
        await pilot.press("space")
        assert not screen(app).flipped


async def test_the_back_shows_the_address_and_further_reach_at_80x24(tui_deck: Store) -> None:
    with tui_deck.write() as s:
        ann = deck.resolve_card(s, "ann")
        deck.edit_card(s, ann, deck.CardChanges(address="12 Elm St\nBrooklyn, NY 11201"))
        ann.other_phones, ann.other_emails = "+12125550199", "ann@home.example"  # as imported
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        back = text_of(app.screen.query_one("#card"))
        for shown in ("address", "12 Elm St", "Brooklyn, NY 11201", "also", "(212) 555-0199",
                      "ann@home.example", "contacts, newest first"):  # fmt: skip
            assert shown in back, back


async def test_t_and_b_shuffle_in_the_store(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    app.animation_level = "full"  # the card slides away for real here
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")  # Cy
        await pilot.press("t")
        await pilot.wait_for_animation()
        await settle(pilot)
        assert app.screen.query_one("#card").offset == (0, 0)  # back in place for the next
        assert order(tui_deck) == ["Cy", "Ann", "Bob", "Eve"]
        assert current(app) == "Eve"  # the card that followed Cy comes up
        await pilot.press("home", "b")
        await pilot.wait_for_animation()
        await settle(pilot)
        assert order(tui_deck) == ["Ann", "Bob", "Eve", "Cy"]
        assert current(app) == "Ann"  # the card that followed Cy


async def test_a_shuffle_is_shown_at_once_and_the_screen_agrees_with_the_store(
    tui_deck: Store,
) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")  # Ann to the back: Bob comes up before the move is read again
        assert current(app) == "Bob"
        listing = app.screen.query_one(DeckList)
        assert [listing.row(i).name.split()[0] for i in range(4)] == ["Bob", "Cy", "Eve", "Ann"]
        await settle(pilot)
        assert order(tui_deck) == ["Bob", "Cy", "Eve", "Ann"]
        listed = text_of(listing)
        assert [line.split()[1] for line in listed.splitlines()[:4]] == order(tui_deck)
        assert "Back of the deck: #" in text_of(app.screen.query_one("#said"))
        await pilot.press("t")  # Bob to the top: it was there already; Cy comes up
        await settle(pilot)
        assert order(tui_deck) == ["Bob", "Cy", "Eve", "Ann"] and current(app) == "Cy"


async def test_a_shuffle_refused_by_the_store_is_said_and_the_screen_agrees_with_it(
    tui_deck: Store,
) -> None:
    from carddeck.deck.privacy import erase

    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        said = text_of(app.screen.query_one("#said"))
        with tui_deck.write() as s:  # Ann erased by another carddeck, just before the key
            erase(s, deck.get_card(s, card(tui_deck, "ann").id or 0))
        await pilot.press("b")  # shown at once; the store refuses it: Ann is not there
        await settle(pilot)
        assert text_of(app.screen.query_one("#said")) == said  # nothing was moved
        assert any("#" in str(n.message) for n in app._notifications)  # the refusal, said
        assert order(tui_deck) == ["Bob", "Cy", "Eve"]
        assert listed(app, 3) == order(tui_deck)


async def test_a_shuffle_shown_then_quit_at_once_is_on_disk(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b", "q")  # quit before the move's write is done: it waits for it
    assert order(tui_deck) == ["Bob", "Cy", "Eve", "Ann"]


async def test_undo_at_once_after_a_shuffle_takes_that_shuffle_back(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "b", "u")  # the undo waits for the move to be written
        await settle(pilot)
        assert order(tui_deck) == ["Ann", "Bob", "Cy", "Eve"]
        assert current(app) == "Bob"
        assert listed(app, 4) == order(tui_deck)


async def test_l_logs_a_contact_the_method_way(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")  # Bob, a new lead
        await pilot.press("l")
        assert isinstance(app.screen, LogScreen)
        await pilot.press("y", "7", "5")  # answered (by call), my 7, their 5
        await pilot.press(*"a reference", "enter")  # what would it take to get to 6?
        await pilot.press("8")  # my rating again
        await pilot.press(*"budget ok", "enter")  # summary
        await pilot.press("enter")  # next follow-up: the proposal is taken
        await pilot.press("t")  # to the top
        await settle(pilot)
        assert not isinstance(app.screen, LogScreen)
    bob = card(tui_deck, "bob")
    assert (bob.status, bob.rating, bob.interest, bob.notch) == (Status.active, 8, 5, "a reference")
    assert bob.next_follow_up == at(2026, 11, 23, 9)  # Monday, the next working day
    assert order(tui_deck)[0] == "Bob"
    with tui_deck.read() as s:
        (contact,) = deck.contacts_of(s, bob)
    assert (contact.rating, contact.rating_after, contact.summary) == (7, 8, "budget ok")


async def test_the_log_dialog_opened_again_starts_afresh_on_the_card_shown(
    tui_deck: Store,
) -> None:
    with tui_deck.read() as s:
        cy_before = len(deck.contacts_of(s, card(tui_deck, "cy")))
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "l")  # Bob; answered, my 7, then a thrown-away contact
        first = app.screen
        assert isinstance(first, LogScreen) and first.card.name.startswith("Bob")
        await pilot.press("y", "7", "escape", "y")  # escape asks: yes, throw it away
        await settle(pilot)
        assert not isinstance(app.screen, LogScreen)
        await pilot.press("j", "l")  # Cy: the same dialog, opened afresh
        again = app.screen
        assert again is first and isinstance(again, LogScreen)
        assert again.card.name.startswith("Cy") and again.step == "answer" and not again.said
        assert f"#{again.card.id} " in text_of(again.query_one("#log-title"))
        assert "Cy" in text_of(again.query_one("#log-card"))
        assert "Did they answer?" in text_of(again.query_one("#log-question"))
        assert not again.query_one("#log-input", Input).display
        await pilot.press("n", "enter", "enter", "k")  # no answer, no note, proposal, keep
        await settle(pilot)
    with tui_deck.read() as s:
        assert len(deck.contacts_of(s, card(tui_deck, "cy"))) == cy_before + 1
        assert deck.contacts_of(s, card(tui_deck, "bob")) == []


async def test_log_no_answer_and_a_typed_date(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l", "t", "n")  # by text, no answer
        await pilot.press("enter")  # no summary
        box = app.screen.query_one("#log-input", Input)
        await pilot.press(*"whenever", "enter")  # replaces the proposal; refused, stays
        assert isinstance(app.screen, LogScreen)
        assert "cannot read 'whenever' as a date" in text_of(app.screen.query_one("#log-error"))
        box.value = ""
        await pilot.press(*"tue 2pm", "enter", "enter")  # keep its place
        await settle(pilot)
    ann = card(tui_deck, "ann")
    assert ann.attempts == 1 and ann.next_follow_up == at(2026, 11, 24, 14)


async def test_one_key_answers_show_their_keys(tui_deck: Store) -> None:
    with tui_deck.write() as s:  # brackets in a name are text too
        deck.edit_card(s, deck.resolve_card(s, "ann"), deck.CardChanges(name="Ann [VIP] Lee"))
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()
        question = text_of(app.screen.query_one("#log-question"))
        assert "[y] yes   [n] no answer" in question and "[c]all [t]ext" in question
        assert "Ann [VIP] Lee" in text_of(app.screen.query_one("#log-card"))
        await pilot.press("escape", "d")
        await settle(pilot)
        shown = " ".join(text_of(label) for label in app.screen.query(Label))
        assert "[y] yes, do not contact" in shown and "Ann [VIP] Lee" in shown
        await pilot.press("n", "slash", *"[x")  # a search with a bracket is just text
        await settle(pilot)
        assert "search '[x'" in str(app.screen.query_one("#status-bar", Label).render())


async def test_escape_cancels_a_log_and_saves_nothing(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l", "y", "3", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)  # typed answers: throw them away?
        await pilot.press("n")  # no: back to logging, the answers still there
        assert isinstance(app.screen, LogScreen) and app.screen.entry.rating == 3
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, DeckScreen)
    with tui_deck.read() as s:
        assert len(s.exec(select(Contact)).all()) == 4  # as the fixture left it


async def test_a_adds_a_card(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, CardForm)
        await pilot.press(*"Fay Wray", "tab", *"Skull Island Tours", "tab", "tab", *"212-555-0199")
        await pilot.press("enter")
        await settle(pilot)
        assert current(app) == "Fay"
    fay = card(tui_deck, "fay")
    assert (fay.company, fay.phone, fay.status) == (
        "Skull Island Tours",
        "+12125550199",
        Status.new,
    )
    assert order(tui_deck)[0] == "Fay"


async def test_an_add_that_matches_many_cards_says_so_in_one_line(tui_deck: Store) -> None:
    with tui_deck.write() as s:  # five cards already have the phone about to be typed
        for name in ("Gil", "Hugh", "Ivy", "Jan", "Kit"):
            deck.add_card(s, deck.CardDraft(name=name, phone="212-555-0177"))
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"Lee", "tab", "tab", "tab", *"(212) 555-0177", "enter")
        await settle(pilot)
        said = [str(n.message) for n in app._notifications if "same phone" in str(n.message)]
        assert len(said) == 1  # one line, not a toast a card covering the list
        assert said[0].startswith("5 or more cards have the same phone: #")  # looked for 5
    assert card(tui_deck, "lee").phone == "+12125550177"


async def test_a_bad_add_keeps_what_was_typed(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"Gus", "tab", "tab", "tab", "tab", *"gus@", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CardForm)  # the form again, with Gus still typed
        assert app.screen.query_one("#f-name", Input).value == "Gus"
    assert order(tui_deck) == ["Ann", "Bob", "Cy", "Eve"]


async def test_e_edits_the_card(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, CardForm)
        form.query_one("#f-stage", Input).value = "present"
        form.query_one("#f-need", Input).value = "fewer no-shows"
        await pilot.press("enter")
        await settle(pilot)
    ann = card(tui_deck, "ann")
    assert (ann.stage.value, ann.need, ann.version) == ("present", "fewer no-shows", 3)


async def test_an_edit_that_crosses_a_change_elsewhere_asks_first(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        with tui_deck.write() as s:  # another carddeck changes Ann meanwhile
            deck.edit_card(s, deck.resolve_card(s, "ann"), deck.CardChanges(notes="theirs"))
        app.screen.query_one("#f-notes", Input).value = "mine"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        assert card(tui_deck, "ann").notes == "theirs"  # nothing overwritten silently
        await pilot.press("o")
        await settle(pilot)
    assert card(tui_deck, "ann").notes == "mine"


async def test_edit_again_on_theirs_keeps_their_change_and_mine_where_they_did_not(
    tui_deck: Store,
) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        with tui_deck.write() as s:  # another carddeck changes Ann's title meanwhile
            deck.edit_card(s, deck.resolve_card(s, "ann"), deck.CardChanges(title="Dentist"))
        app.screen.query_one("#f-title", Input).value = "CEO"  # the same field...
        app.screen.query_one("#f-notes", Input).value = "mine"  # ...and one they left alone
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CardForm)
        assert form.query_one("#f-title", Input).value == "Dentist"  # theirs, as chosen
        assert form.query_one("#f-notes", Input).value == "mine"  # my change kept
        said = " ".join(str(n.message) for n in app._notifications)
        assert "you typed Title: 'CEO'" in said  # mine there is named, not dropped unseen
        await pilot.press("enter")
        await settle(pilot)
    ann = card(tui_deck, "ann")
    assert (ann.title, ann.notes) == ("Dentist", "mine")


async def test_search_as_you_type(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"roof")
        await settle(pilot)
        assert screen(app).count == 1 and current(app) == "Bob"
        box = app.screen.query_one("#search", Input)
        box.value = "555 0134"  # a phone, as typed with spaces: digits match
        await settle(pilot)
        assert current(app) == "Ann"
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert screen(app).count == 4


async def test_views(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)

        async def names(key: str) -> list[str]:
            await pilot.press(key)
            await settle(pilot)
            found = []
            for index in range(screen(app).count):
                screen(app).show(index)
                found.append(current(app))
            return found

        assert await names("2") == ["Cy", "Bob", "Eve"]  # today: due today, new lead, cold
        assert await names("3") == ["Eve"]  # cold: no next date
        assert await names("4") == ["Dee"]  # closed
        assert await names("1") == ["Ann", "Bob", "Cy", "Eve"]


async def test_status_keys(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("w")  # Ann won
        await settle(pilot)
        assert current(app) == "Bob"
        await pilot.press("x", *"went elsewhere", "enter")  # Bob: never called yet...
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)  # ...so: are you sure?
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("d", "n")  # not confirmed: Cy stays
        await settle(pilot)
        assert card(tui_deck, "cy").status == Status.active
        await pilot.press("d", "y")  # Cy: do not contact
        await settle(pilot)
        await pilot.press("n", *"2027-02-01", "enter")  # Eve nurtured
        await settle(pilot)
    assert card(tui_deck, "ann").status == Status.won
    bob = card(tui_deck, "bob")
    assert (bob.status, bob.lost_reason) == (Status.lost, "went elsewhere")
    assert card(tui_deck, "cy").status == Status.do_not_contact
    eve = card(tui_deck, "eve")
    assert (eve.status, eve.next_follow_up) == (Status.nurture, at(2027, 2, 1, 9))


async def test_u_undoes_several_steps(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "t")  # Bob to the top
        await settle(pilot)
        await pilot.press("home", "l", "y", "9", "9", *"the contract", "enter")
        await pilot.press("enter", "enter", "enter", "enter")  # no rating after, no summary...
        await settle(pilot)
        for _ in range(50):  # the modal's answer is handled after the keys: wait for it
            if card(tui_deck, "bob").rating == 9 and isinstance(app.screen, DeckScreen):
                break
            await pilot.pause(0.05)
        assert card(tui_deck, "bob").status == Status.active
        await pilot.press("home", "w")  # Bob won
        await settle(pilot)
        assert card(tui_deck, "bob").status == Status.won
        with tui_deck.read() as s:
            assert len(s.exec(select(Contact)).all()) == 5
        await pilot.press("u")
        await settle(pilot)
        assert card(tui_deck, "bob").status == Status.active
        await pilot.press("u")
        await settle(pilot)
        with tui_deck.read() as s:
            assert len(s.exec(select(Contact)).all()) == 4
        bob = card(tui_deck, "bob")
        assert (bob.status, bob.rating, bob.notch) == (Status.new, None, None)
        await pilot.press("u")
        await settle(pilot)
        assert order(tui_deck) == ["Ann", "Bob", "Cy", "Eve"]
        await pilot.press("u")  # nothing left
        await settle(pilot)
    assert order(tui_deck) == ["Ann", "Bob", "Cy", "Eve"]


async def test_undoing_a_do_not_contact_mark_is_asked(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "d", "y")  # Cy: do not contact
        await settle(pilot)
        assert card(tui_deck, "cy").status == Status.do_not_contact
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        assert "asked not to be contacted" in str(app.screen.query_one(".question", Label).render())
        await pilot.press("n")  # keep the mark
        await settle(pilot)
        assert card(tui_deck, "cy").status == Status.do_not_contact
        await pilot.press("u", "y")  # a mistake: undone
        await settle(pilot)
    assert card(tui_deck, "cy").status == Status.active


async def test_undo_an_add(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"Temp", "enter")
        await settle(pilot)
        assert order(tui_deck)[0] == "Temp"
        await pilot.press("u")
        await settle(pilot)
    assert order(tui_deck) == ["Ann", "Bob", "Cy", "Eve"]


async def test_help_palette_and_quit(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        assert isinstance(app.screen, StatsScreen)
        board = text_of(app.screen.query_one(Static))
        assert "by source" in board
        # the default targets: 90% called within the window, the cadence's 7 attempts
        assert " ".join(board.split()).count("called in window 50% 90% ") == 1
        await pilot.press("escape")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, DeckScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Flip", "enter")
        await settle(pilot)
        assert screen(app).flipped
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_changes_from_elsewhere_show_up_keeping_the_card(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")  # Bob
        with tui_deck.write() as s:  # the command line adds a card to the top meanwhile
            deck.add_card(s, deck.CardDraft(name="Zed Newcomer", place="top"))
        for _ in range(50):
            await pilot.pause(0.1)
            if screen(app).count == 5:
                break
        await settle(pilot)
        assert screen(app).count == 5
        assert current(app) == "Bob" and screen(app).index == 2


async def test_a_small_terminal_gets_a_hint_and_resizing_redraws(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(50, 15)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("too-small")
        hint = text_of(app.screen.query_one("#too-small"))
        assert "50x15" in hint and "70x20" in hint
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not app.screen.has_class("too-small")
        assert current(app) == "Ann"


async def test_keys_typed_in_one_burst_with_slash_go_into_the_search_box(
    tui_deck: Store,
) -> None:
    """/ then letters in one burst (a paste, a slow link): the letters reach the screen
    before the box has the keys; they are typed into it, never done as the deck's keys."""
    from textual import events

    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown, index = current(app), app.screen.index
        for key, char in (("slash", "/"), ("b", "b"), ("o", "o"), ("x", "x"),
                          ("backspace", None), ("b", "b")):  # fmt: skip
            app.post_message(events.Key(key, char))
        await settle(pilot)
        box = app.screen.query_one("#search", Input)
        assert box.value == "bob" and box.has_focus
        assert isinstance(app.screen, DeckScreen)  # b did not send a card back, x asked nothing
        assert current(app) == "Bob"  # the search found him
        await pilot.press("escape")
        await settle(pilot)
        assert not box.display and current(app) == shown and app.screen.index == index


async def test_a_small_terminal_hides_the_search_box_and_gives_it_back(tui_deck: Store) -> None:
    """The box goes with the rest of the deck while the terminal is too small (keys typed
    then go nowhere near it), and comes back, with its text and the keys, after."""
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "b", "o")
        await settle(pilot)
        box = app.screen.query_one("#search", Input)
        assert box.display and box.has_focus and box.value == "bo"
        await pilot.resize_terminal(60, 18)
        await settle(pilot)
        assert app.screen.has_class("too-small")
        assert not box.display and not box.has_focus
        # no key acts on the hidden deck (b would send the card to the back), nor goes
        # into the hidden box
        shown = current(app)
        await pilot.press("b", "j", "x")
        await settle(pilot)
        assert box.value == "bo" and current(app) == shown and app.screen.index == 0
        assert isinstance(app.screen, DeckScreen)  # x (lost) asked nothing
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert box.display and box.has_focus and box.value == "bo"
        await pilot.press("b")
        await settle(pilot)
        assert box.value == "bob" and current(app) == "Bob"


async def test_the_seventh_unanswered_attempt_offers_nurture(tui_deck: Store) -> None:
    with tui_deck.write() as s:
        eve = deck.resolve_card(s, "eve")
        for day in range(4, 9):  # Eve already had one; five more make six
            deck.log_contact(
                s,
                eve,
                deck.LogEntry(reached=False, next_follow_up=at(2026, 11, 20, 9)),
                now=at(2026, 11, day, 9),
            )
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("end", "l", "n", "enter")  # no answer, no summary
        question = text_of(app.screen.query_one("#log-question"))
        assert "7 of 7 attempts, no answer: nurture it until" in question
        await pilot.press("enter", "enter")  # nurture (the offer), keep its place
        await settle(pilot)
    eve = card(tui_deck, "eve")
    assert eve.status == Status.nurture and eve.attempts == 7


async def test_the_back_shows_the_interest_ladder(tui_deck: Store) -> None:
    with tui_deck.write() as s:
        deck.log_contact(
            s, deck.resolve_card(s, "ann"), deck.LogEntry(rating=7, interest=8, notch="terms")
        )
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        assert "interest 5 → 8" in text_of(app.screen.query_one("#card"))


async def test_the_inbox_take_junk_assign_and_everyones(tui_deck: Store, monkeypatch: Any) -> None:
    monkeypatch.setenv("CARDDECK_SELLER", "Pat")
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("i")  # nobody has taken a lead: every open lead waits here
        await settle(pilot)
        assert current(app) == "Eve" and screen(app).count == 4  # oldest first
        await pilot.press("m")  # Eve is mine: the deck is shared from now on
        await settle(pilot)
        assert card(tui_deck, "eve").owner == "Pat"
        assert screen(app).count == 3 and current(app) == "Cy"
        await pilot.press("J", "y")  # Cy is junk
        await settle(pilot)
        assert card(tui_deck, "cy").status == Status.junk
        await pilot.press("o", *"Sam", "enter")  # the next one, Ann, to Sam
        await settle(pilot)
        assert card(tui_deck, "ann").owner == "Sam"
        await pilot.press("o", *"me", "enter")  # and Bob, the last, to me: Pat
        await settle(pilot)
        assert card(tui_deck, "bob").owner == "Pat"
        await pilot.press("1")  # the deck: my cards only
        await settle(pilot)
        assert screen(app).count == 2 and current(app) in ("Eve", "Bob")
        assert "Pat" in str(app.screen.query_one("#status-bar", Label).render())
        await pilot.press("A")  # every seller's
        await settle(pilot)
        assert screen(app).count == 3  # Eve, Bob (mine), Ann (Sam's)
        assert "every seller" in str(app.screen.query_one("#status-bar", Label).render())
