"""Cleaning a field takes a quick way with text that holds nothing to take out: the same
answer as the whole way, for every kind of character."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from carddeck.deck.fields import clean

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINES = re.compile(r"\s*[\r\n]+\s*|[\t ]*\t[\t ]*")


def the_whole_way(text: str | None, *, multiline: bool = False) -> str | None:
    """clean() as it was before the quick way."""
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = _LINES.sub(" ", text)
    text = _CONTROLS.sub("", text).strip()
    visible = any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)
    return text if visible else None


def texts() -> list[str]:
    """Short texts of letters and every kind of space, control and format character."""
    draw = random.Random(7)
    odd = [chr(c) for c in range(0x250)] + [chr(c) for c in range(0x2000, 0x2070)]
    odd += ["\u061c", "\u3000", "\ufeff", "\u00a0", "\u1680", "é", "Ж", "中", "😀", "\ud7ff"]
    found = ["", " ", "  a  ", "Ann Lee", "a\r\nb", "\u200b", " \u200b ", "x\u202ey"]
    for _ in range(30_000):
        found.append("".join(draw.choice(odd) for _ in range(draw.randrange(1, 6))))
    return found


@pytest.mark.parametrize("multiline", [False, True])
def test_the_quick_way_answers_as_the_whole_way(multiline: bool) -> None:
    checked = texts()
    wrong = [t for t in checked
             if clean(t, multiline=multiline) != the_whole_way(t, multiline=multiline)]  # fmt: skip
    assert wrong == []
    assert sum(t.isprintable() for t in checked) > 1000  # both ways well tried
