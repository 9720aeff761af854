"""The quick validity check of a phone number answers as phonenumbers.is_valid_number does."""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberType

from carddeck.deck.fields import is_valid, normalise_phone, valid_for_region

TYPES = [getattr(PhoneNumberType, n) for n in dir(PhoneNumberType) if n.isupper()]


def _numbers() -> list[phonenumbers.PhoneNumber]:
    """Every region's example numbers of every type, and each a digit off and cut short."""
    found = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            found.append(example)
            digits = str(example.national_number)
            for changed in (digits[:-1] + str((int(digits[-1]) + 1) % 10), digits[:-1],
                            digits + "1", "9" + digits[1:]):  # fmt: skip
                found.append(phonenumbers.PhoneNumber(country_code=example.country_code,
                                                      national_number=int(changed)))  # fmt: skip
    return found


def test_is_valid_answers_as_phonenumbers_for_every_region() -> None:
    numbers = _numbers()
    assert len(numbers) > 3000
    for region in ("US", "CA", "GB", "DE", "JM", "IT", "RU", "KZ", "AU", "IN"):
        for number in numbers:
            assert is_valid(number, region) == phonenumbers.is_valid_number(number), (
                region, number)  # fmt: skip


def test_valid_for_region_answers_as_phonenumbers_in_every_region() -> None:
    """Every region as the owner's (and the non-geographic one, an unknown one, lowercase),
    against the numbers of its own calling code and a sample of the others'."""
    numbers = _numbers()
    nongeo = [phonenumbers.example_number_for_non_geo_entity(code)
              for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS)]  # fmt: skip
    numbers += [n for n in nongeo if n is not None]
    numbers.append(
        phonenumbers.PhoneNumber(
            country_code=39,
            national_number=6698,
            italian_leading_zero=True,
            number_of_leading_zeros=2,
        )
    )
    regions = [*sorted(phonenumbers.SUPPORTED_REGIONS), "001", "ZZ", "us", "gb"]
    for region in regions:
        for i, number in enumerate(numbers):
            code = phonenumbers.country_code_for_region(region.upper())
            if number.country_code != code and i % 29:
                continue
            assert valid_for_region(number, region) == (
                phonenumbers.is_valid_number_for_region(number, region)
            ), (region, number)


def test_normalise_phone_keeps_its_answers() -> None:
    assert normalise_phone("(416) 555-0199", "CA") == ("+14165550199", None)
    assert normalise_phone("212 555", "US")[1] is not None
    assert normalise_phone("+1 212 200 0001", "US") == ("+12122000001", None)
    assert normalise_phone("+44 20 7946 0018", "US") == ("+442079460018", None)
