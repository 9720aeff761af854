"""Reaching a card's person from the computer: which ways a card can be reached, and the
URI (``tel:``, ``sms:``, ``mailto:``) the system is handed for each. The faces hand it over
and say what happened; the decision, including never reaching someone who asked not to be
contacted, is made here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from carddeck.errors import InvalidInput
from carddeck.store.kinds import Channel, Status

if TYPE_CHECKING:
    from carddeck.deck.port import AnyCard

#: The ways the system can reach someone, and the scheme it is handed for each.
SCHEMES: dict[Channel, str] = {Channel.call: "tel", Channel.text: "sms", Channel.email: "mailto"}


class NeverContact(InvalidInput):
    """They asked not to be contacted: never called, texted or emailed again."""


@dataclass(frozen=True)
class Reach:
    """How to reach a card's person one way: the number or address, and the URI for it."""

    card_id: int
    name: str
    channel: Channel
    address: str  # the number as stored (E.164 when it parsed) or the email address
    uri: str
    #: The number as the card shows it (the deck's region's format), or the address: what
    #: the faces say, while ``address`` is what is dialled and copied.
    shown: str = ""


def _dialable(phone: str) -> str | None:
    """The number as a ``tel:`` URI takes it: digits, a leading +; None if no digits."""
    digits = re.sub(r"[^\d]", "", phone)
    if not digits:
        return None
    return ("+" if phone.strip().startswith("+") else "") + digits


def _refuse_never_contact(card: AnyCard) -> None:
    if card.status == Status.do_not_contact:
        raise NeverContact(
            f"#{card.id} {card.name} asked not to be contacted: they are never called, "
            "texted or emailed again"
        )


def ways(card: AnyCard) -> list[Channel]:
    """The ways ``card`` can be reached from here, in the order of the cadence (call,
    text, email); refused (``NeverContact``) for someone who asked not to be contacted."""
    _refuse_never_contact(card)
    found: list[Channel] = []
    if card.phone and _dialable(card.phone):
        found += [Channel.call, Channel.text]
    if card.email:
        found.append(Channel.email)
    return found


def reach(card: AnyCard, channel: Channel, *, region: str) -> Reach:
    """What to hand the system to reach ``card`` by ``channel`` (its number shown as the
    card shows it for a deck in ``region``); refused (``NeverContact``) for someone who
    asked not to be contacted, and (``InvalidInput``) when the card has no phone for a call
    or a text, or no email for an email."""
    from carddeck.deck.fields import display_phone

    who = f"#{card.id} {card.name}"
    _refuse_never_contact(card)
    if channel not in SCHEMES:
        options = ", ".join(c.value for c in SCHEMES)
        raise InvalidInput(f"a card is reached by {options}, not by {channel.value}")
    if channel == Channel.email:
        if not card.email:
            raise InvalidInput(f"{who} has no email address", field="email")
        return Reach(card.id or 0, card.name, channel, card.email,
                     f"mailto:{quote(card.email, safe='@+')}", card.email)  # fmt: skip
    number = _dialable(card.phone) if card.phone else None
    if card.phone is None or number is None:
        raise InvalidInput(f"{who} has no phone number to {channel.value}", field="phone")
    shown = display_phone(card.phone, region) or card.phone
    return Reach(card.id or 0, card.name, channel, card.phone, f"{SCHEMES[channel]}:{number}",
                 shown)  # fmt: skip
