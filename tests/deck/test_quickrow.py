"""The plan for the usual row (``deck/quickrow``) gives what the general way gives: a
worker's checked rows (``rowcheck._check_chunk``) are ``check_row`` of each row by name,
for random rows of every shape, and the plan answers only for rows the general way finds
plain (and answers for most usual ones)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from carddeck.deck.intake import as_dict
from carddeck.deck.mapping import FALLBACKS, Mapping
from carddeck.deck.quickrow import plan_for
from carddeck.deck.rowcheck import _check_chunk as check_chunk
from carddeck.deck.rowcheck import check_row
from tests.deck.test_mapping_reader import HEADERS as READERS_HEADERS

HEADERS = [
    *READERS_HEADERS,  # the column mapping's own (a column named twice: no plan)
    ["Company", "Email"],
    ["Favourite colour", " padded ", "Phone"],  # only a phone, and columns kept as said
]

EMAILS = [
    "lead7@example.com", "Ann.Lee@Example.COM", "  x@y.org ", "bad@", "no at all", "a..b@x.com",
    "ü@x.com", "a@exämple.com", "a@ÉCOLE.fr", "'@x.com", "a@x.com ::: b@y.com", "a@x.com; b@y.com",
    "a@x.com\nb@y.com", "p:a@x.com", "a@x.com\x00", "a@x\tcom", "\u200b", "x@" + "d" * 250 + ".com",
    "a" * 64 + "@x.com", "a" * 65 + "@x.com", "o'brien@x.ie", "a@b", "ΑΣ@σΣ.gr", "a+b@[1.2.3.4]",
    "'=a@x.com", "a@x.com ;", ";", ":::", "a@x.com\u202e",
]  # fmt: skip
PHONES = [
    "+1 212 555 0100", "+1 212 200 0001", "(212) 200-0001", "212.200.0001", "+44 20 7946 0018",
    "020 7946 0018", "p:+12122000001", "p:0207 946 0958", "'+1 212 200 0001", "12", "abc",
    "+1 212 200 0001 x12", "+1 212 200 0001; +1 212 200 0002", "+1 212 200 0001 ::: 212 200 0002",
    "+999 1234", "1-800-FLOWERS", "+1\u00a0212 200 0001", "+1 212 200 000\x01", "416 555 0199",
    "+39 06 6982 1234", "0", "p:", "p:+", "+1 212 200 0001\n", "\t+1 212 200 0001\t",
    "+1 212 ٢٠٠ 0001", "+７ 495 123 4567", "+7 495 123 4567", "011 44 20 7946 0018",
]  # fmt: skip
TEXTS = [
    "Ann", " Lee ", "Acme; Inc", "'=SUM(A1)", "'+x", "'-", "'@x", "'", "''=x", "p:+1", "p:0 1",
    "pam", "ünï", "line one\nline two", "a\tb", "\r\n x \r", "\x00ctrl\x1b[31m", "\u202eevil",
    "\u200b", "\u200bx\u200b", "x" * 5000, "Total", "😀", "\u3000wide\u3000", "x\u2028y",
    "Bob O'Brien", "St. 1\nSt. 2", "\x7f", "0", "Ann ::: Bob",
]  # fmt: skip
BLANKS = ["", " ", "  \t ", "\n"]


def cell(pick: random.Random, kind: str | None) -> str:
    """A cell of a column holding ``kind``: mostly what such a column holds, now and then
    anything, blank or a value of another kind."""
    roll = pick.random()
    if roll < 0.12:
        return pick.choice(BLANKS)
    if roll < 0.2:
        return pick.choice(EMAILS + PHONES + TEXTS)
    if kind == "email":
        return pick.choice(EMAILS) if roll < 0.45 else f"Lead.{pick.randint(1, 99)}@Example.com"
    if kind == "phone":
        digits = f"{pick.randint(200, 999)} {pick.randint(200, 999)} {pick.randint(0, 9999):04d}"
        return pick.choice(PHONES) if roll < 0.45 else pick.choice(["+1 ", "", "p:+1 "]) + digits
    return pick.choice(TEXTS) if roll < 0.5 else f"Word {pick.randint(1, 999)}"


def plain(c: Any) -> tuple[Any, ...]:
    """A checked row as a worker hands it back (``_check_chunk``)."""
    if c.problem is None and not (c.warnings or c.values or c.extra or any(c.others)):
        return (c.line, c.email, c.phone, c.name, c.company, *c.cells)
    return tuple(c)


def kinds(mapping: Mapping, header: list[str]) -> list[str | None]:
    by_column = {h: name for name, headers in mapping.fields.items() for h in headers}
    return [by_column.get(h) for h in header]


@pytest.mark.parametrize("region", ["US", "GB"])
@pytest.mark.parametrize("header", HEADERS, ids=lambda h: h[0])
def test_a_worker_checks_each_row_as_check_row_does(header: list[str], region: str) -> None:
    mapping = Mapping.of(header)
    columns = kinds(mapping, header)
    pick = random.Random(f"{header[0]}{region}")
    plan = plan_for(mapping, header, region)
    assert (plan is None) == (len(set(header)) != len(header))
    rows: list[tuple[int, list[str]]] = []
    for line in range(2, 1502):
        # A second email or phone column is mostly blank, as in the exports that have one.
        row = [cell(pick, kind) if kind not in FALLBACKS or kind not in columns[:i]
               or pick.random() < 0.3 else "" for i, kind in enumerate(columns)]  # fmt: skip
        if pick.random() < 0.05:  # fewer or more cells than the header names
            row = row[: pick.randrange(len(row))] if pick.random() < 0.5 else [*row, "more"]
        rows.append((line, row))
    expected = [plain(check_row(line, as_dict(header, row), mapping, region, keep=False))
                for line, row in rows]  # fmt: skip
    assert check_chunk(mapping, region, False, header, list(rows)) == expected
    if plan is None:
        return
    quick = 0
    for (line, row), want in zip(rows, expected, strict=True):
        got = plan(line, row)
        if got is not None:
            quick += 1
            assert got == want, row
        elif len(want) == 13:  # plain: only a row the plan does not read whole is left
            assert len(row) != len(header) or not one_each(mapping, header, row), row
    assert quick > 100


def one_each(mapping: Mapping, header: list[str], row: list[str]) -> bool:
    """Whether the row's email and phone columns hold at most one value each."""
    for name in ("email", "phone"):
        filled = [v for h in mapping.fields.get(name, []) if (v := row[header.index(h)].strip())]
        if len(filled) > 1 or any(s in v for v in filled for s in (":::", ";", "\n", "\r")):
            return False
    return True


