"""Small words every layer may need: a count with its noun in the right number."""

from __future__ import annotations


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 lead``, ``2 leads``, ``1 day``, ``3 days`` (``words`` when not just ``+s``)."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``7th``, ``11th``, ``21st``."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"
