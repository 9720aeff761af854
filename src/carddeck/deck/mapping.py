"""Which card field a column holds, from the headers that common exports use.

Google Contacts (current and legacy), Outlook, HubSpot, Salesforce and Zoho leads,
Pipedrive, Meta lead ads, LinkedIn, Mailchimp, Typeform and Google Forms. Columns with
no card field are kept on the card as "what they told us"; only the label and type
columns beside a value (Google's "E-mail 1 - Label", "Labels", Outlook's "E-mail Type",
"Categories") are dropped: they say how a contacts app filed the value, not who it is.
A cell holding several values (Google's "a@x ::: b@y") gives the first to the field and
keeps the others as further emails or phones; an address comes whole or in parts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "fullname", "contact name", "lead name", "display name",
             "person name", "person", "your name", "contact", "formatted name"),
    "first": ("first name", "firstname", "given name", "first", "forename"),
    "middle": ("middle name", "additional name", "middle"),
    "last": ("last name", "lastname", "surname", "family name", "last"),
    "company": ("company", "company name", "firm", "organization", "organisation",
                "organization name", "organization 1 name", "account name", "business",
                "business name", "employer",
                "person organization", "organization org name", "company account"),
    "title": ("job title", "title", "position", "role", "organization title",
              "organization 1 title", "jobtitle", "designation"),
    "phone": ("phone", "phone number", "mobile", "mobile phone", "mobile phone number", "cell",
              "phone 1 value", "primary phone", "business phone", "home phone", "work phone",
              "person phone", "telephone", "tel", "phone work", "phone mobile",
              "primary phone number", "mobile number"),
    "email": ("email", "e mail", "email address", "e mail address", "e mail 1 value",
              "email 1 value", "primary email", "person email", "work email", "email 1",
              "e mail 1", "mail"),
    "website": ("website", "web page", "web site", "url", "website 1 value", "homepage",
                "linkedin url", "profile url", "company website", "web"),
    "source": ("lead source", "source", "original source", "lead origin", "lead channel"),
    "referred_by": ("referred by", "referrer", "referral source", "referred"),
    "notes": ("notes", "note", "description", "comments", "comment", "message"),
    "need": ("need", "needs", "pain point", "goal", "what do you need", "requirements"),
    "known": ("known", "they said", "what they told us"),
    # An address whole, or its parts (put together in ``format_address``).
    "address": ("address", "full address", "mailing address", "postal address",
                "formatted address", "address 1 formatted", "business address"),
    "street": ("street", "street address", "address 1 street", "business street",
               "mailing street", "address line 1", "address 1 extended address",
               "address 1 po box", "business street 2", "business street 3",
               "business address po box", "address line 2", "address line 3", "street 2"),
    "city": ("city", "address 1 city", "business city", "mailing city", "town"),
    "region": ("state", "state region", "province", "state province", "address 1 region",
               "business state", "mailing state", "state or province"),
    "postal": ("postal code", "zip", "zip code", "postcode", "post code", "zip postal code",
               "address 1 postal code", "business postal code", "mailing zip",
               "mailing postal code"),
    "country": ("country", "country region", "address 1 country", "business country region",
                "business country", "mailing country"),
}  # fmt: skip

#: Fields for which a file's further columns are real alternatives (Home, Work, Mobile...).
FALLBACKS = ("phone", "email")
#: Where the further values of those go (one a line), and a field whose columns are lines.
OTHERS = {"email": "other_emails", "phone": "other_phones"}
JOINED = ("street",)
ADDRESS_PARTS = ("street", "city", "region", "postal", "country")
#: What separates several emails or phones in one cell: Google Contacts' " ::: ", a line
#: break, or HubSpot's ";" (in "Additional email addresses").
_SEVERAL = re.compile(r"\s*(?::::|;|[\r\n]+)\s*")
_EXACT = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
# Question-style headers (Typeform, Google Forms): the first keyword found decides.
_KEYWORDS = (
    ("email", "email"), ("e mail", "email"), ("phone", "phone"), ("mobile", "phone"),
    ("first name", "first"), ("last name", "last"), ("surname", "last"),
    ("company", "company"), ("organization", "company"), ("organisation", "company"),
    ("business name", "company"), ("website", "website"), ("job title", "title"),
    ("full name", "name"), ("your name", "name"), ("what is your name", "name"),
)  # fmt: skip


def _plain(value: str) -> str:
    """A cell as typed: without a spreadsheet-safety apostrophe (ours, on export) or the
    "p:" Meta lead ads put before phone numbers."""
    value = value.strip()
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
        value = value[1:]
    if value[:2] == "p:" and value[2:3] in ("+", "0") and len(value) > 2:
        value = value[2:]
    return value


def normal(header: str) -> str:
    text = re.sub(r"[^0-9a-z]+", " ", header.lower().replace("e-mail", "e mail"))
    return " ".join(text.split())


_NOT_A_VALUE = re.compile(r"\b(type|label|yomi|phonetic|opt out|owner)\b")
#: The label or type of a value beside it ("Phone 1 - Type", "E-mail 1 - Label",
#: Outlook's "E-mail 2 Type" and "E-mail Display Name"), and the groups a contact is
#: filed in (Google's "Labels", its legacy "Group Membership", Outlook's "Categories").
#: A "Custom Field 1 - Label" names its value and is kept.
_LABEL = re.compile(
    r"^(?:(?:e mail|email|phone|website|address|organization|im) \d+ (?:type|label)"
    r"|e mail(?: \d+)? (?:type|display name)|labels|group membership|categories)$"
)


def is_label(header: str) -> bool:
    """Whether a column only labels another column's value (dropped on import)."""
    return bool(_LABEL.match(normal(header)))


