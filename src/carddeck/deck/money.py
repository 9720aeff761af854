"""Deal values: read as people type them ("1200", "1,200.50", "$1200"), kept in hundredths
of the deck's currency, and shown one way everywhere ("$1,200", "1,200.00 EUR")."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from carddeck.errors import InvalidInput

#: The most a single deal may be worth, in whole units: anything above is a typing slip.
MOST = 1_000_000_000_000
#: Currencies written with a sign before the amount, without a space.
SIGNS = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "CAD": "$", "AUD": "$", "NZD": "$"}
_AMOUNT = re.compile(r"\d{1,3}(,\d{3})+(\.\d{1,2})?|\d+(\.\d{1,2})?|\.\d{1,2}")
_CODE = re.compile(r"[A-Z]{3}")


def is_currency(code: str) -> bool:
    """Whether ``code`` looks like an ISO 4217 code (three capital letters)."""
    return bool(_CODE.fullmatch(code))


def parse_value(text: str | None, currency: str = "USD") -> int | None:
    """An amount typed by the owner, in hundredths; nothing typed is None. Negative,
    non-numbers and absurdly large amounts are refused, each with one line."""
    if text is None or not text.strip():
        return None
    raw = text.strip()
    shown = raw if len(raw) <= 30 else raw[:29] + "…"
    amount = raw.upper()
    for mark in (currency.upper(), *SIGNS.values()):
        amount = amount.replace(mark, "")
    amount = amount.strip()
    if amount.startswith("-") or amount.startswith("(") or amount.endswith("-"):
        raise InvalidInput(f"a deal value cannot be negative ({shown!r})", field="value")
    if not _AMOUNT.fullmatch(amount):
        raise InvalidInput(f"{shown!r} is not an amount; give one such as 1200, 1,200.50 or "
                           "$1200", field="value")  # fmt: skip
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
    whole, cents = divmod(hundredths, 100)
    code = currency.upper()
    if code == "USD":
        return f"${whole:,}" + (f".{cents:02d}" if cents else "")
    return f"{whole:,}.{cents:02d} {code}"


def typed_value(hundredths: int | None) -> str:
    """A value as a form shows it for editing: ``1200`` or ``1200.50`` (read back as is)."""
    if hundredths is None:
        return ""
    whole, cents = divmod(hundredths, 100)
    return f"{whole}.{cents:02d}" if cents else str(whole)
