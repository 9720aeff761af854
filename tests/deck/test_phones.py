"""The quick validity check answers as phonenumbers does, for every region's numbers, a
digit changed, one more or one fewer, and numbers made up (NANPA's above all)."""

from __future__ import annotations

import random

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
