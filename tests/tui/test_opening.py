"""The screen's frame comes before the deck is open; keys pressed meanwhile wait for it; a
deck that cannot be opened is said on the screen; the screen's own commits are no change
from elsewhere."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from carddeck import deck
from carddeck.errors import NotADeck, StoreError
from carddeck.store import Store
from carddeck.tui.app import CarddeckApp
from carddeck.tui.screens import deckview
from carddeck.tui.screens.deck import DeckScreen
from carddeck.tui.screens.help import HelpScreen
from carddeck.tui.widgets.card import CardStack, IndexCard
from carddeck.tui.widgets.keys import KeyHints
from tests.tui.conftest import in_deck_view, settle, text_of


def bar(app: CarddeckApp) -> str:
    return str(app.screen.query_one("#status-bar", Label).render())


def held_by_another(db_path: Path) -> sqlite3.Connection:
    """Another program holding the deck: nothing can read it until it lets go."""
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("SELECT count(*) FROM card").fetchone()
    return holder


@pytest.mark.sqlite_only
async def test_the_frame_is_up_and_keys_wait_while_the_deck_is_locked(
    tui_deck: Store, db_path: Path
) -> None:
    tui_deck.close()
    # Another program holds the deck: nothing can read it until it lets go.
    holder = held_by_another(db_path)
    app = in_deck_view(tui_deck)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(10):
                await pilot.pause(0.05)
            assert isinstance(app.screen, DeckScreen)
            assert "opening the deck" in bar(app)  # the frame, the deck not open yet
            assert app.store is None
            assert not app.screen.query_one(IndexCard).border_title
            # not in the frame: what it does not show (the search box, the too-small line,
            # the edges of the cards behind the card)
            assert not app.screen.query("#search") and not app.screen.query("#too-small")
            assert not app.screen.query(".edge")
            # the key hints' row is kept for them: the card and the list do not move when
            # they come
            card, said = (
                app.screen.query_one(CardStack).region,
                app.screen.query_one("#said").region,
            )
            assert said.bottom == 29 and not app.screen.query(KeyHints)
            # the key hints (held back for a first card) come up while the deck is waited for
            for _ in range(40):
                hints = list(app.screen.query(KeyHints))
                if hints and hints[0].children:
                    break
                await pilot.pause(0.05)
            assert hints and hints[0].children and app.store is None
            await pilot.pause(0.05)
            assert hints[0].region.y == 29 and hints[0].region.height == 1
            assert app.screen.query_one(CardStack).region == card
            assert app.screen.query_one("#said").region == said
            await pilot.press("j", "space")  # typed ahead: done once the deck is up
            holder.execute("COMMIT")
            holder.close()
            for _ in range(100):
                await pilot.pause(0.05)
                if app.store is not None:
                    break
            await settle(pilot)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, DeckScreen)
            assert screen.card is not None and screen.card.name == "Bob Stone"
            assert screen.index == 1 and screen.flipped
            assert "deck · 2 of 4" in bar(app)  # Dee, won, is not in the deck view
    finally:
        holder.close()


@pytest.mark.sqlite_only
async def test_the_search_box_and_key_hints_come_when_needed(tui_deck: Store) -> None:
    """The key hints take their room's place once the deck is up; the search box is
    mounted at the first / and reused after."""
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert len(screen.query(KeyHints)) == 1 and screen.query_one(KeyHints).children
        assert not screen.query("#search")
        await pilot.press("slash", *"roof")
        await settle(pilot)
        box = screen.query_one("#search", Input)
        assert box.display and box.has_focus and box.value == "roof"
        # the box between the said line and the key hints, the card above them all
        said, hints = screen.query_one("#said").region, screen.query_one(KeyHints).region
        assert said.bottom == box.region.y and box.region.bottom == hints.y == 29
        assert screen.query_one(CardStack).region.bottom == said.y
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert not box.display and screen.query_one("#said").region.bottom == 29
        await pilot.press("slash")
        await settle(pilot)
        assert len(screen.query("#search")) == 1 and box.display and box.value == ""


@pytest.mark.sqlite_only
async def test_the_edges_behind_the_card_come_with_the_first_card(tui_deck: Store) -> None:
    """Not in the frame (two widgets less to style and lay out before the first card):
    mounted once it is painted, as many showing as there are cards behind it (two at
    most), each the card's size a step further back."""
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DeckScreen) and screen.count > 3
        card = screen.query_one(IndexCard)
        edges = list(screen.query(".edge"))
        assert len(edges) == 2 and all(edge.display for edge in edges)
        for depth, edge in enumerate(reversed(edges), start=1):
            assert edge.region.size == card.region.size
            assert edge.region.x == card.region.x + 2 * depth
            assert edge.region.y == card.region.y + depth
        await pilot.press("end")
        await settle(pilot)
        assert screen.index == screen.count - 1
        assert not any(edge.display for edge in screen.query(".edge"))
        await pilot.press("up")
        await settle(pilot)
        assert [edge.display for edge in screen.query(".edge")] == [False, True]


