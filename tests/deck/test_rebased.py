"""An edit moved onto the card as changed elsewhere meanwhile (the screen's "edit again
on theirs"): mine kept where they left a field alone, theirs where both changed it."""

from __future__ import annotations

from carddeck.deck.cards import rebased
from carddeck.store.models import Card


def test_my_changes_stay_on_the_fields_they_left_alone() -> None:
    before = Card(name="Ann Lee", title="Owner", notes=None, phone="+12125550100")
    theirs = Card(name="Ann Lee", title="Dentist", notes=None, phone="+12125550100")
    mine = {"title": "CEO", "notes": "mine", "phone": "(212) 555-0199", "next": "tomorrow"}
    kept, clashed = rebased(mine, before, theirs)
    assert kept == {"notes": "mine", "phone": "(212) 555-0199", "next": "tomorrow"}
    assert clashed == {"title": "CEO"}  # they changed it too: theirs is shown, mine named


def test_nothing_changed_elsewhere_keeps_every_change() -> None:
    card = Card(name="Bob", company="Stone Co")
    assert rebased({"company": "Stone Ltd"}, card, card) == ({"company": "Stone Ltd"}, {})
