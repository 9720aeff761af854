"""Importing each kind of lead file, as it really comes, into a real deck."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from carddeck import deck
from carddeck.deck.importer import ImportFailed, ImportReport, import_file, undo_import
from carddeck.errors import InvalidInput
from carddeck.store import Card, Status, Store
from tests.helpers import at, digest

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"


def run_import(store: Store, name: str | Path, **options: Any) -> ImportReport:
    path = FIXTURES / name if isinstance(name, str) else name
    kind = "vcf" if path.suffix == ".vcf" else "csv"
    with store.write() as session, open(path, "rb") as raw:
        return import_file(session, raw, path=str(path), file_format=kind, **options)


def cards(store: Store) -> dict[str, Card]:
    with store.read() as session:
        return {c.name: c for _, c in deck.list_cards(session)}


# (file, encoding reported, delimiter, {name: (company, title, phone, email)}, kept in "known")
CASES = [
    ("google_contacts.csv", "UTF-8", ",", {
        "Ann Lee": ("Acme Dental", "Office Manager", "+12125550134", "ann@acme.example"),
        "Bob J Stone": ("Stone Roofing", "Owner", "+12125550150", "bob@stone.example"),
    }, "Nickname: Annie"),
    ("google_contacts_legacy.csv", "UTF-8", ",", {
        "Cy Young": ("Young & Co", "Partner", "+12125550161", "cy@young.example"),
    }, "Occupation: Accountant"),
    ("outlook.csv", "Windows-1252", ",", {
        "José Müller": ("Müller Bäckerei", "Geschäftsführer", "+12125550170", "jose@mueller.example"),
    }, "Title: Mr."),
    ("hubspot.csv", "UTF-8 with a BOM", ",", {
        "Dee Park": ("Park Florists", "Owner", "+12125550180", "dee@park.example"),
    }, "Lead Status: NEW"),
    ("salesforce_leads.csv", "UTF-8", ",", {
        "Eve Adams": ("Adams Logistics", "CFO", "+12125550190", "eve@adams.example"),
        "Fay Wray": ("Skull Island Tours", "Director", "+12125550191", "fay@skull.example"),
    }, "Rating: Hot"),
    ("zoho_leads.csv", "UTF-8", ",", {
        "Gus Diaz": ("Gus Garage", "Owner", "+12125550200", "gus@garage.example"),
    }, "Secondary Email: gus.diaz@mail.example"),
    ("pipedrive.csv", "UTF-8", ",", {
        "Hal Khan": ("Khan Realty", None, "+12125550210", "hal@khan.example"),
    }, "Deal - Title: Office cleaning"),
    ("meta_leads.tsv", "UTF-16", "\t", {
        "Ida Novak": (None, None, "+12125550220", "ida@novak.example"),
    }, "campaign_name: Fall cleaning"),
    ("linkedin_connections.csv", "UTF-8", ",", {
        "Jo Okafor": ("Okafor & Sons", "Director", None, "jo@okafor.example"),
        "Kim Lou": ("Lou Studio", "Founder", None, None),
    }, "Connected On: 12 Nov 2026"),
    ("mailchimp.csv", "UTF-8", ",", {
        "Lou Reed": (None, None, "+12125550230", "lou@lou.example"),
        "nameless@list.example": (None, None, None, "nameless@list.example"),
    }, "TAGS: newsletter,fall"),
    ("typeform.csv", "UTF-8", ",", {
        "Max Power": (None, None, "+12125550240", "max@power.example"),
    }, "Which service are you interested in?: Deep clean"),
    ("google_forms.csv", "UTF-8", ",", {
        "Ned Flanders": ("Leftorium", None, "+12125550250", "ned@flanders.example"),
    }, "What do you need help with?: Weekly clean of the shop"),
    ("excel_semicolon.csv", "Windows-1252", ";", {
        "Zoë Brontë": ("Café Crème", None, "+33142685300", "zoe@creme.example"),
        "Renée Faure": ("Atelier Faure", None, "+33140205050", "renee@faure.example"),
    }, None),
    ("contacts_v3.vcf", "UTF-8", None, {
        "Olga Petrov": ("Petrov Law", "Partner", "+12125550260", "olga@petrov.example"),
        "Pat Quinn": (None, None, "+12125550261", None),
    }, "Phone (2): 212-555-0262"),
    ("contacts_v4.vcf", "UTF-8", None, {
        "Rosa Diaz": ("Diaz Design", None, "+12125550270", "rosa@diaz.example"),
    }, None),
]  # fmt: skip


@pytest.mark.parametrize(("name", "encoding", "delimiter", "expected", "kept"), CASES,
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_each_export_format(
    store: Store, clock: object, name: str, encoding: str, delimiter: str | None,
    expected: dict[str, tuple[str | None, ...]], kept: str | None,
) -> None:  # fmt: skip
    report = run_import(store, name)
    assert report.encoding.startswith(encoding)
    assert report.delimiter == delimiter
    assert report.added == len(expected) and not report.problems
    found = cards(store)
    assert set(found) == set(expected)
    for card_name, (company, title, phone, email) in expected.items():
        card = found[card_name]
        assert (card.company, card.title, card.phone, card.email) == (company, title, phone, email)
        assert card.status == Status.new and card.batch_id == report.batch_id
        assert card.next_follow_up == at(2026, 11, 23, 18, 30)  # 24 working hours, as a quick-add
    if kept:
        assert any(kept in (c.known or "") for c in found.values())


def test_preamble_and_footer_are_skipped_and_reported(store: Store, clock: object) -> None:
    linkedin = run_import(store, "linkedin_connections.csv")
    assert linkedin.preamble[0] == "Notes:" and len(linkedin.preamble) == 2
    salesforce = run_import(store, "salesforce_leads.csv")
    assert [line.split(": ", 1)[1] for line in salesforce.footer] == [
        "Grand Totals (2 records)",
        "Confidential Information - Do Not Distribute",
        "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.",
    ]


def test_quoted_newlines_and_huge_fields(store: Store, tmp_path: Path, clock: object) -> None:
    huge = "x" * 300_000  # far beyond the csv module's 128 KiB default limit
    path = tmp_path / "big.csv"
    path.write_text(f'Name,Notes\nAnn,"line one\nline two"\nBob,{huge}\n', encoding="utf-8")
    run_import(store, path)
    found = cards(store)
    assert found["Ann"].notes == "line one\nline two"
    assert found["Bob"].notes == huge


def test_duplicate_headers_are_disambiguated_not_collapsed(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("Name,Email,Email\nAnn,ann@a.example,ann@b.example\n", encoding="utf-8")
    report = run_import(store, path)
    assert report.renamed == ["column 3 'Email' appears again: read as 'Email (2)'"]
    card = cards(store)["Ann"]
    assert card.email == "ann@a.example" and "Email (2): ann@b.example" in (card.known or "")


def test_a_forced_delimiter_and_encoding(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "pipe.csv"
    path.write_bytes("Name|Company\nÅsa|Ödla AB\n".encode("latin-1"))
    report = run_import(store, path, delimiter="|", encoding="latin-1")
    assert report.delimiter == "|" and cards(store)["Åsa"].company == "Ödla AB"


def test_map_overrides_a_column(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Who,Reach\nAnn,ann@x.example\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no column holds a name"):
        run_import(store, path)
    run_import(store, path, overrides={"Who": "name", "Reach": "email"})
    assert cards(store)["Ann"].email == "ann@x.example"


def test_duplicates_skip_merge_add_and_do_not_contact(store: Store, clock: object) -> None:
    with store.write() as session:
        deck.add_card(
            session, deck.CardDraft(name="Ann Lee", email="ann@acme.example", notes="old note")
        )
        dnc = deck.add_card(session, deck.CardDraft(name="Bob Stone", phone="212-555-0150")).card
        deck.mark_do_not_contact(session, dnc)
    skipped = run_import(store, "google_contacts.csv")
    assert skipped.added == 0 and len(skipped.duplicates) == 1
    assert "same email as #1 Ann Lee: skipped" in skipped.duplicates[0]
    assert "asked not to be contacted: left out" in skipped.do_not_contact[0]
    merged = run_import(store, "google_contacts.csv", on_duplicate="merge")
    ann = cards(store)["Ann Lee"]
    assert merged.merged == 1 and ann.company == "Acme Dental" and ann.title == "Office Manager"
    assert ann.notes == "old note\nMet at the expo"
    assert cards(store)["Bob Stone"].status == Status.do_not_contact  # never reactivated
    added = run_import(store, "google_contacts.csv", on_duplicate="add")
    assert added.added == 1 and len(added.do_not_contact) == 1  # Ann again; Bob still not
    assert "Bob J Stone" not in cards(store)


def test_undo_import_removes_its_cards_and_its_merges(store: Store, clock: object) -> None:
    with store.write() as session:
        deck.add_card(session, deck.CardDraft(name="Ann Lee", email="ann@acme.example"))
    report = run_import(store, "google_contacts.csv", on_duplicate="merge")
    with store.write() as session:
        assert undo_import(session, report.batch_id or 0)[:2] == (1, 1)
    found = cards(store)
    assert set(found) == {"Ann Lee"} and found["Ann Lee"].company is None
    with pytest.raises(InvalidInput, match="already undone"):
        with store.write() as session:
            undo_import(session, report.batch_id or 0)


def test_undo_import_of_worked_cards_asks_for_force(store: Store, clock: object) -> None:
    report = run_import(store, "hubspot.csv")
    with store.write() as session:
        deck.log_contact(session, deck.resolve_card(session, "dee"), deck.LogEntry(reached=False))
    with pytest.raises(InvalidInput, match="worked since"):
        with store.write() as session:
            undo_import(session, report.batch_id or 0)
    with store.write() as session:
        assert undo_import(session, report.batch_id or 0, force=True)[:2] == (1, 0)
    assert cards(store) == {}


def test_bad_rows_stop_the_import_or_are_skipped(
    store: Store, tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Name,Email\nAnn,ann@x.example\nBob,bob@\n,\nCy,cy@x.example\n", "utf-8")
    before = digest(db_path)
    with pytest.raises(ImportFailed) as failed:
        run_import(store, path)
    assert str(failed.value).startswith(f"{path}:3: column 'Email': invalid email 'bob@'")
    assert digest(db_path) == before  # all or nothing
    report = run_import(store, path, skip_bad_rows=True)
    assert report.added == 2 and report.problems[0].line == 3
    assert set(cards(store)) == {"Ann", "Cy"}


def test_a_dry_run_is_rolled_back(store: Store, db_path: Path) -> None:
    before = digest(db_path)
    with store.write() as session, open(FIXTURES / "hubspot.csv", "rb") as raw:
        report = import_file(session, raw, path="hubspot.csv", dry_run=True)
        session.rollback()
    assert report.added == 1 and digest(db_path) == before


def test_a_pipe_is_read_like_a_file(store: Store) -> None:
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            chunk = self.data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    data = (FIXTURES / "meta_leads.tsv").read_bytes()
    with store.write() as session:
        report = import_file(session, Pipe(data), path="-")  # type: ignore[arg-type]
    assert report.added == 1 and report.encoding.startswith("UTF-16")
