"""Parsing and validating phone numbers: phonenumbers' own answers, quicker.

``phonenumbers.is_valid_number`` finds the number's region by trying its patterns, then
tries them again for that region, each through a few calls that look the pattern up
anew: most of an import's time per row. ``is_valid`` asks the same questions of the same
metadata in the same order, with each region's patterns compiled once and a number's
types tried in one loop (valid means of some type: which one is no matter here).
``parse`` takes a number written "+1 212 555 0150" straight to the steps phonenumbers
takes with its digits. tests/deck/test_phones.py holds both to phonenumbers' answers over
every region's numbers.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

#: The types a number may be of besides fixed line and mobile (phonenumbers' order).
_TYPES = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager",
          "uan", "voicemail", "fixed_line")  # fmt: skip

_Check = tuple[frozenset[int] | None, re.Pattern[str]]


@cache
def _phonenumbers() -> Any:
    """phonenumbers' module of it all, loaded at the first number (not on import)."""
    import phonenumbers.phonenumberutil

    return phonenumbers.phonenumberutil


def _check(desc: Any) -> _Check | None:
    """A number description as (lengths it allows, or None for any; its pattern), or None
    when nothing matches it (no description, or no pattern)."""
    if desc is None or not desc.national_number_pattern:
        return None
    lengths = frozenset(desc.possible_length) if len(desc.possible_length) > 0 else None
    return lengths, re.compile(desc.national_number_pattern)


def _matches(number: str, check: _Check | None) -> bool:
    if check is None:
        return False
    lengths, pattern = check
    if lengths is not None and len(number) not in lengths:
        return False
    return pattern.fullmatch(number) is not None


_REGIONS: dict[int, tuple[Any, _Check | None, tuple[_Check, ...]]] = {}


def _region(metadata: Any) -> tuple[_Check | None, tuple[_Check, ...]]:
    """A region's general description, and the descriptions of each type (mobile only
    when its pattern is not the fixed line's); made once for each region's metadata
    (phonenumbers keeps one for each, for good)."""
    known = _REGIONS.get(id(metadata))
    if known is not None and known[0] is metadata:
        return known[1], known[2]
    descs = [getattr(metadata, name) for name in _TYPES]
    if not metadata.same_mobile_and_fixed_line_pattern:
        descs.append(metadata.mobile)
    checks = tuple(c for c in map(_check, descs) if c is not None)
    general = _check(metadata.general_desc)
    _REGIONS[id(metadata)] = (metadata, general, checks)
    return general, checks


def _of_some_type(number: str, metadata: Any) -> bool:
    """``_number_type_helper(number, metadata) != UNKNOWN``."""
    general, types = _region(metadata)
    if not _matches(number, general):
        return False
    return any(_matches(number, check) for check in types)


@cache
def _leading(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def is_valid(number: Any) -> bool:
    """``phonenumbers.is_valid_number(number)``."""
    pn = _phonenumbers()
    PhoneMetadata = pn.PhoneMetadata  # noqa: N806 - phonenumbers' name
    code = number.country_code
    regions = pn.COUNTRY_CODE_TO_REGION_CODE.get(code, None)
    nsn = pn.national_significant_number(number)
    region = None
    fits = None  # the metadata the number was found of some type of, on the way
    if regions is None:
        return False
    if len(regions) == 1:
        region = regions[0]
    else:  # region_code_for_number: the first whose leading digits, or patterns, fit
        for code_of in regions:
            metadata = PhoneMetadata.metadata_for_region(code_of.upper(), None)
            if metadata is None:
                continue
            if metadata.leading_digits is not None:
                if _leading(metadata.leading_digits).match(nsn):
                    region = code_of
                    break
            elif _of_some_type(nsn, metadata):
                region, fits = code_of, metadata
                break
    if region is None:
        return False
    # is_valid_number_for_region
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region.upper())
    if metadata is None:
        return False
    if region != pn.REGION_CODE_FOR_NON_GEO_ENTITY:
        home = PhoneMetadata.metadata_for_region(region.upper(), None)
        if home is None:
            raise Exception(f"Invalid region code {region}")  # as phonenumbers does
        if code != home.country_code:
            return False
    # The same question of the same metadata has the same answer: not asked twice.
    return metadata is fits or _of_some_type(nsn, metadata)


#: A number written in international form: a plus, then digits with single spaces, dots or
#: hyphens between them (what most lead forms and ad platforms hand over).
_INTERNATIONAL = re.compile(r"\+[0-9]+(?:[ .\-][0-9]+)*")


def parse(text: str, region: str | None) -> Any:
    """``phonenumbers.parse(text, region)``. A number in international form takes the steps
    phonenumbers takes with it once it has found nothing else in the text (no extension,
    no letters, no second number: none can be there), straight; anything else, and any
    number those steps would refuse, goes to phonenumbers itself (which raises)."""
    if len(text) <= 250 and _INTERNATIONAL.fullmatch(text):
        digits = text[1:].replace(" ", "").replace(".", "").replace("-", "")
        number = _international(digits, region)
        if number is not None:
            return number
    return _phonenumbers().parse(text, region)


def _international(digits: str, region: str | None) -> Any:
    """The rest of ``phonenumbers.parse`` for "+" and these digits, or None where it raises
    (too short, no such country code, too long) or takes another way (a country code not
    found after the plus: it tries the digits as national)."""
    pn = _phonenumbers()
    PhoneMetadata, ValidationResult = pn.PhoneMetadata, pn.ValidationResult  # noqa: N806

    if len(digits) <= 2:  # _MIN_LENGTH_FOR_NSN: too short after the plus
        return None
    code, rest = pn._extract_country_code(digits)
    if code == 0:
        return None
    number = pn.PhoneNumber()
    number.country_code = code
    number_region = pn.region_code_for_country_code(code)
    if number_region != region:
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, number_region)
    else:
        metadata = PhoneMetadata.metadata_for_region(number_region.upper(), None)
    if len(rest) < 2:
        return None
    if metadata is not None:
        _, stripped, _ = pn._maybe_strip_national_prefix_carrier_code(rest, metadata)
        if pn._test_number_length(stripped, metadata) not in (
            ValidationResult.TOO_SHORT,
            ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
            ValidationResult.INVALID_LENGTH,
        ):
            rest = stripped
    if len(rest) < 2 or len(rest) > 17:  # _MIN_LENGTH_FOR_NSN, _MAX_LENGTH_FOR_NSN
        return None
    pn._set_italian_leading_zeros_for_phone_number(rest, number)
    number.national_number = int(rest)
    return number
