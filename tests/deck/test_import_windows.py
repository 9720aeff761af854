"""A window of rows none of which could be a duplicate is added whole (``Importing.any_match``
says so with set operations); the deck it makes is that of a row at a time, column for
column, on both backends, and any_match says yes of every kind of possible duplicate."""

from __future__ import annotations

import csv
from pathlib import Path

from carddeck import deck
from carddeck.deck.importer import WINDOW
from carddeck.store import Store
from carddeck.store.importing import Importing
from carddeck.store.sql import raw
from tests.deck import test_import_batched as batched
from tests.deck import test_import_parallel as parallel

NOW = parallel.NOW
two_decks = parallel.two_decks  # two empty decks on the test's backend (a fixture)


def leads(path: Path) -> Path:
    """Six windows: clean ones (added whole) between ones with a duplicate of a row of an
    earlier window, of the deck's cards, of a further email, within the window, in
    another case, and beyond ASCII."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Name", "Company", "Email", "Other Email", "Phone", "Notes"])
        for i in range(6 * WINDOW):
            window, at = divmod(i, WINDOW)
            name, company = f"Lead {i}", f"Shop {i % 7}"
            email, other, phone = f"lead{i}@example.com", "", f"+1 212 300 {i:04d}"
            if at == 7 and window == 1:  # a row of window 0 again, by email
                email = "lead3@example.com"
            elif at == 9 and window == 1:  # the deck's Ann, by name and company, in capitals
                name, company = "ANN LEE", "ACME"
            elif at == 11 and window == 3:  # Cy's further email; and a row's own further
                email, other = "cy.other@x.example", f"more{i}@example.com"
            elif at == 12 and window == 3:  # the further email of the row before
                email = f"more{i - 1}@example.com"
            elif at in (20, 30) and window == 4:  # the same lead twice in one window
                name, company, email, phone = "Twice", "Inc", "", ""
            elif at == 5 and window == 5:  # beyond ASCII
                name, company = "ÉMILE ZOLA", "ÉDITIONS"
            writer.writerow([name, company, email, other, phone, f"Note {i}"])
    return path


def the_deck(store: Store) -> None:
    with store.write() as session:
        deck.add_card(session, deck.CardDraft(name="Ann Lee", company="Acme",
                                              email="ann@acme.example"), now=NOW)  # fmt: skip
        cy = deck.add_card(session, deck.CardDraft(name="Cy", email="cy@x.example"), now=NOW)
        cy.card.other_emails = "cy.other@x.example"
        session.add(cy.card)
        deck.add_card(session, deck.CardDraft(name="Émile Zola", company="Éditions"), now=NOW)


def test_whole_windows_write_what_a_row_at_a_time_writes(two_decks: list[Store],
                                                        tmp_path: Path) -> None:  # fmt: skip
    path = leads(tmp_path / "leads.csv")
    for store in two_decks:
        the_deck(store)
    one, one_rows = batched.imported(two_decks[0], path, batched=False)
    windows, window_rows = batched.imported(two_decks[1], path)
    # Émile is found again where the database lowers beyond ASCII (PostgreSQL)
    assert len(one.duplicates) in (4, 5) and one.added == 6 * WINDOW - len(one.duplicates)
    for table in batched.TABLES:
        assert window_rows[table] == one_rows[table], table
    assert windows == one


def test_any_match_says_yes_of_every_possible_duplicate(two_decks: list[Store]) -> None:
    store = two_decks[0]
    the_deck(store)
    none: tuple[list[str], list[str]] = ([], [])

    def lead(i: int, **given: object) -> tuple[object, ...]:
        values = {"email": f"l{i}@x.example", "phone": f"+1212300{i:04d}", "others": none,
                  "name": f"L {i}", "company": f"C {i}"} | given  # fmt: skip
        return tuple(values[k] for k in ("email", "phone", "others", "name", "company"))

    with store.write() as session:
        deck_ = Importing(raw(session))
        clean = [lead(i) for i in range(10)]
        cases = {
            "clean": (clean, False),
            "no companies": ([lead(i, company=None) for i in range(3)], False),
            "deck's email": ([*clean, lead(10, email="ann@acme.example")], True),
            "deck's further email": ([*clean, lead(10, email="cy.other@x.example")], True),
            "an email twice": ([*clean, lead(10, email="l3@x.example")], True),
            "a phone twice": ([*clean, lead(10, phone="+12123000004")], True),
            "a further twice": ([*clean, lead(10, others=(["l5@x.example"], []))], True),
            "further ones, each once": (
                [*clean, lead(10, others=(["f@x.example"], ["+12125550100"]))],
                False,
            ),
            "its email as its phone": ([*clean, lead(10, phone="l10@x.example")], True),
            "deck's pair": ([*clean, lead(10, name="ann lee", company="ACME")], True),
            "a pair twice": ([*clean, lead(10, name="l 2", company="c 2")], True),
            "beyond ASCII": ([*clean, lead(10, name="Zoé", company="Z")], True),
        }
        for what, (window, expected) in cases.items():
            deck_.look_up(window)  # type: ignore[arg-type]
            assert deck_.any_match(window) is expected, what  # type: ignore[arg-type]
