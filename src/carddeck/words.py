"""Small words every layer may need: a count with its noun in the right number."""

from __future__ import annotations

import re
from functools import cache


def number(count: int) -> str:
    """``7``, ``1,200``, ``100,000``: a count as people read it."""
    return f"{count:,}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 lead``, ``2 leads``, ``1 day``, ``3 days``, ``1,200 cards`` (``words`` when not
    just ``+s``)."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``7th``, ``11th``, ``21st``."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


@cache
def _unprintable() -> re.Pattern[str]:
    """Made at its first use, not at start-up: every command imports this module (its
    class of ranges costs a millisecond or more to compile), few print a deck's text."""
    return re.compile(
        "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
    )


def _shown(match: re.Match[str]) -> str:
    char = ord(match.group())
    if 0xDC80 <= char <= 0xDCFF:  # a byte that was not UTF-8, as Python kept it
        return f"\\x{char - 0xDC00:02x}"
    return f"\\x{char:02x}" if char < 0x100 else f"\\u{char:04x}"


def printable(text: str) -> str:
    """``text`` safe to print: anything that would act on a terminal (escapes, controls,
    bidi overrides) or cannot be encoded (bytes that were not UTF-8) shown as an escape."""
    if text.isprintable():  # none of those (all are Cc, Cf or Cs): most text, at once
        return text
    return _unprintable().sub(_shown, text)


@cache
def _unprintable_lines() -> re.Pattern[str]:
    return re.compile(
        "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
        "\u2066-\u2069\ud800-\udfff]"
    )


def printable_lines(text: str) -> str:
    """Like ``printable``, keeping line ends (CRLF too) and tabs: a file's text shown on a
    terminal."""
    return _unprintable_lines().sub(_shown, text)


def without_controls(text: str) -> str:
    """``text`` with terminal controls and bidi overrides taken out (tab and newline
    stay), for what is read back from a deck written before they were refused."""
    if text.isprintable():  # none of them (see ``printable``)
        return text
    return _unprintable().sub(lambda m: "" if m.group() not in "\t\n" else m.group(), text)