@pytest.mark.sqlite_only
async def test_the_dialogs_stylesheet_comes_after_the_frame_or_with_a_first_dialog(
    tui_deck: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frame's CSS holds no dialog's rules (parsed and matched against each widget
    before the first card, for nothing); a dialog opened before the first card (help,
    while the deck is held by another program) brings them, drawn as ever."""
    monkeypatch.setattr(deckview, "KEYS_AT_MOST", 60.0)  # no start-up end by the clock
    tui_deck.close()
    holder = held_by_another(db_path)
    app = in_deck_view(tui_deck)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(0.1)
            assert isinstance(app.screen, DeckScreen) and app.store is None
            assert not app.stylesheet.has_source(str(deckview.DIALOGS_CSS))
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            assert app.stylesheet.has_source(str(deckview.DIALOGS_CSS))
            assert app.screen.styles.align == ("center", "middle")  # dialogs.tcss
    finally:
        holder.close()


@pytest.mark.sqlite_only
async def test_the_dialogs_stylesheet_is_added_once_the_first_card_is_up(
    tui_deck: Store,
) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeckScreen) and app.screen.card is not None
        assert app.stylesheet.has_source(str(deckview.DIALOGS_CSS))


async def test_a_file_that_is_no_deck_is_said_on_the_screen_until_q(tmp_path: Path) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_text("shopping list: eggs, milk\n" * 40)
    app = CarddeckApp(db=bad, poll_seconds=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        face = " ".join(text_of(app.screen.query_one(IndexCard)).replace("│", " ").split())
        assert "carddeck: " in face and "is not a carddeck database" in face
        assert isinstance(app.failed, NotADeck)
        screen = app.screen
        assert isinstance(screen, DeckScreen)
        offered = {action for _key, action, _d, _on in KeyHints.keys_of(screen)}
        assert "help" in offered and offered <= {"help", "quit"}  # no key that does nothing
        for key in ("j", "l", "t", "a", "space"):  # the deck's keys are off: nothing done
            await pilot.press(key)
        await pilot.pause()
        assert app.screen is screen and screen.card is None
        palette = [command.title for command in app.get_system_commands(screen)]
        assert "Help (?)" in palette and not [t for t in palette if t.startswith("Add")]
        assert "is not a carddeck database" in text_of(screen.query_one(IndexCard))
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running
    assert bad.read_text().startswith("shopping list")  # left as it was


async def test_the_screens_own_changes_are_not_taken_for_changes_elsewhere(
    tui_deck: Store,
) -> None:
    app = in_deck_view(tui_deck)
    app.poll_seconds = 3600  # the test asks the watcher itself
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        watcher = app.watcher
        assert watcher is not None
        watcher.changed()  # whatever opening the deck did
        await pilot.press("b")  # Ann to the back: a commit of the screen's own
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        store = app.store
        assert store is not None
        with store.write() as s:  # a write of the screen's own store, outside any key
            deck.add_card(s, deck.CardDraft(name="Own Write"))
        for _ in range(5):
            await pilot.pause(0.1)
        assert not watcher.changed()
        with tui_deck.write() as s:  # another program's change is still heard
            deck.add_card(s, deck.CardDraft(name="Zed Elsewhere"))
        for _ in range(50):
            await pilot.pause(0.1)
            if watcher.changed():
                break
        else:
            pytest.fail("a change from elsewhere was not heard")


async def test_a_server_that_is_not_there_is_said_on_the_screen() -> None:
    app = CarddeckApp(db="postgresql://carddeck@127.0.0.1:9/deck", poll_seconds=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for _ in range(100):  # the connection is refused at once; the machine may be slow
            if app.failed is not None:
                break
            await pilot.pause(0.1)
        await settle(pilot)
        assert isinstance(app.failed, StoreError) and app.failed.exit_code == 5
        face = " ".join(text_of(app.screen.query_one(IndexCard)).replace("│", " ").split())
        assert "carddeck: " in face and "127.0.0.1" in face
        assert "the deck is not open" in bar(app)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("light", [True, False])
async def test_the_frame_is_painted_before_the_deck_is_opened(
    tui_deck: Store, monkeypatch: pytest.MonkeyPatch, light: bool
) -> None:
    """The deck is opened, light or by the full store, only once the frame has been
    painted (the reading thread starts as soon as it is)."""
    from textual._compositor import Compositor

    import carddeck.store
    import carddeck.store.lite
    from carddeck.store.lite import NO_LITE_ENV

    tui_deck.close()
    if not light:
        monkeypatch.setenv(NO_LITE_ENV, "1")
    painted: list[str] = []
    opened: list[bool] = []
    render = Compositor.render_update

    def rendered(self: Compositor, *args: object, **kwargs: object) -> object:
        painted.append("frame")
        return render(self, *args, **kwargs)  # type: ignore[arg-type]

    def watched(name: str, module: object) -> None:
        opener = getattr(module, name)

        def opening(*args: object, **kwargs: object) -> object:
            opened.append(bool(painted))
            return opener(*args, **kwargs)

        monkeypatch.setattr(module, name, opening)

    monkeypatch.setattr(Compositor, "render_update", rendered)
    for name in ("make_lite", "open_lite"):
        watched(name, carddeck.store.lite)
    watched("open_store", carddeck.store)
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot)
        screen = app.screen
        assert app.store is not None and isinstance(screen, DeckScreen) and screen.card
    assert opened and all(opened)  # each opening came after a paint


async def test_keys_pressed_after_a_view_key_move_on_the_view_it_opens(
    tui_deck: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1 j j, typed in one go: the j's move on the deck view 1 opens (at its first card),
    not on the view still shown while it is read (where the read then undid them)."""
    import time

    from carddeck.deck import views

    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert "deck · 2 of 4" in bar(app)
        page = views.page

        def slow_page(*args: object, **kwargs: object) -> object:
            time.sleep(0.3)  # a big deck, or a server far away: the keys come first
            return page(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(views, "page", slow_page)
        await pilot.press("1", "j", "j")
        for _ in range(3):
            await pilot.pause(0.4)
            await settle(pilot)
        assert "deck · 3 of 4" in bar(app)
        await pilot.press("2", "1", "j")  # a view key waited for too, in order
        for _ in range(4):
            await pilot.pause(0.4)
            await settle(pilot)
        assert "deck · 2 of 4" in bar(app)