def test_a_plan_is_made_only_for_a_mapping_it_knows_whole() -> None:
    header = HEADERS[0]
    assert plan_for(Mapping.of(header), header, "US") is not None
    odd = Mapping.of(header, {"Notes": "other_emails"})  # no field of the card
    assert plan_for(odd, header, "US") is None
    by_hand = Mapping(fields={"company": ["Company", "Notes"]})  # a field of two columns
    assert plan_for(by_hand, header, "US") is None
    assert plan_for(Mapping.of(["Email", "Email"]), ["Email", "Email"], "US") is None


def test_a_mapping_with_overrides_checks_alike() -> None:
    header = HEADERS[0]
    mapping = Mapping.of(header, {"Notes": "need", "Company": "known", "Lead Source": "phone"})
    pick = random.Random(5)
    rows = [(n, [cell(pick, k) for k in kinds(mapping, header)]) for n in range(2, 1002)]
    expected = [plain(check_row(n, as_dict(header, r), mapping, "US", keep=False))
                for n, r in rows]  # fmt: skip
    assert check_chunk(mapping, "US", False, header, rows) == expected


def test_rows_kept_whole_go_the_general_way() -> None:
    """With the values kept (a merge needs them), every row is ``check_row``'s whole."""
    header = HEADERS[0]
    mapping = Mapping.of(header)
    row = ["Ann", "Lee", "Acme", "ann@example.com", "+1 212 200 0001", "Web", "Hi"]
    done = check_chunk(mapping, "US", True, header, [(2, row)])
    assert done == [tuple(check_row(2, as_dict(header, row), mapping, "US", keep=True))]
