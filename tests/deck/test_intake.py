"""Importing each kind of lead file, as it really comes, into a real deck."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from carddeck import deck
from carddeck.deck.importer import ImportFailed, ImportReport, import_file, undo_import
from carddeck.deck.mapping import Mapping
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


# (file, encoding reported, delimiter, {name: (company, title, phone, email[, {address,
# other_emails, other_phones}])}, kept in "known"); what is not given is None
CASES = [
    ("google_contacts.csv", "UTF-8", ",", {
        "Ann Lee": ("Acme Dental", "Office Manager", "+12125550134", "ann@acme.example"),
        "Bob J Stone": ("Stone Roofing", "Owner", "+12125550150", "bob@stone.example"),
    }, "Nickname: Annie"),
    ("google_contacts_legacy.csv", "UTF-8", ",", {
        "Cy Young": ("Young & Co", "Partner", "+12125550161", "cy@young.example"),
    }, "Occupation: Accountant"),
    ("google_contacts_multi.csv", "UTF-8", ",", {
        "Uma Ortiz": ("Ortiz Bakery", "Owner", "+12125550300", "uma@ortiz.example", {
            "address": "12 Elm St\nSuite 4\nBrooklyn, NY 11201\nUS",
            "other_emails": "uma.ortiz@home.example",  # the same one twice is kept once
            "other_phones": "+12125550301\nask for ext 4",  # not a number: as typed
        }),
        "Vic Stone": ("Stone Signs", None, None, "vic@stone.example", {
            "address": "5 Oak Ave\nHoboken, NJ 07030\nUnited States",  # from its parts
            "other_emails": "not-an-email",  # not an email: as typed, and said
        }),
    }, "Organization Department: Sales"),
    ("outlook.csv", "Windows-1252", ",", {
        "José Müller": ("Müller Bäckerei", "Geschäftsführer", "+12125550170",
                        "jose@mueller.example", {"address": "Hauptstraße 1\nKöln\nGermany"}),
    }, "Title: Mr."),
    ("outlook_classic.csv", "Windows-1252", ",", {
        "Wes Lin": ("Lin Plumbing", "Owner", "+12125550311", "wes@lin.example", {
            "address": "200 Canal St\nFloor 2\nNew York, NY 10013\nUnited States",
            "other_emails": "wes.lin@mail.example", "other_phones": "+12125550310",
        }),
    }, "Home Street: 9 Side Rd"),
    ("hubspot.csv", "UTF-8 with a BOM", ",", {
        "Dee Park": ("Park Florists", "Owner", "+12125550180", "dee@park.example"),
    }, "Lead Status: NEW"),
    ("hubspot_address.csv", "UTF-8 with a BOM", ",", {
        "Xena Wu": ("Wu Marine", "COO", "+12125550320", "xena@wu.example", {
            "address": "77 Harbor Rd\nStamford, CT 06902\nUnited States",
            "other_emails": "xena.wu@mail.example\nbilling@wu.example",
        }),
    }, "Lead Status: OPEN"),
    ("salesforce_leads.csv", "UTF-8", ",", {
        "Eve Adams": ("Adams Logistics", "CFO", "+12125550190", "eve@adams.example",
                      {"address": "Boston"}),
        "Fay Wray": ("Skull Island Tours", "Director", "+12125550191", "fay@skull.example",
                     {"address": "Albany"}),
    }, "Rating: Hot"),
    ("zoho_leads.csv", "UTF-8", ",", {
        "Gus Diaz": ("Gus Garage", "Owner", "+12125550200", "gus@garage.example", {
            "address": "1 Main St\nNewark, NJ 07102\nUSA",
            "other_emails": "gus.diaz@mail.example",  # its "Secondary Email"
        }),
    }, "Industry: Automotive"),
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
        "Pat Quinn": (None, None, "+12125550261", None, {"other_phones": "+12125550262"}),
    }, None),
    ("contacts_v4.vcf", "UTF-8", None, {
        "Rosa Diaz": ("Diaz Design", None, "+12125550270", "rosa@diaz.example"),
    }, None),
    ("contacts_adr.vcf", "UTF-8", None, {
        "Yan Zhou": ("Zhou Tea House", None, "+12125550330", "yan@zhou.example", {
            "address": "88 Mott St\nUnit 5\nNew York, NY 10013\nUSA",
            "other_emails": "yan.zhou@mail.example", "other_phones": "+12125550331",
        }),
    }, None),
    ("shift_jis.csv", "cp932 (detected", ",", {  # Japanese numbers: kept as typed
        "山田 太郎": ("山田商事", None, "03-1234-5678", "taro@yamada.example"),
        "佐藤 花子": ("花子デザイン", None, "06-9876-5432", "hanako@sato.example"),
    }, None),
    ("utf16_no_bom.csv", "utf-16-le (detected", ",", {
        "Иван Петров": ("Петров и сыновья", None, "+74951234567", "ivan@petrov.example"),
    }, None),
]  # fmt: skip
FURTHER = ("address", "other_emails", "other_phones")


@pytest.mark.parametrize(("name", "encoding", "delimiter", "expected", "kept"), CASES,
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_each_export_format(
    store: Store, clock: object, name: str, encoding: str, delimiter: str | None,
    expected: dict[str, tuple[Any, ...]], kept: str | None,
) -> None:  # fmt: skip
    report = run_import(store, name)
    assert report.encoding.startswith(encoding)
    assert report.delimiter == delimiter
    assert report.added == len(expected) and not report.problems
    found = cards(store)
    assert set(found) == set(expected)
    for card_name, (company, title, phone, email, *more) in expected.items():
        card = found[card_name]
        assert (card.company, card.title, card.phone, card.email) == (company, title, phone, email)
        further = dict.fromkeys(FURTHER) | (more[0] if more else {})
        assert {name: getattr(card, name) for name in FURTHER} == further, card_name
        assert card.status == Status.new and card.batch_id == report.batch_id
        assert card.next_follow_up == at(2026, 11, 23, 18, 30)  # 24 working hours, as a quick-add
    if kept:
        assert any(kept in (c.known or "") for c in found.values())


@pytest.mark.parametrize(("name", "dropped"), [
    ("google_contacts_multi.csv", ["Labels", "E-mail 1 - Label", "Phone 1 - Label",
                                   "Address 1 - Label", "Website 1 - Label"]),
    ("google_contacts_legacy.csv", ["Group Membership", "E-mail 1 - Type", "Phone 1 - Type",
                                    "Organization 1 - Type"]),
    ("outlook_classic.csv", ["E-mail Type", "E-mail Display Name", "E-mail 2 Type",
                             "E-mail 2 Display Name", "Categories"]),
])  # fmt: skip
def test_labels_and_types_are_dropped_not_kept(
    store: Store, clock: object, name: str, dropped: list[str]
) -> None:
    report = run_import(store, name)
    said = dict(report.mapping)
    assert all(said[column] == "dropped (a label)" for column in dropped)
    known = "\n".join(c.known or "" for c in cards(store).values())
    for column in dropped:
        assert f"{column}:" not in known
    for value in ("myContacts", "Leads", "* Work", "SMTP", "* My Contacts", "(wes@lin"):
        assert value not in known
    custom = Mapping.of(["Name", "Custom Field 1 - Label", "Custom Field 1 - Value"])
    assert custom.known == ["Custom Field 1 - Label", "Custom Field 1 - Value"]  # names a value


def test_bad_further_values_are_kept_as_typed_and_said(store: Store, clock: object) -> None:
    report = run_import(store, "google_contacts_multi.csv")
    assert report.added == 2 and not report.problems  # never refuses the file
    assert report.warnings == [
        "line 2: further phone 'ask for ext 4' is not a valid number for region US; kept as typed",
        "line 6: further invalid email 'not-an-email': An email address must have an @-sign; "
        "kept as typed",
    ]


def test_an_encoding_detected_is_said_and_a_forced_one_wins(store: Store, clock: object) -> None:
    detected = run_import(store, "shift_jis.csv")
    assert detected.notes == ["read as cp932 (detected); --encoding gives another"]
    with store.write() as session:
        undo_import(session, detected.batch_id or 0)
    forced = run_import(store, "shift_jis.csv", encoding="cp1252")
    assert forced.encoding == "cp1252 (as asked)" and forced.notes == []
    assert "山田 太郎" not in cards(store)  # read as asked: not Japanese
    plain = run_import(store, "outlook.csv", on_duplicate="add")
    assert plain.notes == []  # Windows-1252 is no guess


def test_utf8_with_a_stray_nul_is_read_as_utf8_and_said_so(store: Store, tmp_path: Path) -> None:
    """A NUL byte sends the file to the encoding guesser (UTF-16 is full of them); one that
    guesses UTF-8 is said as plain UTF-8, not "utf-8 (detected: neither UTF-8 nor ...)"."""
    path = tmp_path / "nul.csv"
    path.write_bytes("Name,Email\nAnn Lee,ann@example.com\nLead\x005 Zoë,zoe@example.com\n"
                     .encode())  # fmt: skip
    report = run_import(store, path)
    assert report.encoding == "UTF-8" and report.notes == [] and report.added == 2
    assert "Lead5 Zoë" in cards(store)  # the NUL dropped as any control is


def test_further_emails_and_phones_match_duplicates(
    store: Store, tmp_path: Path, clock: object
) -> None:
    with store.write() as session:  # Uma's further email, on a card of its own
        deck.add_card(session, deck.CardDraft(name="U. Ortiz", email="uma.ortiz@home.example"))
    skipped = run_import(store, "google_contacts_multi.csv")
    assert skipped.added == 1
    assert "Uma Ortiz has the same email as #1 U. Ortiz: skipped" in skipped.duplicates[0]
    run_import(store, "hubspot_address.csv")  # Xena, with two further emails
    path = tmp_path / "again.csv"
    path.write_text("Name,Email,Phone\nX. Wu,billing@wu.example,\n"
                    "Zed,zed@z.example ::: zed@home.example,\nZed Again,zed@home.example,\n",
                    encoding="utf-8")  # fmt: skip
    again = run_import(store, path)
    assert again.added == 1 and len(again.duplicates) == 2
    assert "X. Wu has the same email as" in again.duplicates[0] and "Xena Wu" in again.duplicates[0]
    assert "Zed Again has the same email as" in again.duplicates[1]  # a row before, this file


def test_someone_erased_is_left_out_by_a_further_email_too(
    store: Store, tmp_path: Path, clock: object
) -> None:
    from carddeck.deck.privacy import erase

    with store.write() as session:
        gone = deck.add_card(session, deck.CardDraft(name="Uma", email="uma.ortiz@home.example"))
        erase(session, gone.card)
    left_out = run_import(store, "google_contacts_multi.csv")
    assert left_out.added == 1 and set(cards(store)) == {"Vic Stone"}
    assert "line 2: someone with the same email asked to be erased: left out" in (
        left_out.do_not_contact
    )


def test_a_merge_keeps_further_values_and_an_address_and_undoes(
    store: Store, tmp_path: Path, clock: object
) -> None:
    with store.write() as session:
        deck.add_card(session, deck.CardDraft(name="Ann Lee", email="ann@acme.example"))
    path = tmp_path / "ann.csv"
    path.write_text("Name,Email,Phone,Street,City,Zip\n"
                    "Ann Lee,ann@home.example ::: ann@acme.example,212-555-0134,1 Main St,"
                    "Newark,07102\n", encoding="utf-8")  # fmt: skip
    report = run_import(store, path, on_duplicate="merge")
    assert report.merged == 1
    ann = cards(store)["Ann Lee"]
    assert (ann.email, ann.other_emails, ann.phone) == (
        "ann@acme.example",
        "ann@home.example",
        "+12125550134",
    )
    assert ann.address == "1 Main St\nNewark 07102"
    with store.write() as session:
        undo_import(session, report.batch_id or 0)
    ann = cards(store)["Ann Lee"]
    assert (ann.other_emails, ann.phone, ann.address) == (None, None, None)


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
    assert card.email == "ann@a.example" and card.other_emails == "ann@b.example"


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
    with store.read() as session:  # its contact went with it (the schema's cascade)
        from sqlmodel import func, select

        from carddeck.store import Contact

        assert session.exec(select(func.count()).select_from(Contact)).one() == 0


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
