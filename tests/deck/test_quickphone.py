"""The quick phone parse (``deck/quickphone.quick_number``) is ``phonenumbers.parse`` for
every number it answers, and ``normalise_phone`` keeps parse's verdict, normal form and
warning for every text: every region's example numbers of every type, in every format,
with odd spacing, extensions, national and international prefixes, leading zeros,
letters, and a digit too few or too many, read from several owners' regions."""

from __future__ import annotations

from collections.abc import Iterator

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from carddeck.deck.fields import clean, is_valid, normalise_phone
from carddeck.deck.quickphone import quick_e164, quick_number

TYPES = [getattr(PhoneNumberType, n) for n in dir(PhoneNumberType) if n.isupper()]
FORMATS = [PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL,
           PhoneNumberFormat.NATIONAL, PhoneNumberFormat.RFC3966]  # fmt: skip
#: Owners' regions: one calling code of many regions (US, CA, JM), national prefixes of
#: every kind (GB 0, AR 0 and 15 with a 9 put in, RU 8, HU 06), an Italian leading zero,
#: none at all (IT), a region told by leading digits (KZ), one unknown, one lowercase.
REGIONS = ["US", "CA", "JM", "GB", "IT", "AR", "RU", "KZ", "HU", "ZZ", "us"]
EXTRAS = [
    "+1 212 200 0001", "(212) 200-0001", "212.200.0001", "212-200-0001", "1 212 200 0001",
    "011 44 20 7946 0018", "+44 (0)20 7946 0018", "+44 020 7946 0018", "020 7946 0018",
    "+39 06 6982 1234", "06 6982 1234", "+39 312 345 6789", "+54 9 11 1234 5678",
    "+54 11 15 1234 5678", "011 15 1234 5678", "0 11 15-1234-5678", "+7 8 495 123 4567",
    "8 495 123 4567", "+1 800 FLOWERS", "1-800-FLOWERS", "+1 212 200 0001 x12",
    "+1 212 200 0001 ext. 9", "+1 212 200 0001;ext=3", "+1 212 200 0001#", "+1 212 200 0001,,2",
    "tel:+1-212-200-0001", "+1 212 200 0001 / 0002", "++1 212 200 0001", "+0 212 200 0001",
    "+999 1234 5678", "+1", "+12", "+123", "+1 2", "+1 23", "12", "1-2", "123", "2-3", "(2)3",
    "+1  212  200  0001", "+1--212--200--0001", "+1 ((212)) 200 0001", "+1 (212)) 200-0001",
    "+1 212 200 0001 ", "+1 212 200 000", "+1 212 200 00012", "+1 2122000001234567890",
    "+1 21220000012345678", "+1 2122000001234567", "+800 1234 5678", "+882 3456 7890",
    "+979 1234 5678", "+1 212 200 0001.", "(+1) 212 200 0001", "+ 1 212 200 0001",
    "+1 2 1 2 2 0 0 0 0 0 1", "+1 212 200 0001" + "0" * 240, "+１ 212 200 0001",
    "+1 212 ٢٠٠ 0001", "+1\u00a0212\u00a0200\u00a00001", "(0)20 7946 0018", "44 20 7946 0018",
    "0044 20 7946 0018", "00 44 20 7946 0018", "810 44 20 7946 0018", "06 1 234 5678",
    "36 1 234 5678", "7 495 123 4567", "1 416 555 0199", "416 555 0199", "+1 416 555 0199",
    "0", "00", "000", "1", "9", "99", "999", "1 ", "abc", "call me", "+1 abc 200 0001",
]  # fmt: skip


def _odd(text: str) -> Iterator[str]:
    """A number written as people write it: spaced, dashed, dotted, bracketed, run together."""
    yield text
    digits = "".join(c for c in text if c.isdigit())
    plus = "+" if text.startswith("+") else ""
    yield plus + digits
    yield plus + " ".join(digits[i : i + 3] for i in range(0, len(digits), 3))
    yield plus + "-".join(digits[i : i + 2] for i in range(0, len(digits), 2))
    yield plus + ".".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    if len(digits) > 4:
        yield f"{plus}({digits[:3]}) {digits[3:]}"
        yield f"{plus}{digits[:2]}  {digits[2:]}"
        yield f"{plus}{digits[:-1]}"  # a digit too few
        yield f"{plus}{digits}7"  # a digit too many
        yield f"{plus}{digits[:1]}0{digits[1:]}"  # a zero after the calling code
        yield f"{plus}{digits[:2]} 0 {digits[2:]}"
        yield f"{plus}{digits[:3]} 9 {digits[3:]}"
        yield f"{plus}{digits[:2]} 15 {digits[2:]}"
        yield f"{text} x123"
        yield f"{text} ext 7"
        yield f"{text}#"


