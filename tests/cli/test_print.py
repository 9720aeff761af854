"""carddeck print: the PDF of 3x5 cards, read back with pypdf (page sizes, page count,
each card's name and notch note on its own page), the cards chosen, and one-line errors."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from pypdf import PageObject, PdfReader

from tests.cli.conftest import Run, data, ok
from tests.helpers import ZONE

REPO = Path(__file__).parents[2]
SIZES = {"index": (360, 216), "letter": (612, 792), "a4": (595, 842)}
PER_PAGE = {"letter": 3, "a4": 3}


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    copy = tmp_path / "sample.sqlite"
    shutil.copy(REPO / "sample_deck.sqlite", copy)
    return copy


def pages_of(path: Path) -> list[str]:
    """Each page's text, its words joined by single spaces (a wrapped note reads whole)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def page_sizes(path: Path) -> set[tuple[int, int]]:
    return {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in PdfReader(path).pages
    }


def baselines(page: PageObject) -> dict[str, float]:
    """Where each text on a page stands (its first baseline, from the page's foot)."""
    found: dict[str, float] = {}

    def seen(text: str, cm: object, tm: list[float], *rest: object) -> None:
        found.setdefault(text.strip(), tm[5])

    page.extract_text(visitor_text=seen)
    return found


def printed_ids(texts: list[str]) -> list[int]:
    """The card ids in the order their fronts were printed (the tag: ``#12 · active``)."""
    import re

    return [int(m) for text in texts for m in re.findall(r"#(\d+) ·", text)]


@pytest.mark.sqlite_only  # the committed sample deck is a file
def test_index_cards_of_the_sample_deck(run: Run, sample: Path, tmp_path: Path) -> None:
    cards = data(run("list", "--json", db=sample))
    out = tmp_path / "cards.pdf"
    said = ok(run("print", "--sheet", "index", "-o", str(out), db=sample)).stdout
    assert said.startswith(f"{len(cards)} cards on {2 * len(cards)} pages (index) written to ")
    assert str(out) in said
    texts = pages_of(out)
    assert len(texts) == 2 * len(cards) and page_sizes(out) == {SIZES["index"]}
    for i, card in enumerate(cards):
        front, back = texts[2 * i], texts[2 * i + 1]
        assert f"#{card['id']} · " in front and card["name"] in front, front
        assert " ".join((card["notch"] or "(ask them)").split()) in front, front
        assert f"back of #{card['id']}" in back and card["name"] in back
    worked = next(c for c in cards if c["known"])
    back = texts[2 * [c["id"] for c in cards].index(worked["id"]) + 1]
    assert worked["known"] in back and "contacts" in back


