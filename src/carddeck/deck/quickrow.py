"""The usual import row checked straight from its cells, the same answer sooner.

``rowcheck.check_values`` of what ``Mapping.reader`` reads of a row goes through a dict of
its values (and the column each came from) that a row checked without keeping them
(``keep=False``) hands back nothing of. A plan made once for a file's header goes from the
cells to the plain checked row (``rowcheck._check_chunk``'s ``(line, email, phone, name,
company, *cells)``) for the usual row: every email and phone one value, a valid one, and a
name. Any other row (further emails or phones, a refused email, a phone kept as typed, no
name, a row not as wide as the header) is answered None: the general way decides it.
tests/deck/test_quickrow.py holds it to the general way over rows of every shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from carddeck.deck.fields import clean, normalise_phone
from carddeck.deck.mapping import (
    ADDRESS_PARTS,
    ALIASES,
    FALLBACKS,
    JOINED,
    Mapping,
    _is_several,
    _plain,
    format_address,
)
from carddeck.deck.quickemail import fast_email
from carddeck.deck.quickphone import quick_e164
from carddeck.errors import InvalidInput

#: A usual row, checked: (line, email, phone, name, company, title, website, source,
#: referred_by, need, known, notes, address).
Plain = tuple[Any, ...]
Plan = Callable[[int, list[str]], Plain | None]

#: The fields read from one column each, in the order of the slots they are read into.
_ONES = ("name", "first", "middle", "last", "company", "title", "website", "source",
         "referred_by", "need", "known", "notes", "address", "city", "region", "postal",
         "country")  # fmt: skip
(NAME, FIRST, MIDDLE, LAST, COMPANY, TITLE, WEBSITE, SOURCE, REFERRED_BY, NEED, KNOWN,
 NOTES, ADDRESS, CITY, REGION, POSTAL, COUNTRY) = range(len(_ONES))  # fmt: skip
#: The fields the checked row holds as read, cleaned as they are read (as one line, or as
#: several); the others are cleaned once put together (a name of its parts, an address).
_CLEANED = {"company": False, "title": False, "website": False, "source": False,
            "referred_by": False, "need": True, "notes": True}  # fmt: skip


def plan_for(mapping: Mapping, header: list[str], region: str) -> Plan | None:
    """A file's plan: ``plan(line, cells)`` is the plain checked row of a usual row, None for
    any other. None for a mapping it does not know the whole of (a field not among the
    card's, a column named twice): every row goes the general way then."""
    if len(set(header)) != len(header) or not set(ALIASES).issuperset(mapping.fields):
        return None
    at = {h: i for i, h in enumerate(header)}
    ones: list[tuple[int, int, bool | None]] = []  # (slot, column, cleaned how)
    several: dict[str, list[int]] = {"email": [], "phone": []}
    joined: list[int] = []  # the street's columns, its lines
    for name, headers in mapping.fields.items():
        columns = [at[h] for h in headers if h in at]
        if name in FALLBACKS:
            several[name] = columns
        elif name in JOINED:
            joined = columns
        elif len(columns) == 1:
            ones.append((_ONES.index(name), columns[0], _CLEANED.get(name)))
        elif columns:
            return None  # one field, several columns: only a mapping made by hand
    mapped = {h for headers in mapping.fields.values() for h in headers} | set(mapping.dropped)
    unmapped = [(i, f"{h}: ") for i, h in enumerate(header) if h not in mapped]
    emails, phones = several["email"], several["phone"]
    has_parts = any(p in mapping.fields for p in ADDRESS_PARTS)
    width, size = len(header), len(_ONES)

    def plan(line: int, cells: list[str]) -> Plain | None:
        if len(cells) != width:
            return None
        email = _one_value(cells, emails) if emails else None
        if email is False:
            return None
        if email is not None:
            try:
                email = fast_email(email)
            except InvalidInput:
                return None  # a problem: the general way words it
        phone = _one_value(cells, phones) if phones else None
        if phone is False:
            return None
        if phone is not None:
            quick = quick_e164(phone, region) if phone.isprintable() else None
            if quick is None:
                phone, warning = normalise_phone(phone, region)
                if warning is not None:
                    return None
            else:
                phone = quick
        got: list[str | None] = [None] * size
        for slot, i, multiline in ones:
            value: str | None = cells[i].strip()
            if value:
                if value[0] in "'p":
                    value = _plain(value)
                # Trimmed and not empty: ``clean`` leaves a printable value as it is.
                if multiline is not None and not value.isprintable():
                    value = clean(value, multiline=multiline)
                got[slot] = value
        company = got[COMPANY]
        name = got[NAME]
        if name is None:
            parts = [p for p in (got[FIRST], got[MIDDLE], got[LAST]) if p]
            name = " ".join(parts) if parts else None
        if name is not None and not name.isprintable():
            name = clean(name)
        name = name or company or email or phone
        if not name:
            return None  # not a lead: the general way words it
        extra: str | None = None
        if unmapped or got[KNOWN] is not None:
            lines = [f"{h}{v.strip()}" for i, h in unmapped if (v := cells[i]).strip()]
            if got[KNOWN] is not None:
                lines.insert(0, got[KNOWN] or "")
            extra = clean("\n".join(lines) or None, multiline=True)
        address = got[ADDRESS]
        if address is None and (has_parts or joined):
            street = "\n".join(_plain(c) for i in joined if (c := cells[i]).strip()) or None
            held = (street, got[CITY], got[REGION], got[POSTAL], got[COUNTRY])
            address = format_address(*held) if any(held) else None
        return (
            line, email, phone, name, company,
            got[TITLE], got[WEBSITE], got[SOURCE], got[REFERRED_BY], got[NEED], extra,
            got[NOTES], _clean(address, True),
        )  # fmt: skip

    return plan


def _clean(value: str | None, multiline: bool = False) -> str | None:
    """``clean`` of a trimmed value: a printable one is as it is."""
    if value is None or value.isprintable():
        return value
    return clean(value, multiline=multiline)


def _one_value(cells: list[str], columns: list[int]) -> str | Literal[False] | None:
    """The one value of an email's or a phone's columns (as ``Mapping.values`` gives it),
    None for none; False for a row that may hold further ones (the general way then)."""
    found: str | None = None
    for i in columns:
        value = cells[i].strip()
        if value:
            if found is not None:
                return False
            if value[0] in "'p":
                value = _plain(value)
            if _is_several(value):
                return False
            found = value
    return found
