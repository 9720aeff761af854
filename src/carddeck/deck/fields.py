"""Checking and normalising what is typed into a card: names, ratings, email, phone."""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from carddeck.errors import InvalidInput
from carddeck.store.kinds import OPEN_STATUSES, Status

if TYPE_CHECKING:
    from datetime import datetime

    from carddeck.deck.port import AnyCard

E = TypeVar("E", bound=StrEnum)
#: Short names a status goes by where it is printed (``list``) and typed.
STATUS_SHORT = {Status.do_not_contact: "dnc"}


#: Characters that act on a terminal or reorder what it shows: C0 controls (tab and newline
#: are kept where a field allows more than one line), DEL, C1 controls, and the bidi
#: embeddings, overrides and isolates. Stripped from every field on the way in.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINES = re.compile(r"\s*[\r\n]+\s*|[\t ]*\t[\t ]*")
#: Fields that may hold several lines (notes, what they told us, a need, a summary, an
#: address, the further emails and phones, one a line).
MULTILINE = frozenset(
    {"notes", "known", "need", "summary", "address", "other_emails", "other_phones"}
)


def clean(text: str | None, *, multiline: bool = False) -> str | None:
    """Trimmed text with nothing that could act on a terminal, or None for nothing at all.

    A one-line field folds line breaks and tabs into spaces; a multi-line one keeps
    them (carriage returns become newlines)."""
    if text is None:
        return None
    if text.isprintable():  # no control, line break, tab or format character: only trim
        return text.strip() or None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = _LINES.sub(" ", text)
    text = _CONTROLS.sub("", text).strip()
    return text if _visible(text) else None


def _visible(text: str) -> bool:
    """Whether anything in ``text`` shows: not only spaces and invisible format characters
    (zero-width spaces and joiners, a byte-order mark)."""
    if text.isascii():  # no format characters there: any non-space shows
        return not text.isspace() and text != ""
    import unicodedata

    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


def require_name(name: str | None) -> str:
    value = clean(name)
    if value is None:
        raise InvalidInput("a card needs a name", field="name")
    return value


def check_rating(value: int | None, what: str) -> int:
    """A 1-10 score; anything else is refused."""
    if value is None:
        raise InvalidInput(f"{what} is needed (1-10)")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
        raise InvalidInput(f"{what} must be a whole number from 1 to 10, not {value!r}")
    return value