@pytest.mark.sqlite_only
@pytest.mark.parametrize("sheet", ["letter", "a4"])
def test_sheets_of_three_cards_with_their_backs_behind(
    run: Run, sample: Path, tmp_path: Path, sheet: str
) -> None:
    cards = data(run("list", "--json", db=sample))
    out = tmp_path / f"{sheet}.pdf"
    ok(run("print", "--sheet", sheet, "-o", str(out), db=sample))
    texts = pages_of(out)
    sheets = -(-len(cards) // PER_PAGE[sheet])
    assert len(texts) == 2 * sheets and page_sizes(out) == {SIZES[sheet]}
    assert printed_ids(texts) == [c["id"] for c in cards]
    for start in range(0, len(cards), PER_PAGE[sheet]):
        page = 2 * (start // PER_PAGE[sheet])
        fronts, backs = texts[page], texts[page + 1]
        for card in cards[start : start + PER_PAGE[sheet]]:
            assert card["name"] in fronts and f"#{card['id']} · " in fronts
            assert " ".join((card["notch"] or "(ask them)").split()) in fronts
            assert f"back of #{card['id']}" in backs and card["name"] in backs
    # each back stands at its front's height on the page: behind it once turned over
    heights = [baselines(page) for page in PdfReader(out).pages[:2]]
    for card in cards[:3]:
        assert heights[0][card["name"]] == pytest.approx(heights[1][card["name"]])


@pytest.mark.sqlite_only
def test_today_prints_the_calls_in_calling_order(run: Run, sample: Path, tmp_path: Path) -> None:
    monday = datetime(2026, 11, 23, 10, 0, tzinfo=ZONE)  # the sample deck's morning
    out = tmp_path / "today.pdf"
    with time_machine.travel(monday, tick=False):
        agenda = data(run("today", "--json", db=sample))
        said = ok(run("print", "--today", "--sheet", "index", "-o", str(out), db=sample))
    calls = [c["id"] for part in ("overdue", "due_today", "new", "cold") for c in agenda[part]]
    assert calls and printed_ids(pages_of(out)) == calls
    assert said.stdout.startswith(f"{len(calls)} cards on {2 * len(calls)} pages")


@pytest.mark.sqlite_only
def test_named_cards_and_a_status(run: Run, sample: Path, tmp_path: Path) -> None:
    cards = data(run("list", "--json", db=sample))
    first, second = cards[3], cards[0]
    out = tmp_path / "two.pdf"
    ok(run("print", str(first["id"]), second["name"].split()[0], str(first["id"]),
           "--sheet", "index", "-o", str(out), db=sample))  # fmt: skip
    assert printed_ids(pages_of(out)) == [first["id"], second["id"]]  # each once, as given
    won = [c["id"] for c in data(run("list", "--status", "won", "--json", db=sample))]
    ok(run("print", "-s", "won", "--sheet", "index", "-o", str(out), db=sample))
    assert printed_ids(pages_of(out)) == won


def test_a_long_notch_and_a_name_in_any_script(run: Run, tmp_path: Path, clock: object) -> None:
    ok(run("add", "Zoë Müller", "--company", "Café Ünal", "--need", "more " * 400))
    ok(run("add", "José 李小龙 😀 Ωmega"))
    notch = "a written guarantee " * 100  # 2,000 characters
    ok(run("log", "zoë", "--rating", "5", "--interest", "6", "--notch", notch,
           "--summary", "long talk " * 300))  # fmt: skip
    out = tmp_path / "cards.pdf"
    ok(run("print", "--sheet", "index", "-o", str(out)))
    texts = pages_of(out)
    assert len(texts) == 4
    zoe = next(i for i, t in enumerate(texts) if "Zoë Müller" in t and "#" in t and "·" in t)
    assert "Café Ünal" in texts[zoe]
    assert "a written guarantee" in texts[zoe] and "…" in texts[zoe]  # cut with a mark
    assert "…" in texts[zoe + 1]  # the recap and the need, cut
    assert any("José" in t and "Ωmega" in t for t in texts)  # what the font lacks is a box


def test_one_line_errors(run: Run, tmp_path: Path, clock: object) -> None:
    out = tmp_path / "cards.pdf"
    empty = run("print", "-o", str(out))
    assert empty.exit_code == 1 and empty.stderr == "carddeck: nothing to print: no open cards\n"
    ok(run("add", "Ann Lee"))
    unknown = run("print", "nobody", "-o", str(out))
    assert unknown.exit_code == 3  # not found
    assert unknown.stderr == "carddeck: no card matches 'nobody'\n" and not out.exists()
    missing = run("print", "-o", str(tmp_path / "no" / "cards.pdf"))
    assert missing.exit_code == 1 and missing.stderr.count("\n") == 1
    assert "folder" in missing.stderr and "does not exist" in missing.stderr
    for args in (["--sheet", "legal"], ["--today", "-s", "new"], ["ann", "--today"],
                 ["-s", "maybe"]):  # fmt: skip
        bad = run("print", *args, "-o", str(out))
        assert bad.exit_code == 2 and bad.stderr.startswith("carddeck: "), args
        assert bad.stderr.count("\n") == 1 and not out.exists()
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    kept = run("print", "-o", str(notes))
    assert kept.exit_code == 1 and "is not a PDF" in kept.stderr and notes.read_text() == "mine"
    ok(run("print", "-o", str(out)))
    ok(run("print", "-o", str(out)))  # an earlier PDF is printed over


@pytest.mark.sqlite_only
def test_an_unwritable_place_is_one_line(run: Run, tmp_path: Path, clock: object) -> None:
    ok(run("add", "Ann Lee"))
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        probe = locked / "probe"
        try:
            probe.touch()  # root writes anywhere: then /proc stands in
            probe.unlink()
            place = Path("/proc/cards.pdf")
        except OSError:
            place = locked / "cards.pdf"
        result = run("print", "-o", str(place))
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("carddeck: cannot write the cards: ")
    assert result.stderr.count("\n") == 1 and str(place) in result.stderr


def test_default_file_here_on_both_backends(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    ok(run("add", "Ann Lee", "--company", "Acme Dental"))
    ok(run("add", "Bob Stone"))
    ok(run("log", "ann", "--rating", "6", "--interest", "5", "--notch", "a walkthrough quote",
           "--summary", "Pricing fine"))  # fmt: skip
    monkeypatch.chdir(tmp_path)
    said = ok(run("print", "--sheet", "a4")).stdout
    out = tmp_path / "carddeck-cards.pdf"
    assert said == (
        "2 cards on 2 pages (a4) written to carddeck-cards.pdf: print both sides, "
        "flipping on the long edge, then cut on the marks\n"
    )
    assert out.stat().st_mode & 0o777 == 0o600  # names and numbers, private as the deck
    texts = pages_of(out)
    assert page_sizes(out) == {SIZES["a4"]} and len(texts) == 2
    assert "Ann Lee" in texts[0] and "a walkthrough quote" in texts[0] and "Bob Stone" in texts[0]
    assert "Pricing fine" in texts[1]


@pytest.mark.sqlite_only
def test_on_a_shared_deck_your_own_cards(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    monkeypatch.setenv("CARDDECK_SELLER", "Ann")
    ok(run("add", "Mine Only", "--owner", "me"))
    ok(run("add", "Sams Lead", "--owner", "Sam"))
    ok(run("add", "In The Inbox"))
    out = tmp_path / "cards.pdf"
    ok(run("print", "--sheet", "index", "-o", str(out)))
    assert printed_ids(pages_of(out)) == [1]  # as list shows them: yours
    ok(run("print", "--everyone", "--sheet", "index", "-o", str(out)))
    assert sorted(printed_ids(pages_of(out))) == [1, 2, 3]
    monkeypatch.setenv("CARDDECK_SELLER", "Zed")
    none = run("print", "-o", str(out))
    assert none.exit_code == 1 and none.stderr == (
        "carddeck: nothing to print: no open cards of yours (--everyone prints every seller's)\n"
    )


def test_a_customer_prints_its_check_in_value_and_further_ways_to_reach_them(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    config = tmp_path / "mine.toml"
    config.write_text('currency = "eur"\n')
    monkeypatch.setenv("CARDDECK_CONFIG", str(config))
    leads = tmp_path / "leads.csv"
    leads.write_text(
        "Name,Email,Work Email,Phone,Mobile Phone\n"
        "Ann Lee,ann@lee.example,ann@work.example,+12125550100,+12125550301\n"
    )
    ok(run("import", str(leads)))
    ok(run("edit", "ann", "--value", "1200", "--address", "1 Main St\nSpringfield"))
    ok(run("log", "ann", "--rating", "6", "--interest", "5", "--notch", "a walkthrough " * 20))
    ok(run("won", "ann", "--check-in", "2027-01-05"))
    out = tmp_path / "ann.pdf"
    ok(run("print", "ann", "--sheet", "index", "-o", str(out)))
    front, back = pages_of(out)
    assert "check in Tue 05 Jan 2027 09:00" in front
    assert "value 1,200.00 EUR" in front
    assert "address 1 Main St, Springfield" in front
    assert "also (212) 555-0301 · ann@work.example" in back
    assert "a walkthrough" in front and "phone (212) 555-0100" in front
