"""The few known words a card's fields hold: status, stage, kind, channel (no ORM here,
so the shell's completion can offer them without loading the store)."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Where a lead stands; new, active and nurture are open."""

    new = "new"
    active = "active"
    nurture = "nurture"
    won = "won"
    lost = "lost"
    do_not_contact = "do_not_contact"
    junk = "junk"  # filtered out of the inbox: kept, out of the deck, counted by source


OPEN_STATUSES: tuple[Status, ...] = (Status.new, Status.active, Status.nurture)
CLOSED_STATUSES: tuple[Status, ...] = (Status.won, Status.lost, Status.do_not_contact, Status.junk)


class Stage(StrEnum):
    """The five steps of a sale."""

    rapport = "rapport"
    need = "need"
    present = "present"
    terms = "terms"
    close = "close"


class Kind(StrEnum):
    """A lead came to us; a referral was sent to us by someone."""

    lead = "lead"
    referral = "referral"


class Channel(StrEnum):
    """How a contact was made."""

    call = "call"
    text = "text"
    email = "email"
    social = "social"
    meeting = "meeting"
    other = "other"
