"""Deal values: read as people type them ("1200", "1,200.50", "$1200"), kept in hundredths
of the deck's currency, and shown one way everywhere ("$1,200", "1,200.00 EUR")."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from carddeck.errors import InvalidInput

#: The most a single deal may be worth, in whole units: anything above is a typing slip.
MOST = 1_000_000_000_000
#: Currencies written with a sign before the amount, without a space.
SIGNS = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "CAD": "$", "AUD": "$", "NZD": "$"}
#: The ISO 4217 codes in use (funds and metals left out): a setting outside them is a slip.
ISO_4217 = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD
    BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP
    DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR
    IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD
    MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB
    PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD
    SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS
    VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
""".split()
)
#: Currencies without minor units (ISO 4217 exponent 0): shown in whole units.
WHOLE_ONLY = frozenset(
    "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split()
)
#: What a sign typed before or after an amount may stand for.
_DOLLARS = frozenset("USD CAD AUD NZD HKD SGD TWD MXN ARS CLP COP BSD BBD BZD BMD BND FJD GYD "
                     "JMD KYD LRD NAD SBD SRD TTD XCD CUP DOP UYU".split())  # fmt: skip
_SIGN_MEANS: dict[str, frozenset[str]] = {
    "$": _DOLLARS, "€": frozenset({"EUR"}), "£": frozenset({"GBP", "GIP", "FKP", "SHP"}),
    "¥": frozenset({"JPY", "CNY"}), "₹": frozenset({"INR"}), "₩": frozenset({"KRW"}),
    "₽": frozenset({"RUB"}), "₺": frozenset({"TRY"}), "₪": frozenset({"ILS"}),
    "₫": frozenset({"VND"}), "₱": frozenset({"PHP"}), "฿": frozenset({"THB"}),
    "₴": frozenset({"UAH"}), "₦": frozenset({"NGN"}),
}  # fmt: skip
_SIGN_WORDS = {"$": "dollars", "£": "pounds", "¥": "yen or yuan"}
#: Dollars named by their country before the sign ("US$", "C$", "A$").
_PREFIXED = {"US": "USD", "C": "CAD", "CA": "CAD", "A": "AUD", "AU": "AUD", "NZ": "NZD",
             "HK": "HKD", "S": "SGD", "SG": "SGD", "NT": "TWD", "MX": "MXN",
             "R": "BRL"}  # fmt: skip
_MARK = re.compile(r"(?<![A-Z])([A-Z]{1,2})?(\$)|([€£¥₹₩₽₺₪₫₱฿₴₦])|(?<![A-Z])([A-Z]{3})(?![A-Z])")
_AMOUNT = re.compile(r"\d{1,3}(,\d{3})+(\.\d{1,2})?|\d+(\.\d{1,2})?|\.\d{1,2}")
_CODE = re.compile(r"[A-Z]{3}")


def is_currency(code: str) -> bool:
    """Whether ``code`` looks like an ISO 4217 code (three capital letters)."""
    return bool(_CODE.fullmatch(code))


def is_known_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 currency in use."""
    return code in ISO_4217


def example(currency: str) -> str:
    """How to type an amount in ``currency``: ``$1200``, ``€1200`` or ``1200 SEK``."""
    code = currency.upper()
    sign = SIGNS.get(code)
    return f"{sign}1200" if sign else f"1200 {code}"


def _known_mark(match: re.Match[str]) -> str:
    """A currency sign or code taken off an amount; anything else is left to be refused."""
    prefix, dollar, _, code = match.groups()
    if (dollar and prefix is not None and prefix not in _PREFIXED) or (
        code is not None and code not in ISO_4217
    ):
        return match.group(0)
    return ""


def _other_currency(amount: str, currency: str) -> str | None:
    """The currency (code or sign) an amount was typed in when it is not the deck's."""
    for match in _MARK.finditer(amount):
        prefix, dollar, sign, code = match.groups()
        if dollar:
            if prefix is None:
                means: frozenset[str] = _DOLLARS
            elif prefix in _PREFIXED:
                means = frozenset({_PREFIXED[prefix]})
            else:
                continue  # not an amount at all: said as such
            if currency not in means:
                return "dollars ($)" if len(means) > 1 else next(iter(means))
        elif sign:
            if currency not in _SIGN_MEANS[sign]:
                group = _SIGN_MEANS[sign]
                return f"{_SIGN_WORDS[sign]} ({sign})" if len(group) > 1 else next(iter(group))
        elif code in ISO_4217 and code != currency:
            return str(code)
    return None


def parse_value(text: str | None, currency: str = "USD") -> int | None:
    """An amount typed by the owner, in hundredths; nothing typed is None. Negative,
    non-numbers and absurdly large amounts are refused, each with one line."""
    if text is None or not text.strip():
        return None
    raw = text.strip()
    shown = raw if len(raw) <= 30 else raw[:29] + "…"
    amount, code = raw.upper(), currency.upper()
    other = _other_currency(amount, code)
    if other is not None:
        raise InvalidInput(f"{shown!r} is in {other}, but this deck's currency is {code} (the "
                           f"currency setting); give it in {code}, such as {example(code)}",
                           field="value")  # fmt: skip
    amount = _MARK.sub(_known_mark, amount).strip()
    if amount.startswith("-") or amount.startswith("(") or amount.endswith("-"):
        raise InvalidInput(f"a deal value cannot be negative ({shown!r})", field="value")
    if not _AMOUNT.fullmatch(amount):
        cents = "" if code in WHOLE_ONLY else "1,200.50 or "
        raise InvalidInput(f"{shown!r} is not an amount; give one such as 1200, {cents}"
                           f"{example(code)}", field="value")  # fmt: skip
    try:
        number = Decimal(amount.replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(f"{shown!r} is not an amount", field="value") from None
    if number > MOST:
        raise InvalidInput(f"{shown!r} is more than any deal carddeck keeps "
                           f"({format_value(MOST * 100, currency)})", field="value")  # fmt: skip
    return int(number * 100)


def check_hundredths(value: int | None) -> int | None:
    """A value already in hundredths (from a file or a form): the same bounds."""
    if value is None:
        return None
    if isinstance(value, bool) or value < 0 or value > MOST * 100:
        raise InvalidInput(f"a deal value must be from 0 to {MOST:,}")
    return value


def format_value(hundredths: int | None, currency: str = "USD") -> str:
    """``$1,200`` (cents shown only when there are some) for a currency with a sign we
    know; ``1,200.00 EUR``-style for any other: the one way every face shows money."""
    if hundredths is None:
        return ""
    code = currency.upper()
    if code in WHOLE_ONLY:  # no minor unit: the nearest whole, a half up
        whole = int((Decimal(hundredths) / 100).quantize(Decimal(1), ROUND_HALF_UP))
        return f"{whole:,} {code}"
    whole, cents = divmod(hundredths, 100)
    if code == "USD":
        return f"${whole:,}" + (f".{cents:02d}" if cents else "")
    return f"{whole:,}.{cents:02d} {code}"


def typed_value(hundredths: int | None) -> str:
    """A value as a form shows it for editing: ``1200`` or ``1200.50`` (read back as is)."""
    if hundredths is None:
        return ""
    whole, cents = divmod(hundredths, 100)
    return f"{whole}.{cents:02d}" if cents else str(whole)
