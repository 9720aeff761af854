"""Printed cards laid out: text fitted to its room (never wider, whatever it says), every
ink inside its card, sheets of three with cut marks and mirrored backs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carddeck.deck.settings import DEFAULT_SETTINGS
from carddeck.render.fitting import fit
from carddeck.render.paper import Block, Rule, Text
from carddeck.render.pdf import PdfMetrics, write_pdf
from carddeck.render.printed import CONTACTS_LISTED, Line, PrintedCard, printed_card
from carddeck.render.sheet import (
    CARD_H,
    CARD_W,
    PAGE_SIZES,
    SHEETS,
    Box,
    Sheet,
    cut_marks,
    mirrored,
    pages,
    pages_needed,
    slots,
)
from carddeck.store.models import Card, Channel, Contact, Status
from tests.helpers import FRIDAY_EVENING, at


@pytest.fixture(scope="module")
def metrics() -> Iterator[PdfMetrics]:
    from fpdf import FPDF

    from carddeck.render.pdf import _document

    pdf, measured = _document("index")
    assert isinstance(pdf, FPDF) and measured.unicode  # the bundled font was found
    yield measured


def card(**fields: object) -> Card:
    made = Card(name="Ann Lee", created_at=at(2026, 11, 2, 9), updated_at=at(2026, 11, 2, 9))
    made.id = 7
    for name, value in fields.items():
        setattr(made, name, value)
    return made


def contacts(count: int, summary: str = "Pricing fine; wants references") -> list[Contact]:
    return [
        Contact(id=i, card_id=7, at=at(2026, 11, 19, 11) - timedelta(days=i), rating=6,
                interest=5 + i % 4, notch="a walkthrough", summary=summary, channel=Channel.call)
        for i in range(count)
    ]  # fmt: skip


LONG = "x" * 60 + " " + "word " * 600  # a word wider than any line, then 3,000 characters
EVERYTHING = card(
    name="Maximiliana Wolkenstein-Rabenhorst-Obermüller " * 3,
    title="Vice President of Facilities and Workplace Experience " * 4,
    company=LONG,
    phone="+12125550100",
    email="someone.with.a.very.long.address@subdomain.example-company-name.example",
    website="https://" + "w" * 300 + ".example",
    address="1 Long Street\n" + LONG,
    source=LONG,
    referred_by=LONG,
    owner="Sam",
    status=Status.active,
    notch=LONG,
    known=LONG,
    need=LONG,
    notes=LONG,
    rating=4,
    interest=9,
    attempts=7,
    next_follow_up=at(2026, 11, 18, 9),
)


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(min_size=0, max_size=400),
    room=st.floats(min_value=20, max_value=330),
    lines=st.integers(min_value=1, max_value=3),
)
def test_fitted_text_is_never_wider_than_its_room(
    metrics: PdfMetrics, text: str, room: float, lines: int
) -> None:
    fitted = fit(text, room, metrics, lines=lines)
    assert len(fitted.lines) <= lines
    assert all(metrics.width(line, fitted.size) <= room + 0.01 for line in fitted.lines)
    assert 7.0 <= fitted.size <= 9.0
    if fitted.cut:
        assert fitted.lines[-1].endswith("…") and fitted.size == 7.0


def test_what_fits_is_kept_whole_and_what_does_not_is_cut(metrics: PdfMetrics) -> None:
    assert fit("a monthly contract", 300, metrics).lines == ("a monthly contract",)
    long = fit("a written guarantee " * 100, 280, metrics, lines=2)
    assert long.cut and len(long.lines) == 2 and long.lines[1].endswith("…")
    assert long.lines[0].startswith("a written guarantee a written")
    assert fit("李小龙 😀 Zoë", 300, metrics).lines == ("□□□ 😀 Zoë",)  # no CJK in DejaVu


def test_without_the_bundled_font_plain_helvetica_still_prints() -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    plain = PdfMetrics(pdf, unicode=False)
    fitted = fit("José 李 → " + "word " * 200, 200, plain)
    assert fitted.lines[0].startswith("José ? ? word") and fitted.lines[0].endswith("...")


@pytest.mark.parametrize("sheet", SHEETS)
def test_every_ink_stays_on_its_card(sheet: Sheet) -> None:
    long = printed_card(EVERYTHING, contacts(20, LONG), DEFAULT_SETTINGS, now=FRIDAY_EVENING)
    quiet = printed_card(card(), [], DEFAULT_SETTINGS, now=FRIDAY_EVENING)
    printed = write_pdf([long, quiet, long, long], sheet)
    assert printed.data.startswith(b"%PDF-") and len(printed.pages) == pages_needed(4, sheet)
    for page, inks in zip(printed.pages, printed.inks, strict=True):
        boxes = [placed.box for placed in page.cards]
        for ink in inks:
            if isinstance(ink, Text):
                inside = [b for b in boxes if b.x <= ink.x and ink.x + ink.width <= b.right + 0.01
                          and b.y < ink.y - ink.size * 0.75 and ink.y + 2 < b.bottom]  # fmt: skip
                assert inside, ink
            elif isinstance(ink, Block):
                assert any(b.x <= ink.x and ink.x + ink.w <= b.right and b.y <= ink.y
                           and ink.y + ink.h <= b.bottom for b in boxes), ink  # fmt: skip
            elif isinstance(ink, Rule) and ink.thickness < 0.6 and ink.color[0] == 90:
                # a cut mark: on the page, outside every card
                assert 0 <= min(ink.x1, ink.x2) and max(ink.x1, ink.x2) <= page.width
                assert 0 <= min(ink.y1, ink.y2) and max(ink.y1, ink.y2) <= page.height
    texts = [ink.text for ink in printed.inks[0] if isinstance(ink, Text)]
    assert any(t.endswith("…") for t in texts)  # the long notch, cut with a mark


def test_the_back_lists_the_latest_contacts_and_counts_the_rest(metrics: PdfMetrics) -> None:
    laid = printed_card(card(known="Two clinics"), contacts(12), DEFAULT_SETTINGS,
                        now=FRIDAY_EVENING)  # fmt: skip
    assert len(laid.contacts) == CONTACTS_LISTED and laid.older == 12 - CONTACTS_LISTED
    assert laid.contacts[0].startswith("19 Nov call")  # newest first
    assert [line.label for line in laid.back] == ["recap", "they said", "ladder"]
    printed = write_pdf([laid], "index")
    back = [ink.text for ink in printed.inks[1] if isinstance(ink, Text)]
    assert back[-1].startswith("… and ") and back[-1].endswith("older contacts (carddeck show 7)")
    shown = sum(1 for t in back if t.startswith(("19 Nov", "18 Nov", "17 Nov", "16 Nov", "15 Nov",
                                                  "14 Nov", "13 Nov", "12 Nov")))  # fmt: skip
    assert f"… and {12 - shown} older contacts" in back[-1]


def test_the_front_says_what_show_says(metrics: PdfMetrics) -> None:
    laid = printed_card(EVERYTHING, [], DEFAULT_SETTINGS, now=FRIDAY_EVENING)
    assert isinstance(laid, PrintedCard) and laid.ref == "#7"
    assert [line.label for line in laid.front] == [
        "phone", "email", "web", "address", "source", "seller", "next",
    ]  # fmt: skip
    nxt = laid.front[-1]
    assert nxt.text == "Wed 18 Nov 2026 09:00 late" and nxt.tone == "late"
    assert laid.attempts == "7/7" and laid.attempts_done
    assert laid.front[0].text == "(212) 555-0100"
    assert laid.status == "active · lead · rapport"
    won = printed_card(card(status=Status.won), [], DEFAULT_SETTINGS, now=FRIDAY_EVENING)
    assert "next" not in [line.label for line in won.front] and won.notch == "(ask them)"
    assert won.front[-1] == Line("check in", "none planned")


def test_a_full_front_keeps_every_entry_and_the_notch_gives_way(metrics: PdfMetrics) -> None:
    copied = ("name", "phone", "email", "website", "address", "source", "owner")
    full = card(
        **{k: getattr(EVERYTHING, k) for k in copied},
        notch="a written guarantee " * 50,
        status=Status.won,
        next_follow_up=at(2027, 1, 5, 9),
        value=120050,
        other_emails="ann@work.example",
        other_phones="+12125550301\nask for ext 4",
    )
    laid = printed_card(full, [], DEFAULT_SETTINGS, now=FRIDAY_EVENING)
    assert [line.label for line in laid.front] == [
        "phone", "email", "web", "address", "source", "seller", "check in", "value",
    ]  # fmt: skip
    assert laid.front[-2].text == "Tue 05 Jan 2027 09:00" and laid.front[-1].text == "$1,200.50"
    assert laid.back[-1] == Line("also", "(212) 555-0301 · ask for ext 4 · ann@work.example")
    printed = write_pdf([laid], "index")
    front = [ink.text for ink in printed.inks[0] if isinstance(ink, Text)]
    assert "check in" in front and "$1,200.50" in front  # on the card: the notch took one line
    assert sum(1 for t in front if t.startswith("a written guarantee")) == 1


@pytest.mark.parametrize("sheet", ["letter", "a4"])
def test_three_cards_a_sheet_within_the_margins(sheet: Sheet) -> None:
    width, height = PAGE_SIZES[sheet]
    places = slots(sheet)
    assert len(places) == 3
    for box in places:
        assert (box.w, box.h) == (CARD_W, CARD_H)
        assert box.x >= 36 and box.right <= width - 36 and box.y >= 36
        assert box.bottom <= height - 36
        assert mirrored(box, width) == box  # one column, centred: behind itself
    assert mirrored(Box(40, 50, CARD_W, CARD_H), 612) == Box(212, 50, CARD_W, CARD_H)
    for x1, y1, x2, y2 in cut_marks(places, width, height):
        assert not any(b.x < min(x1, x2) < b.right and b.y < min(y1, y2) < b.bottom
                       for b in places)  # fmt: skip
    assert [pages_needed(n, sheet) for n in (1, 3, 4, 7)] == [2, 2, 4, 6]
    assert [pages_needed(n, "index") for n in (1, 3)] == [2, 6]


def test_backs_follow_their_fronts() -> None:
    cards = [printed_card(card(name=f"Card {i}"), [], DEFAULT_SETTINGS) for i in range(4)]
    laid = pages(cards, "letter")
    assert [[(p.card.name, p.face) for p in page.cards] for page in laid] == [
        [("Card 0", "front"), ("Card 1", "front"), ("Card 2", "front")],
        [("Card 0", "back"), ("Card 1", "back"), ("Card 2", "back")],
        [("Card 3", "front")],
        [("Card 3", "back")],
    ]
    assert laid[0].marks and not laid[1].marks  # cut marks on the fronts only
    index = pages(cards[:2], "index")
    assert [(p.width, p.height, p.cards[0].face) for p in index] == [
        (360, 216, "front"), (360, 216, "back"), (360, 216, "front"), (360, 216, "back"),
    ]  # fmt: skip
