"""Which card field a column holds, from the headers that common exports use.

Google Contacts (current and legacy), Outlook, HubSpot, Salesforce and Zoho leads,
Pipedrive, Meta lead ads, LinkedIn, Mailchimp, Typeform and Google Forms. Columns with
no card field are kept on the card as "what they told us", never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
}  # fmt: skip

#: Fields for which a file's further columns are real alternatives (Home, Work, Mobile...).
FALLBACKS = ("phone", "email")
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
    if value[:2] in ("'=", "'+", "'-", "'@"):
        value = value[1:]
    if value.startswith("p:+") or value.startswith("p:0"):
        value = value[2:]
    return value


def normal(header: str) -> str:
    text = re.sub(r"[^0-9a-z]+", " ", header.lower().replace("e-mail", "e mail"))
    return " ".join(text.split())


_NOT_A_VALUE = re.compile(r"\b(type|label|yomi|phonetic|opt out|owner)\b")


def field_for(header: str) -> str | None:
    """The field a header names, if any."""
    key = normal(header)
    if _NOT_A_VALUE.search(key):
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

    @classmethod
    def of(cls, headers: Iterable[str], overrides: dict[str, str] | None = None) -> Mapping:
        plan = cls()
        overrides = overrides or {}
        for header in headers:
            target = overrides.get(header, field_for(header))
            if target is None:
                plan.known.append(header)
            else:
                plan.fields.setdefault(target, []).append(header)
        for name, columns in list(plan.fields.items()):  # the likeliest column first
            columns.sort(key=lambda h: _rank(name, h))
            if name not in FALLBACKS and len(columns) > 1:
                # One column per field: Outlook's "Title" (Mr, Ms) is no job title, and a
                # carddeck export's "position" (place in the deck) is not LinkedIn's.
                plan.known.extend(columns[1:])
                del columns[1:]
        return plan

    def describe(self) -> list[tuple[str, str]]:
        rows = [(h, name) for name, headers in self.fields.items() for h in headers]
        return rows + [(h, "known (kept as they said)") for h in self.known]

    def values(self, row: dict[str, str]) -> tuple[dict[str, str | None], str | None]:
        """Card fields from one row, and which column each came from (for errors)."""
        out: dict[str, str | None] = {}
        extra: list[str] = []
        for name, headers in self.fields.items():
            filled = [(h, _plain(row.get(h, ""))) for h in headers if row.get(h, "").strip()]
            if filled:
                out[name] = filled[0][1]
                out[f"{name}__column"] = filled[0][0]
                extra += [f"{h}: {v}" for h, v in filled[1:]]
        if out.get("known"):
            extra.insert(0, out.pop("known") or "")
        mapped = {h for headers in self.fields.values() for h in headers}
        extra += [f"{h}: {v.strip()}" for h, v in row.items() if h not in mapped and v.strip()]
        if "name" not in out:
            parts = [out.get(p) for p in ("first", "middle", "last") if out.get(p)]
            if parts:
                out["name"] = " ".join(p for p in parts if p)
        return out, "\n".join(extra) or None


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
