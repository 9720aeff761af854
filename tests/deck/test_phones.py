"""The quick validity check answers as phonenumbers does, for every region's numbers, a
digit changed, one more or one fewer, and numbers made up (NANPA's above all)."""

from __future__ import annotations

import random
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberType

from carddeck.deck.fields import normalise_phone
from carddeck.deck.phones import is_valid


def numbers() -> list[PhoneNumber]:
    """Every region's example of each type, each with every digit changed in turn and cut
    or lengthened by one; and made-up numbers for every country code."""
    draw = random.Random(13)
    found: list[PhoneNumber] = []
    regions: list[tuple[str | None, int]] = [(r, 0) for r in sorted(phonenumbers.SUPPORTED_REGIONS)]
    regions += [(None, c) for c in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS)]
    for region, code in regions:
        for kind in vars(PhoneNumberType).values():
            if not isinstance(kind, int):
                continue
            example = (phonenumbers.example_number_for_type(region, kind) if region
                       else phonenumbers.example_number_for_non_geo_entity(code))  # fmt: skip
            if example is None:
                continue
            nsn = phonenumbers.national_significant_number(example)
            variants = {nsn, nsn[:-1], nsn + str(draw.randrange(10))}
            variants |= {nsn[:i] + str(draw.randrange(10)) + nsn[i + 1 :] for i in range(len(nsn))}
            for digits in variants:
                if digits:
                    text = f"+{example.country_code}{digits}"
                    try:
                        found.append(phonenumbers.parse(text, None))
                    except phonenumbers.NumberParseException:
                        pass
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    for _ in range(20_000):
        digits = "".join(str(draw.randrange(10)) for _ in range(draw.randrange(3, 15)))
        number = PhoneNumber(
            country_code=draw.choice(codes + [0, 999]), national_number=int(digits)
        )
        if digits.startswith("0"):
            number.italian_leading_zero = True
            number.number_of_leading_zeros = len(digits) - len(digits.lstrip("0")) or None
        found.append(number)
    for _ in range(10_000):  # NANPA: one code, many regions, told apart by their digits
        digits = str(draw.randrange(2 * 10**9, 10**10))
        found.append(PhoneNumber(country_code=1, national_number=int(digits)))
    return found


def test_the_quick_check_answers_as_phonenumbers_does() -> None:
    checked = numbers()
    assert len(checked) > 40_000
    wrong = [n for n in checked if is_valid(n) != phonenumbers.is_valid_number(n)]
    assert wrong == []
    valid = sum(map(phonenumbers.is_valid_number, checked))
    assert 0.1 < valid / len(checked) < 0.9  # both answers well tried


def test_a_phone_is_normalised_as_before() -> None:
    assert normalise_phone("(212) 555-0150", "US") == ("+12125550150", None)
    assert normalise_phone("020 7946 0958", "GB") == ("+442079460958", None)
    assert normalise_phone("call me", "US")[1] is not None


def written() -> list[str]:
    """Numbers as people write them: every region's examples in international form (with
    spaces, hyphens, dots or nothing between the groups), a digit changed, cut short,
    too long, leading zeros, no such country code; and a few not international at all."""
    draw = random.Random(31)
    found = ["+", "+1", "+12", "+123", "+0 212 555 0150", "+999 1234", "+1 212 555 0150",
             "+44 (0) 20 7946 0958", "+1-212-555-0150 x12", "+1 212 555 0150;ext=3",
             "212 555 0150", "(212) 555-0150", "+1  212 555 0150", "+1 212 555 0150 ",
             "+1 212.555.0150", "+12125550150", "+1 800 FLOWERS", "++1 212 555 0150",
             "+" + "1" * 300, "+39 06 698 12345", "+39 0000 0000", "+7 800 555 35 35",
             "+800 1234 5678", "+882 3456 7890", "+1 0 212 555 0150", "+30 00", "+1 1"]  # fmt: skip
    for number in numbers()[::3]:  # every region, a third of each
        digits = f"{number.country_code}{phonenumbers.national_significant_number(number)}"
        separator = draw.choice([" ", "-", ".", ""])
        cut = sorted(draw.sample(range(1, len(digits)), min(3, len(digits) - 1)))
        groups = [digits[a:b] for a, b in zip([0, *cut], [*cut, len(digits)], strict=True)]
        found.append("+" + separator.join(g for g in groups if g))
    return found


def test_an_international_number_is_parsed_as_phonenumbers_parses_it() -> None:
    from carddeck.deck.phones import _INTERNATIONAL, parse

    def answer(how: Any, text: str, region: str | None) -> Any:
        try:
            return how(text, region)
        except phonenumbers.NumberParseException as err:
            return ("refused", err.error_type, str(err))

    checked = written()
    regions = ("US", "GB", "IT", None)
    wrong = [(text, region) for text in checked for region in regions
             if answer(parse, text, region) != answer(phonenumbers.parse, text, region)
             ]  # fmt: skip
    assert wrong == []
    assert sum(bool(_INTERNATIONAL.fullmatch(t)) for t in checked) > 8_000  # the quick way