def texts() -> Iterator[str]:
    yield from EXTRAS
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            for form in FORMATS:
                yield from _odd(phonenumbers.format_number(example, form))
    for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        example = phonenumbers.example_number_for_non_geo_entity(code)
        if example is not None:
            yield from _odd(phonenumbers.format_number(example, PhoneNumberFormat.E164))


def _parsed(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def _by_parse(phone: str | None, region: str) -> tuple[str | None, str | None]:
    """``normalise_phone`` as it was: parse, then the validity check, then E.164."""
    value = clean(phone)
    if value is None:
        return None, None
    number = _parsed(value, region)
    if number is not None and is_valid(number, region):
        return phonenumbers.format_number(number, PhoneNumberFormat.E164), None
    return value, f"phone {value!r} is not a valid number for region {region}; kept as typed"


def test_quick_number_is_parse_for_every_number_it_answers() -> None:
    every = list(dict.fromkeys(texts()))
    assert len(every) > 10_000
    answered = 0
    for region in REGIONS:
        for text in every:
            quick = quick_number(text, region)
            if quick is not None:
                answered += 1
                assert quick == _parsed(text, region), (text, region)
    assert answered > len(every) * 3  # the usual shapes are taken quickly


def test_normalise_phone_answers_as_parse_did() -> None:
    every = list(dict.fromkeys(texts()))[::2]  # the same texts, fewer: it parses each
    for region in ("US", "GB", "AR"):
        for text in every:
            assert normalise_phone(text, region) == _by_parse(text, region), (text, region)


def test_the_usual_shapes_are_quick() -> None:
    for text, region in (("+1 212 200 0001", "US"), ("(212) 200-0001", "US"),
                         ("212.200.0001", "US"), ("+44 20 7946 0018", "US"),
                         ("+49 30 123456", "GB"), ("416-555-0199", "CA")):  # fmt: skip
        assert quick_number(text, region) == phonenumbers.parse(text, region)
    for text, region in (("020 7946 0018", "GB"), ("+44 (0)20 7946 0018", "GB"),
                         ("+39 06 6982 1234", "IT"), ("1 212 200 0001", "US"),
                         ("011 44 20 7946 0018", "US"), ("+1 212 200 0001 x12", "US"),
                         ("1-800-FLOWERS", "US"), ("+999 1234 5678", "US")):  # fmt: skip
        assert quick_number(text, region) is None, text


def test_random_digits_of_every_calling_code_parse_alike() -> None:
    """Digits of every length after every calling code (and alone, as national digits),
    with random separators: whatever quick_number answers, parse answers the same."""
    import random

    draw = random.Random(13)
    answered = 0
    for code in sorted(phonenumbers.supported_calling_codes()):
        for _ in range(12):
            digits = "".join(draw.choice("0123456789") for _ in range(draw.randint(1, 19)))
            glue = "".join(
                d + draw.choice(["", "", " ", "-", ".", " (", ") ", "  "]) for d in digits
            ).rstrip(" (-.)")
            for text in (f"+{code} {glue}", f"+{code}{digits}", glue or "1"):
                for region in ("US", "GB", "AR", "IT", "RU"):
                    quick = quick_number(text, region)
                    if quick is not None:
                        answered += 1
                        assert quick == _parsed(text, region), (text, region)
    assert answered > 5000


def test_quick_e164_is_parse_valid_and_format_for_every_number_it_answers() -> None:
    """``quick_e164`` (the E.164 of a usual number valid in the owner's region, with no
    ``PhoneNumber`` made) answers only for numbers phonenumbers itself finds valid, and
    with its E.164."""
    every = list(dict.fromkeys(texts()))
    answered = 0
    for region in REGIONS:
        for text in every:
            quick = quick_e164(text, region)
            if quick is None:
                continue
            answered += 1
            number = phonenumbers.parse(text, region)
            assert phonenumbers.is_valid_number(number), (text, region)
            assert quick == phonenumbers.format_number(number, PhoneNumberFormat.E164)
    assert answered > 4000  # the usual shapes of the owner's region are taken quickly