def field_for(header: str) -> str | None:
    """The field a header names, if any."""
    key = normal(header)
    if _NOT_A_VALUE.search(key) or _LABEL.match(key):
        return None  # "Phone 1 - Type", "Organization 1 - Yomi Name", "Email Opt Out"...
    key = re.sub(r" \d+$", "", key) if key not in _EXACT else key  # "Email (2)" -> "email"
    if key in _EXACT:
        return _EXACT[key]
    padded = f" {key} "
    for word, name in _KEYWORDS:
        if f" {word} " in padded:
            return name
    return None


@dataclass
class Mapping:
    """Columns by card field (first column first), and the columns kept as known text."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    known: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # labels of values: not kept
    _made: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _planned: list[tuple[str, list[str], str, str | None]] | None = field(
        default=None, repr=False, compare=False
    )

    @classmethod
    def of(cls, headers: Iterable[str], overrides: dict[str, str] | None = None) -> Mapping:
        plan = cls()
        overrides = overrides or {}
        for header in headers:
            target = overrides.get(header, field_for(header))
            if target is None and is_label(header):
                plan.dropped.append(header)
            elif target is None:
                plan.known.append(header)
            else:
                plan.fields.setdefault(target, []).append(header)
        for name, columns in list(plan.fields.items()):  # the likeliest column first
            columns.sort(key=lambda h: _rank(name, h))
            if name not in FALLBACKS + JOINED and len(columns) > 1:
                # One column per field: Outlook's "Title" (Mr, Ms) is no job title, and a
                # carddeck export's "position" (place in the deck) is not LinkedIn's.
                plan.known.extend(columns[1:])
                del columns[1:]
        return plan

    def describe(self) -> list[tuple[str, str]]:
        rows = [(h, f"address ({name})" if name in ADDRESS_PARTS else name)
                for name, headers in self.fields.items() for h in headers]  # fmt: skip
        rows += [(h, "known (kept as they said)") for h in self.known]
        return rows + [(h, "dropped (a label)") for h in self.dropped]

    def values(self, row: dict[str, str]) -> tuple[dict[str, str | None], str | None]:
        """Card fields from one row, and which column each came from (for errors). The
        further emails and phones are under ``other_emails`` / ``other_phones``, one a
        line, and the address under ``address``, whole."""
        out: dict[str, str | None] = {}
        for name, headers, column, other in self._plan():
            if len(headers) == 1:  # most fields: one column
                cell = row.get(headers[0])
                if not cell or not cell.strip():
                    continue
                if other is None and name not in JOINED:  # most of all: one value
                    out[name] = _plain(cell)
                    out[column] = headers[0]
                    continue
                filled = [(headers[0], _plain(cell))]
            else:
                filled = [(h, _plain(cell)) for h in headers if (cell := row.get(h, "")).strip()]
                if not filled:
                    continue
            _field(out, name, filled, column, other)
        mapped = self._mapped()
        extra = [f"{h}: {v.strip()}" for h, v in row.items() if h not in mapped and v.strip()]
        return _finish(out, extra)

    def reader(self, header: list[str]) -> Callable[[list[str]], Values] | None:
        """``values`` made once for a file's header: a row of as many cells as the header
        names gives what ``values`` gives of it by name (``intake.as_dict``), without a
        dict a row. None for a header that names a column twice (rows go by name then)."""
        if len(set(header)) != len(header):
            return None
        at = {h: i for i, h in enumerate(header)}
        mapped = self._mapped()
        unmapped = [(i, f"{h}: ") for i, h in enumerate(header) if h not in mapped]
        # Each field's work chosen here, once, not at each row: most fields are one column
        # holding one value (_ONE), an email or phone one column that may hold several
        # (_FIRST); the rest are read as ``values`` reads them. In the plan's order, as it.
        plan: list[tuple[int, int, str, str, str | None, list[tuple[int, str]]]] = []
        for name, headers, _, other in self._plan():
            columns = [(at[h], h) for h in headers if h in at]
            if len(columns) == 1 and name not in JOINED:
                kind = _ONE if other is None else _FIRST
                plan.append((kind, columns[0][0], columns[0][1], name, other, columns))
            else:
                plan.append((_MANY, -1, "", name, other, columns))
        keys = {name: f"{name}__column" for _, _, _, name, _, _ in plan}
        names = set(keys)
        parts = tuple(p for p in ADDRESS_PARTS if p in names)  # the only ones a row can hold

        def read(cells: list[str]) -> Values:
            out: dict[str, str | None] = {}
            for kind, i, h, name, other, columns in plan:
                if kind != _MANY:
                    # ``_plain`` of the cell: its first step (strip) here, the rest only for
                    # the cells it can change (starting with an apostrophe or "p:").
                    value = cells[i].strip()
                    if not value:
                        continue
                    if value[0] in "'p":
                        value = _plain(value)
                    if kind == _ONE:
                        out[name] = value
                        out[keys[name]] = h
                        continue
                    if not _is_several(value):  # one value: none further
                        # ``values`` takes _plain of it once more: only those cells change.
                        out[name] = _plain(value) if value[0] in "'p" else value
                        out[keys[name]] = h
                        out[OTHERS[name]] = None
                        continue
                    filled = [(h, value)]
                else:
                    filled = [(h, _plain(cell)) for i, h in columns if (cell := cells[i]).strip()]
                    if not filled:
                        continue
                _field(out, name, filled, keys[name], other)
            extra = [f"{h}{v.strip()}" for i, h in unmapped if (v := cells[i]).strip()]
            return _finish(out, extra, parts)

        return read

    def _plan(self) -> list[tuple[str, list[str], str, str | None]]:
        """Each field as ``values`` reads it: its columns, the key naming the column its
        value came from, and where its further values go (None: nowhere). Made at the first
        row, as ``_mapped``."""
        if self._planned is None:
            self._planned = [(name, headers, f"{name}__column", OTHERS.get(name))
                             for name, headers in self.fields.items()]  # fmt: skip
        return self._planned

    def _mapped(self) -> frozenset[str]:
        """The columns given to a field or dropped: made at the first row (a mapping is
        not changed once its rows are read)."""
        if self._made is None:
            columns = {h for headers in self.fields.values() for h in headers}
            self._made = frozenset(columns.union(self.dropped))
        return self._made


#: How a reader reads a field: one column holding one value, one column that may hold several
#: (an email or phone: the others are further ones), or as ``values`` reads it.
_ONE, _FIRST, _MANY = 0, 1, 2

#: A row's card fields (and the column each came from), and the text of its other columns.
Values = tuple[dict[str, str | None], str | None]


def _field(out: dict[str, str | None], name: str, filled: list[tuple[str, str]], column: str,
           other: str | None) -> None:  # fmt: skip
    """A field's value from its filled columns (each ``(header, value)``): the first, the
    further ones under ``other``, or a joined field's lines together."""
    if other is not None:
        several = [(h, v) for h, cell in filled for v in _several(cell) if v]
        filled = [(h, _plain(v)) for h, v in several]
        if not filled:
            return
    out[name] = filled[0][1]
    out[column] = filled[0][0]
    if other is not None:
        out[other] = "\n".join(v for _, v in filled[1:]) or None
    elif name in JOINED:
        out[name] = "\n".join(v for _, v in filled)


