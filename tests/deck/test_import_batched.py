"""A big import writes its cards a window at a time and asks the deck about a window's
duplicates at once: the deck it makes, and what it says, are those of a row at a time
(the path kept for this test), column for column, on both backends."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from carddeck import deck
from carddeck.deck.importer import WINDOW, ImportReport, import_file
from carddeck.deck.privacy import erase
from carddeck.store import Store
from tests.deck import test_import_parallel as parallel

NOW = parallel.NOW
two_decks = parallel.two_decks  # two empty decks on the test's backend (a fixture)
TABLES = ("card", "change", "import_batch", "import_merge")
ROWS = 2 * WINDOW + 300  # three windows: duplicates within one and across them


def leads(path: Path) -> Path:
    """Rows of every kind an import meets, many times over: new leads; the same lead
    again (by email, phone, further email or phone, name and company in another case)
    in the same window and in an earlier one; the deck's own cards again; someone who
    asked not to be contacted, someone erased; bad rows and bad phones; names beyond
    ASCII, which the databases lower differently from Python."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Name", "Company", "Email", "Other Email", "Phone", "Mobile", "Notes",
                         "Lead Source", "Referred By"])  # fmt: skip
        for i in range(ROWS):
            kind = i % 13
            name, company = f"Lead {i % 389}", f"Shop {i % 3}"
            email, other, phone, mobile = f"lead{i}@example.com", "", f"+1 212 300 {i:04d}", ""
            if kind == 1:  # the deck's Ann (merged into: her phone is filled from here)
                email, phone = "Ann@Acme.example", f"212 555 {1000 + i % 7:04d}"
            elif kind == 2:  # asked not to be contacted
                phone = "(212) 555-0150"
            elif kind == 3:  # a row just before, again
                email = f"lead{i - 3}@example.com"
            elif kind == 4:  # a row a window or more before, again, by phone
                phone = f"+1 212 300 {max(0, i - 600):04d}"
            elif kind == 5:  # name and company of a row before, in capitals; or Ann's
                name, company = (
                    (f"LEAD {(i - 5) % 389}", f"SHOP {(i - 5) % 3}")
                    if i % 2
                    else ("ann lee", "ACME")
                )
                email = ""
            elif kind == 6:  # Ann's phone once a merge gave it her
                phone = "212 555 1001"
            elif kind == 7:  # Cy's further email, on the deck's card
                other = "cy.other@x.example"
            elif kind == 8:
                email = "not-an-email" if i % 2 else ""
                name, company, phone = ("", "", "") if not i % 2 else (name, company, phone)
            elif kind == 9:  # erased
                email, phone = "erased@x.example", "call me"
            elif kind == 10:  # further ones, which the next row brings as its first
                other, mobile = f"more{i}@example.com", f"+1 212 400 {i:04d}"
            elif kind == 11:
                email, phone = f"more{i - 1}@example.com", f"+1 212 400 {i - 1:04d}"
            elif kind == 12:  # beyond ASCII: Python lowers these, SQLite does not
                name, company = ("ÉMILE ZOLA", "ÉDITIONS") if i % 2 else ("émile zola", "éditions")
                email = ""
            writer.writerow([name, company, email, other, phone, mobile, f"Note {i}",
                             "Fair" if i % 2 else "", "Ann" if kind == 3 else ""])  # fmt: skip
    return path


def the_deck(store: Store) -> None:
    """The same cards in each deck: Ann, Bob (do not contact), Cy (a further email),
    Émile (beyond ASCII), and someone erased."""
    with store.write() as session:
        deck.add_card(session, deck.CardDraft(name="Ann Lee", company="Acme",
                                              email="ann@acme.example"), now=NOW)  # fmt: skip
        bob = deck.add_card(session, deck.CardDraft(name="Bob", phone="212-555-0150"), now=NOW)
        deck.mark_do_not_contact(session, bob.card, now=NOW)
        cy = deck.add_card(session, deck.CardDraft(name="Cy", email="cy@x.example"), now=NOW)
        cy.card.other_emails = "cy.other@x.example"
        session.add(cy.card)
        deck.add_card(session, deck.CardDraft(name="Émile Zola", company="Éditions"), now=NOW)
        gone = deck.add_card(session, deck.CardDraft(name="E", email="erased@x.example"),
                             now=NOW)  # fmt: skip
        erase(session, gone.card, now=NOW)


def imported(store: Store, path: Path, **options: Any) -> tuple[ImportReport, dict[str, Any]]:
    with store.write() as session, path.open("rb") as raw:
        report = import_file(session, raw, path=str(path), now=NOW, skip_bad_rows=True,
                             chunk=0, **options)  # fmt: skip
    with store.read() as session:
        rows = {
            table: [tuple(r) for r in session.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
            for table in TABLES
        }
    return report, rows


@pytest.mark.parametrize(
    ("on_duplicate", "force"), [("skip", False), ("merge", False), ("add", False), ("skip", True)]
)
def test_windows_write_what_a_row_at_a_time_writes(
    two_decks: list[Store], tmp_path: Path, on_duplicate: str, force: bool
) -> None:
    path = leads(tmp_path / "leads.csv")
    for store in two_decks:
        the_deck(store)
    one, one_rows = imported(two_decks[0], path, batched=False, on_duplicate=on_duplicate,
                             force=force)  # fmt: skip
    windows, window_rows = imported(two_decks[1], path, on_duplicate=on_duplicate, force=force)
    assert one.added > 200 and one.problems and one.warnings  # every kind of row seen
    assert one.do_not_contact or force
    assert len(one.duplicates) > 100 or on_duplicate == "add"
    assert one.merged > 10 or on_duplicate != "merge"
    for table in TABLES:
        assert window_rows[table] == one_rows[table], table
    assert windows == one


def test_the_next_import_meets_the_cards_of_the_last(two_decks: list[Store], tmp_path: Path
                                                     ) -> None:  # fmt: skip
    path = leads(tmp_path / "leads.csv")
    first, _ = imported(two_decks[0], path)
    again, rows = imported(two_decks[0], path)
    assert again.added == 0 and len(again.duplicates) == first.added + len(first.duplicates)
    assert len(rows["card"]) == first.added
