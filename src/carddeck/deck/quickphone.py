"""The usual phone number's ``phonenumbers.parse``, the same number, without its work.

An import spends most of its checking in ``parse``: finding the number in the text, its
extension, its calling code, a national prefix. For the two shapes nearly every lead file
holds (``+CC`` and digits, or the owner's region's national digits, either with spaces,
dashes, dots or parentheses between them) the library's public parts give the number
directly: the calling code its own table names, the rest as digits. Anything ``parse``
could read otherwise (a national prefix or an international one in front, a leading zero,
letters, an extension, too few or too many digits, a calling code it does not know) is
left to ``parse`` itself: ``quick_number`` answers None for it. tests/deck/test_quickphone.py
holds it to ``parse`` over every region's example numbers and their odd forms.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from carddeck.deck.fields import main_region, valid_digits

if TYPE_CHECKING:
    from re import Pattern

#: ``+``, a calling code's first digit, then digits with at most two spaces, dashes, dots or
#: parentheses between each two, ending in a digit: nothing ``parse`` could take as an extension
#: (it needs a letter, ``#``, ``;``, ``,`` or ``~``), letters to turn into digits (it needs
#: three), a second number (``/``) or a ``tel:`` URI.
_INTERNATIONAL = re.compile(r"\+[1-9](?:[ .()\-]{0,2}[0-9])*", re.ASCII)
#: The same without the ``+``: a number of the owner's region as dialled in it.
_NATIONAL = re.compile(r"\(?[1-9](?:[ .()\-]{0,2}[0-9])*", re.ASCII)
#: What may stand between the digits of a number of the usual shapes.
_SEPARATORS = " .()-"
#: ``parse``'s limits: the longest text it reads, the shortest and longest national number.
_MOST_TEXT, _FEWEST, _MOST = 250, 2, 17
#: A national prefix that every number starts with: a calling code without metadata (which
#: parse has no answer for either) is left to parse.
_ALL = re.compile("")


def quick_number(text: str, region: str) -> Any | None:
    """``phonenumbers.parse(text, region)`` for a number of one of the usual shapes; None
    for anything else (then ``parse`` decides, its refusals included)."""
    found = _usual(text, region)
    if found is None:
        return None
    from phonenumbers import PhoneNumber

    return PhoneNumber(country_code=found[0], national_number=int(found[1]))


def quick_e164(text: str, region: str) -> str | None:
    """``normalise_phone``'s E.164 of a number of one of the usual shapes that is valid in
    the owner's region, told by the region's own patterns (``fields.is_valid``'s quick
    answer), with no ``PhoneNumber`` made; None for anything else (``normalise_phone``
    decides). ``text`` is as ``clean`` leaves it."""
    found = _usual(text, region)
    if found is None:
        return None
    code, national = found
    # No leading zero (``_usual``): the national significant number is the digits as they
    # are, and E.164 is "+", the calling code and them.
    if main_region(code) == region and valid_digits(code, national, region):
        return f"+{code}{national}"
    return None


def _usual(text: str, region: str) -> tuple[int, str] | None:
    """The calling code and national digits ``parse`` finds in a number of one of the usual
    shapes; None for anything else."""
    if not text or len(text) > _MOST_TEXT:
        return None
    if text[0] == "+":
        if _INTERNATIONAL.fullmatch(text) is None:
            return None
        digits = _digits(text[1:])
        # parse takes the first one, two or three digits its table knows as a calling code.
        for width in (1, 2, 3):
            code = _calling_codes().get(digits[:width])
            if code is not None:
                break
        else:
            return None
        national = digits[width:]
        strip = _national_prefix(code)
    else:
        home = _home(region)
        if home is None or _NATIONAL.fullmatch(text) is None:
            return None
        code, strip, idd, code_text = home
        national = _digits(text)
        if len(national) < 3:
            return None  # two digits alone parse reads as a number, with a dash not at all
        # parse reads these as an international prefix, or as the region's calling code
        # dialled in front: each is left to it.
        if national.startswith(code_text) or (idd is not None and idd.match(national)):
            return None
    if not _FEWEST <= len(national) <= _MOST or national[0] == "0":
        return None  # too short, too long, or a leading zero parse keeps count of
    if strip is not None and strip.match(national):
        return None  # a national prefix parse may take off (or no metadata: see _ALL)
    return code, national


def _digits(text: str) -> str:
    """The digits of a text of digits and ``_SEPARATORS`` (most hold one or two kinds of
    them: a replace each is sooner than a regular expression)."""
    for separator in _SEPARATORS:
        if separator in text:
            text = text.replace(separator, "")
    return text


@lru_cache(maxsize=1)
def _calling_codes() -> dict[str, int]:
    """The calling codes parse knows, by their digits."""
    import phonenumbers

    return {str(code): code for code in phonenumbers.supported_calling_codes()}


@lru_cache(maxsize=256)
def _national_prefix(code: int) -> Pattern[str] | None:
    """What parse would take off the front of a national number of this calling code as
    its national prefix (the metadata of the code's main region); ``_ALL`` when it has no
    metadata."""
    import phonenumbers

    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
        code, phonenumbers.region_code_for_country_code(code)
    )
    if metadata is None:
        return _ALL
    prefix = metadata.national_prefix_for_parsing
    return re.compile(prefix) if prefix else None


@lru_cache(maxsize=64)
def _home(region: str) -> tuple[int, Pattern[str] | None, Pattern[str] | None, str] | None:
    """Of the owner's region: its calling code, its national prefix (as ``_national_prefix``
    of the region's own metadata), its international prefix, the code as text; None for a
    region parse does not know by that exact name."""
    import phonenumbers

    if region not in phonenumbers.SUPPORTED_REGIONS:
        return None
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.country_code is None:
        return None
    prefix = metadata.national_prefix_for_parsing
    idd = metadata.international_prefix
    return (
        int(metadata.country_code),
        re.compile(prefix) if prefix else None,
        re.compile(idd) if idd else None,
        str(metadata.country_code),
    )
