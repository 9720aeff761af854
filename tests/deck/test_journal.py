"""The change journal: a row for every change in the change's own transaction, and undo
taking back the newest change, several steps deep, refused when the card moved on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from carddeck import deck
from carddeck.deck.deal import deal
from carddeck.deck.importer import import_file, undo_import
from carddeck.errors import Conflict, InvalidInput
from carddeck.paths import DeckLocation
from carddeck.store import Card, Change, Contact, Status, Store, open_store
from tests.helpers import at, digest


def journal(store: Store) -> list[tuple[str, int | None]]:
    with store.read() as s:
        rows = s.exec(select(Change).order_by(col(Change.id))).all()
        return [(r.kind, r.card_id) for r in rows]


def test_every_change_writes_one_row_with_what_it_moved(store: Store, clock: object) -> None:
    with store.write() as s:
        ann = deck.add_card(s, deck.CardDraft(name="Ann")).card
        deck.add_card(s, deck.CardDraft(name="Bob"))
        deck.log_contact(s, ann, deck.LogEntry(rating=5, interest=5, notch="a demo"))
        deck.shuffle(s, ann, "back")
        deck.edit_card(s, ann, deck.CardChanges(need="faster quotes"))
        deck.mark_won(s, ann)
    assert journal(store) == [("add", 1), ("add", 2), ("log", 1), ("shuffle", 1), ("edit", 1),
                              ("won", 1)]  # fmt: skip
    with store.read() as s:
        edit = s.exec(select(Change).where(Change.kind == "edit")).one()
    before, after = json.loads(edit.before or ""), json.loads(edit.after or "")
    assert (before["need"], after["need"]) == (None, "faster quotes")
    assert (before["version"], after["version"]) == (2, 3)


def test_a_refused_change_leaves_no_row(store: Store, clock: object) -> None:
    with store.write() as s:
        deck.add_card(s, deck.CardDraft(name="Ann"))
    with pytest.raises(InvalidInput), store.write() as s:
        deck.log_contact(s, deck.get_card(s, 1), deck.LogEntry(rating=11, interest=5))
    assert journal(store) == [("add", 1)]


def test_undo_goes_back_step_by_step_across_restarts(db_path: Path, clock: object) -> None:
    store = open_store(DeckLocation(db_path, False))
    with store.write() as s:
        ann = deck.add_card(s, deck.CardDraft(name="Ann")).card
        deck.add_card(s, deck.CardDraft(name="Bob"))
    with store.write() as s:
        deck.log_contact(s, ann, deck.LogEntry(rating=5, interest=5, notch="x", place="back"))
        deck.mark_won(s, ann)
    store.close()
    for kind in ("won", "log"):  # each undo in a store opened afresh: the journal is on disk
        again = open_store(DeckLocation(db_path, False))
        with again.write() as s:
            done = deck.undo_last(s)
        again.close()
        assert (done.kind, done.names) == (kind, ("Ann",))
    store = open_store(DeckLocation(db_path, False))
    with store.read() as s:
        card = deck.get_card(s, ann.id or 0)
        assert (card.status, card.rating, card.attempts, card.notch) == (Status.new, None, 0, None)
        assert card.version == 1  # as it was: whoever read version 1 may edit it still
        assert s.exec(select(Contact)).all() == []
        assert [c.name for _, c in deck.list_cards(s)] == ["Bob", "Ann"]  # back where it was
    with store.write() as s:
        assert deck.undo_last(s).kind == "add"  # Bob goes
        assert deck.undo_last(s).kind == "add"  # then Ann
    with store.write() as s, pytest.raises(InvalidInput, match="nothing to undo"):
        deck.undo_last(s)
    with store.write() as s:  # ids are never reused: a new card is #3, not #1
        assert deck.add_card(s, deck.CardDraft(name="Cy")).card.id == 3
    store.close()


def test_undo_is_refused_when_the_card_changed_outside_the_journal(
    store: Store, deck_at: str, clock: object
) -> None:
    with store.write() as s:
        deck.mark_won(s, deck.add_card(s, deck.CardDraft(name="Ann")).card)
    before = digest(deck_at)
    with store.engine.begin() as conn:  # another program bumps the card behind our back
        conn.execute(text("UPDATE card SET notes = 'theirs', version = version + 1"))
    assert digest(deck_at) != before
    with pytest.raises(Conflict, match="changed again since the won"), store.write() as s:
        deck.undo_last(s)
    with store.read() as s:
        assert deck.get_card(s, 1).status == Status.won


def test_a_deal_is_one_change_and_undone_whole(store: Store, clock: object) -> None:
    with store.write() as s:
        deck.add_card(s, deck.CardDraft(name="Later", next_follow_up=at(2026, 12, 1, 9)))
        for name in ("Due A", "Due B"):
            deck.add_card(s, deck.CardDraft(name=name, place="back",
                                            next_follow_up=at(2026, 11, 20, 20)))  # fmt: skip
    with store.write() as s:
        deal(s, settings=deck.DEFAULT_SETTINGS)
    with store.read() as s:
        assert [c.name for _, c in deck.list_cards(s)][-1] == "Later"
    with store.write() as s:
        done = deck.undo_last(s)
    assert done.kind == "deal" and sorted(done.names) == ["Due A", "Due B"]
    with store.read() as s:
        assert [c.name for _, c in deck.list_cards(s)] == ["Later", "Due A", "Due B"]


def test_an_import_is_one_command_left_to_undo_import(store: Store, clock: object) -> None:
    with store.write() as s:
        deck.add_card(s, deck.CardDraft(name="Ann"))
        import_file(s, io.BytesIO(b"Name,Email\nBo,bo@x.example\nCy,cy@x.example\n"),
                    path="leads.csv")  # fmt: skip
    assert journal(store)[-3:] == [("import", None), ("import", 2), ("import", 3)]
    with pytest.raises(InvalidInput, match="undo-import 1"), store.write() as s:
        deck.undo_last(s)


def test_undo_import_puts_merged_cards_back_exactly(store: Store, clock: object) -> None:
    with store.write() as s:
        ann = deck.add_card(s, deck.CardDraft(name="Ann Lee", email="ann@x.example"),
                            now=at(2026, 11, 2, 9)).card  # fmt: skip
    with store.read() as s:
        before = deck.get_card(s, ann.id or 0).model_dump()
    with store.write() as s:
        report = import_file(
            s, io.BytesIO(b"Name,Email,Company,Notes\nAnn Lee,ann@x.example,Acme,met at expo\n"
                          b"Bo,bo@x.example,,\n"),
            path="leads.csv", on_duplicate="merge",
        )  # fmt: skip
    assert (report.added, report.merged) == (1, 1)
    with store.read() as s:
        merged = deck.get_card(s, ann.id or 0)
        assert (merged.company, merged.version) == ("Acme", 2)
    with store.write() as s:
        assert undo_import(s, report.batch_id or 0)[:2] == (1, 1)
    with store.read() as s:
        assert deck.get_card(s, ann.id or 0).model_dump() == before  # updated_at, version too
        assert s.exec(select(Card)).all() == [deck.get_card(s, ann.id or 0)]
    with store.write() as s:  # and a later add never takes the removed card's id
        assert deck.add_card(s, deck.CardDraft(name="Cy")).card.id == 3


def test_an_import_that_changed_nothing_does_not_stand_in_the_way_of_undo(
    store: Store, clock: object
) -> None:
    with store.write() as s:
        deck.add_card(s, deck.CardDraft(name="Ann", email="ann@x.example"))
    with store.write() as s:  # every row a duplicate: nothing added, nothing merged
        report = import_file(s, io.BytesIO(b"Name,Email\nAnn,ann@x.example\n"), path="again.csv")
    assert (report.added, report.merged) == (0, 0)
    with store.write() as s:
        assert deck.undo_last(s).names == ("Ann",)  # the add before it


def test_undo_after_a_forced_undo_import_goes_on_to_the_change_before(
    store: Store, clock: object
) -> None:
    with store.write() as s:
        deck.add_card(s, deck.CardDraft(name="Ann"))
        report = import_file(s, io.BytesIO(b"Name\nBo\n"), path="leads.csv")
    with store.write() as s:  # Bo is worked, then the import is taken back all the same
        deck.log_contact(s, deck.resolve_card(s, "bo"), deck.LogEntry(reached=False))
    with store.write() as s:
        undo_import(s, report.batch_id or 0, force=True)
    with store.write() as s:  # not stuck on Bo's log: Bo is gone, and his log with him
        assert deck.undo_last(s).names == ("Ann",)
