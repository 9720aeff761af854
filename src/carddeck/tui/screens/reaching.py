"""The screen's ``c``: call, text or email the current card's person with the desktop's own
program; the line under the card says what happened, or shows the number or address to
dial by hand when there is nothing to hand it to."""

from __future__ import annotations

import asyncio

from carddeck.deck.reach import reach, ways
from carddeck.errors import CarddeckError
from carddeck.handoff import hand_over
from carddeck.render import words
from carddeck.store.models import Card, Channel
from carddeck.tui.screens.ask import ChoiceScreen
from carddeck.tui.screens.deckview import DeckView

#: The key for each way, in the dialog that asks which.
KEYS = {"c": Channel.call, "t": Channel.text, "e": Channel.email}


def question(card: Card) -> ChoiceScreen | str:
    """The dialog asking how to reach ``card``; or, when it cannot be reached at all, why."""
    try:
        can = ways(card)
    except CarddeckError as err:  # they asked not to be contacted
        return str(err)
    if not can:
        return f"{words.ref(card)} has no phone or email to reach them by"
    choices = {key: channel.value for key, channel in KEYS.items() if channel in can}
    return ChoiceScreen(f"Reach {card.name}: how?", choices)


async def hand(screen: DeckView, card: Card, key: str | None) -> None:
    """Hand the chosen way to the desktop (off the screen's loop: an opener may take a
    moment), and say what came of it."""
    if key not in KEYS:
        return
    try:
        found = reach(card, KEYS[key], region=screen.settings.phone_region)
    except CarddeckError as err:
        screen.notify(str(err), severity="error", timeout=8)
        return
    done = await asyncio.to_thread(hand_over, found.uri)
    if done.handed:
        screen.say(words.handed(found, done.opener), undo=False)
        return
    line = words.by_hand(found, done.why)
    screen.say(line[:1].upper() + line[1:], undo=False)
