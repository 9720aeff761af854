"""The help, an edit that crossed a change made elsewhere, and the log dialog's first
question fit 80x24 and 100x30: a key is never split from what it does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from carddeck import deck
from carddeck.store import Store
from carddeck.tui.screens.ask import ChoiceScreen
from carddeck.tui.screens.help import HelpScreen
from carddeck.tui.widgets.packed import Packed
from tests.tui.conftest import in_deck_view, keys_then_ready, settle, text_of

Compare = Callable[..., bool]


def edited_elsewhere(store: Store) -> Callable[[Pilot[None]], Any]:
    """e, the card changed by someone else meanwhile, then a change of mine saved."""

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        with store.write() as s:
            deck.edit_card(s, deck.resolve_card(s, "ann"), deck.CardChanges(title="Boss"))
        await pilot.press("end", *" Jr", "ctrl+s")
        for _ in range(100):
            await pilot.pause()
            if isinstance(pilot.app.screen, ChoiceScreen):
                break
        await settle(pilot)

    return run


# One test a size (not parametrized): the snapshot is one file for both backends.
def test_help_at_80x24(snap_compare: Compare, tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys_then_ready("question_mark"))


def test_help_at_100x30(snap_compare: Compare, tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_ready("question_mark"))


def test_edit_conflict_at_80x24(snap_compare: Compare, tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    assert snap_compare(app, terminal_size=(80, 24), run_before=edited_elsewhere(tui_deck))


def test_edit_conflict_at_100x30(snap_compare: Compare, tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    assert snap_compare(app, terminal_size=(100, 30), run_before=edited_elsewhere(tui_deck))


def test_log_question_at_80x24(snap_compare: Compare, tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys_then_ready("l"))


def test_log_question_at_100x30(snap_compare: Compare, tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_ready("l"))


def test_pieces_are_kept_whole() -> None:
    keys = ["[o] overwrite with mine", "[e] edit again on theirs", "[r] reload theirs, drop mine",
            "[esc] cancel"]  # fmt: skip
    lines = Packed(keys).lines(70)
    assert lines == ["[o] overwrite with mine   [e] edit again on theirs",
                     "[r] reload theirs, drop mine   [esc] cancel"]  # fmt: skip
    assert Packed(keys).lines(200) == ["   ".join(keys)]


async def test_at_80x24_no_key_is_split_from_what_it_does(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = text_of(app.screen.query(Static).first())
        assert "6 / C" in shown  # customers' two keys side by side, not "(C" / "too)"
        # what a key does wraps in its own column: no line runs back under the keys
        for line in shown.splitlines()[1:]:
            assert not line.strip() or line.startswith(("  ", "Working", "A deck", "And"))
        await pilot.press("escape", "l")
        await settle(pilot)
        question = text_of(app.screen.query_one("#log-question")).splitlines()
        assert question[0].strip() == "Did they answer?   [y] yes   [n] no answer"
        assert question[1].strip().startswith("by call: [c]all [t]ext [e]mail")