def _finish(out: dict[str, str | None], extra: list[str],
            parts_held: tuple[str, ...] = ADDRESS_PARTS) -> Values:  # fmt: skip
    """The row's fields once its columns are read: what they told us first among the other
    columns' text, the name from its parts, the address from its parts (``parts_held``: the
    address parts the row can hold; a reader knows them from its plan)."""
    if out.get("known"):
        extra.insert(0, out.pop("known") or "")
    if "name" not in out:
        parts = [out.get(p) for p in ("first", "middle", "last") if out.get(p)]
        if parts:
            out["name"] = " ".join(p for p in parts if p)
    if parts_held:
        held = {p: out.pop(p, None) for p in parts_held}
        if not out.get("address"):
            out["address"] = format_address(**held) if any(held.values()) else None
    elif not out.get("address"):
        out["address"] = None
    return out, "\n".join(extra) or None


def _is_several(cell: str) -> bool:
    return ":::" in cell or ";" in cell or "\n" in cell or "\r" in cell


def _several(cell: str) -> list[str]:
    """A cell's values, split where _SEVERAL says (most cells hold one: no split then)."""
    if _is_several(cell):
        return _SEVERAL.split(cell)
    return [cell]


def format_address(
    street: str | None = None,
    city: str | None = None,
    region: str | None = None,
    postal: str | None = None,
    country: str | None = None,
) -> str | None:
    """An address from its parts, as an envelope has it: the street lines, "City, Region
    Postal" (or "City Postal"), the country; None when no part is given."""
    if region:
        town = ", ".join(p for p in (city, " ".join(p for p in (region, postal) if p)) if p)
    else:
        town = " ".join(p for p in (city, postal) if p)
    lines = [*(street or "").split("\n"), town, country or ""]
    text = "\n".join(line.strip() for line in lines if line and line.strip())
    return text or None


def _rank(name: str, header: str) -> int:
    """Exact aliases by their order in ALIASES (so "Job Title" beats Outlook's "Title",
    which holds Mr or Ms), then keyword matches."""
    aliases = ALIASES.get(name, ())
    key = normal(header)
    key = key if key in aliases else re.sub(r" \d+$", "", key)
    return aliases.index(key) if key in aliases else len(aliases)


def split_name(full: str) -> tuple[str, str]:
    """(given, family) from a full name, for formats that want them apart (vCard N)."""
    parts = full.split()
    if len(parts) <= 1:
        return full, ""
    return " ".join(parts[:-1]), parts[-1]