def choice(enum: type[E], value: str | E, what: str) -> E:
    """One of an enum's values, matched case-insensitively, with the choices in the error."""
    try:
        return enum(str(value).strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        options = ", ".join(m.value for m in enum)
        raise InvalidInput(f"{what} must be one of {options}, not {value!r}", field=what) from None


def status_named(value: str | Status) -> Status:
    """A status from its name or the short name ``list`` prints (``dnc``)."""
    text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    for status, short in STATUS_SHORT.items():
        if text == short:
            return status
    try:
        return Status(text)
    except ValueError:
        options = ", ".join(short_status(m) for m in Status)
        raise InvalidInput(f"status must be one of {options}, not {value!r}") from None


def short_status(status: Status) -> str:
    """The status as ``list`` prints it: ``dnc`` for do not contact."""
    return STATUS_SHORT.get(status, status.value)


def normalise_email(email: str | None) -> str | None:
    """The address in its normal form; a malformed one is refused."""
    value = clean(email)
    if value is None:
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        normal: str = validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as err:
        raise InvalidInput(f"invalid email {value!r}: {err}", field="email") from None
    # Stored lowercased so that the same person is recognised however they typed it.
    return normal.lower()


def phone_key(phone: str | None) -> str | None:
    """A phone as it tells one lead from another (duplicates, do not contact): a number in
    its international form, as a valid number is stored (E.164: + and 4 to 15 digits). One
    kept as typed, not a valid number ("12", "n/a", "000"), tells nobody apart: leads that
    share it are not the same person for it."""
    if phone and phone[0] == "+" and phone[1:].isascii() and phone[1:].isdigit():
        return phone if 4 <= len(phone) - 1 <= 15 else None
    return None


def email_key(email: str | None) -> str | None:
    """An email as it tells one lead from another: one of the shape a valid email is stored
    in (one @, something before it, a dot in what follows, no space). One kept as typed
    that is no email ("bad@@x", "n/a") tells nobody apart."""
    if not email or email.count("@") != 1 or any(c.isspace() for c in email):
        return None
    local, domain = email.split("@")
    return email if local and "." in domain.strip(".") else None


def normalise_phone(phone: str | None, region: str) -> tuple[str | None, str | None]:
    """E.164 when the number parses; otherwise the original and a warning to show."""
    value = clean(phone)
    if value is None:
        return None, None
    from carddeck.deck.quickphone import quick_e164, quick_number

    if (e164 := quick_e164(value, region)) is not None:  # the usual number, valid at home
        return e164, None
    import phonenumbers

    number = quick = quick_number(value, region)  # parse's answer for the usual shapes, sooner
    if number is None:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            number = None
    if number is not None and is_valid(number, region):
        if quick is not None:  # no leading zero, no extension: E.164 is + and its digits
            return f"+{quick.country_code}{quick.national_number}", None
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None
    return value, f"phone {value!r} is not a valid number for region {region}; kept as typed"


def is_valid(number: Any, region: str) -> bool:
    """``phonenumbers.is_valid_number``, the same answer, in half the time for the usual
    number: one of the owner's region when that region is its calling code's main one
    (and is told by its numbers, not by leading digits). is_valid_number first finds the
    number's region, trying the main one first, then checks it there: a number valid in
    that main region is found there, and is valid."""
    import phonenumbers

    if main_region(number.country_code) == region and valid_for_region(number, region):
        return True
    return bool(phonenumbers.is_valid_number(number))


def valid_for_region(number: Any, region: str) -> bool:
    """``phonenumbers.is_valid_number_for_region``, the same answer, sooner for the usual
    number: it asks a number's type of the region's patterns in the library's order (premium
    rate, toll free, ... voicemail, then fixed line and mobile) and says valid for any type
    but unknown; asking fixed line and mobile first, and stopping at the first that fits,
    is the same answer with most numbers' other eight patterns not tried. Only public parts
    of the region's metadata are read (each pattern's digits and possible lengths)."""
    import phonenumbers

    if region == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY:  # read by calling code there
        return bool(phonenumbers.is_valid_number_for_region(number, region))
    return valid_digits(
        number.country_code, phonenumbers.national_significant_number(number), region
    )


def valid_digits(code: int, nsn: str, region: str) -> bool:
    """``valid_for_region`` of a number by its calling code and national significant
    number (``region`` not the non-geographic one), with no ``PhoneNumber`` made."""
    found = _patterns(region)
    if found is None or code != found[0]:
        return False
    size = len(nsn)
    sizes, general = found[1]
    if (sizes and size not in sizes) or general is None or not general.fullmatch(nsn):
        return False
    for lengths, pattern in found[2]:
        if (not lengths or size in lengths) and pattern is not None and pattern.fullmatch(nsn):
            return True
    return False


#: A number description's possible lengths (none: any) and its pattern (None: matches nothing).
_Desc = tuple[frozenset[int], re.Pattern[str] | None]


@lru_cache(maxsize=64)
def _patterns(region: str) -> tuple[int, _Desc, tuple[_Desc, ...]] | None:
    """A region's calling code, its general description, and its types' descriptions as
    ``valid_for_region`` tries them (each with a pattern); None when the region has no
    metadata (``is_valid_number_for_region`` says not valid then)."""
    import phonenumbers

    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region.upper())
    if metadata is None:
        return None
    code = phonenumbers.country_code_for_valid_region(region)

    def desc(d: Any) -> _Desc | None:
        if d is None:
            return None
        pattern = d.national_number_pattern
        return frozenset(d.possible_length or ()), re.compile(pattern) if pattern else None

    first = [metadata.fixed_line]
    if not metadata.same_mobile_and_fixed_line_pattern:  # else the library skips mobile
        first.append(metadata.mobile)
    rest = [metadata.premium_rate, metadata.toll_free, metadata.shared_cost, metadata.voip,
            metadata.personal_number, metadata.pager, metadata.uan, metadata.voicemail]  # fmt: skip
    kinds = tuple(d for d in map(desc, first + rest) if d is not None and d[1] is not None)
    general = desc(metadata.general_desc) or (frozenset(), None)
    return code, general, kinds


@lru_cache(maxsize=64)
def main_region(country_code: int) -> str | None:
    """The main region of a calling code, when a number is found to be of it by its
    patterns (as for the US, the UK...), not by leading digits (as for Russia)."""
    import phonenumbers

    region = phonenumbers.region_code_for_country_code(country_code)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.leading_digits is not None:
        return None
    return str(region)


def phones_loaded() -> bool:
    """Whether phonenumbers is loaded: formatting a phone then costs a parse, not an import."""
    return "phonenumbers" in sys.modules


def display_phone(phone: str | None, region: str, *, quick: bool = False) -> str | None:
    """A stored phone as people read it: national format for a number of the owner's
    region, international otherwise; a number kept as typed is shown as typed. ``quick``:
    as stored while phonenumbers is not loaded yet (a screen's first paint does not wait
    for the import, a good part of the paint, and is drawn again once it is loaded)."""
    if not phone or not phone.startswith("+"):
        return phone
    if quick and not phones_loaded():
        return phone
    import phonenumbers

    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return phone
    if phonenumbers.region_code_for_number(number) == region.upper():
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


#: The longest seller's name taken: a name, not a note.
SELLER_NAME_MOST = 60


def seller_name(text: str | None) -> str:
    """A seller's name as typed (trimmed, nothing that acts on a terminal), or refused."""
    name = clean(text)
    if not name or len(name) > SELLER_NAME_MOST:
        raise InvalidInput(f"a seller is named by their name (up to {SELLER_NAME_MOST} letters)")
    return name


def next_date(card: AnyCard) -> datetime | None:
    """The card's next date that means something: an open card's next follow-up, or a won
    customer's next check-in for a repeat sale; a lost, do-not-contact or junk card has
    none, whatever is stored."""
    if card.status in OPEN_STATUSES or card.status == Status.won:
        return card.next_follow_up
    return None
