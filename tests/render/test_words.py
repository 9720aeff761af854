"""The lines the two faces say, where their wording decides something."""

from __future__ import annotations

from carddeck.deck.cards import Duplicate
from carddeck.render.words import duplicates


def test_one_duplicate_is_named_as_before() -> None:
    found = [Duplicate(7, "Ann Lee", "email", False)]
    assert duplicates(found) == [("#7 Ann Lee has the same email: a duplicate?", False)]


def test_many_duplicates_are_one_line_and_each_who_asked_not_to_be_contacted_its_own() -> None:
    found = [Duplicate(1, "Ann", "phone", False), Duplicate(2, "Bob", "phone", True),
             Duplicate(3, "Cy", "email", False), Duplicate(4, "Dee", "phone", False),
             Duplicate(5, "Eve", "phone", False)]  # fmt: skip
    assert duplicates(found) == [
        ("#2 Bob has the same phone and asked NOT to be contacted", True),
        ("4 or more cards have the same email or phone: #1 Ann, #3 Cy, #4 Dee and more:"
         " duplicates?", False),  # the deck looks for five at most: there may be more
    ]  # fmt: skip
    assert duplicates(found[:4]) == [
        ("#2 Bob has the same phone and asked NOT to be contacted", True),
        ("3 cards have the same email or phone: #1 Ann, #3 Cy, #4 Dee: duplicates?", False),
    ]
