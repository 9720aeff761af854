"""How many keys the morning's work takes on screen, counted as a person types them.

    python bench/log_keys.py [--size 100x30]

Starts the installed ``carddeck`` in tmux on a fresh deck of 21 overdue cards (it opens on
today's calls), then, sending one key at a time and waiting for each question as a person
would, without the mouse:

1. logs a full contact with the first card: answered, by text (not the proposed channel),
   two ratings, the notch, the rating again, a summary, a date of one's own, to the top;
2. works the other twenty due cards, each an unanswered attempt with every proposal taken.

Prints the keys each took (typed words counted apart) and checks the deck afterwards with
``carddeck show --json``. Targets: at most 12 keys plus the words, and at most 5 a card.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

CARDDECK = Path(sys.executable).with_name("carddeck")
DUE = 20


def make_deck(path: Path) -> None:
    """21 worked cards, all overdue by a day or two: today's calls."""
    from carddeck import deck
    from carddeck.deck.clock import now as clock_now
    from carddeck.paths import DeckLocation
    from carddeck.store import open_store

    now = clock_now()
    midnight = now.replace(hour=0, minute=0, second=0)
    store = open_store(DeckLocation(path, False))
    with store.write() as s:
        for n in range(DUE + 1):
            card = deck.add_card(s, deck.CardDraft(
                name=f"Lead {n:02d}", company=f"Shop {n:02d}", phone=f"212 555 01{n:02d}",
                place="back"), now=now - timedelta(days=6)).card  # fmt: skip
            due = midnight - timedelta(hours=2, minutes=DUE - n)  # last night: overdue
            entry = deck.LogEntry(reached=False, next_follow_up=due)
            deck.log_contact(s, card, entry, now=now - timedelta(days=5))
    store.close()


class Keyboard:
    """Sends keys to the tmux pane one at a time, counting them."""

    def __init__(self, pane: str) -> None:
        self.pane = pane
        self.keys = 0
        self.typed = 0  # characters of words typed (not counted as keys)

    def press(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.pane, key], check=True)
            self.keys += 1
            time.sleep(0.03)

    def type(self, words: str) -> None:
        for char in words:
            subprocess.run(["tmux", "send-keys", "-t", self.pane, "-l", char], check=True)
            self.typed += 1
            time.sleep(0.01)

    def screen(self) -> str:
        done = subprocess.run(["tmux", "capture-pane", "-p", "-t", self.pane],
                              capture_output=True, text=True, check=True)  # fmt: skip
        return done.stdout

    def wait_for(self, text: str, seconds: float = 15) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.05)
        raise SystemExit(f"{text!r} never showed; the screen was:\n{self.screen()}")


def show(db: Path, card: int) -> dict[str, object]:
    env = {**os.environ, "CARDDECK_DB": str(db)}
    done = subprocess.run([str(CARDDECK), "show", str(card), "--json"], capture_output=True,
                          text=True, check=True, env=env)  # fmt: skip
    data: dict[str, object] = json.loads(done.stdout)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100x30", help="terminal size, e.g. 80x24")
    args = parser.parse_args()
    width, height = args.size.split("x")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "deck.sqlite"
        make_deck(db)
        pane = f"bench-keys-{uuid.uuid4().hex[:6]}"
        subprocess.run(["tmux", "new-session", "-d", "-s", pane, "-x", width, "-y", height,
                        f"env CARDDECK_DB={db} TERM=xterm-256color {CARDDECK}"],
                       check=True)  # fmt: skip
        try:
            board = Keyboard(pane)
            board.wait_for("overdue (21)")
            # 1. a full contact with the first card
            board.press("l")
            board.wait_for("Did they answer?")
            board.press("t", "y")  # by text (not the proposed call), answered
            board.press("7", "5")  # my rating, their interest
            board.wait_for("to get you to 6?")
            board.type("a referral from a shop like theirs")
            board.press("Enter")
            board.press("8")  # my rating again
            board.wait_for("Summary:")
            board.type("liked the price, wants proof")
            board.press("Enter")
            board.wait_for("Next follow-up")
            board.type("thu 10am")  # a date of my own, typed over the proposal
            board.press("Enter")
            board.wait_for("Then the card goes")
            board.press("t")  # to the top
            board.wait_for("Logged #1 Lead 00")
            full = (board.keys, board.typed)
            first = show(db, 1)
            due = datetime.fromisoformat(str(first["next_follow_up"]))
            assert first["rating"] == 8 and first["interest"] == 5, first
            assert (due.strftime("%A"), due.hour, first["position"]) == ("Thursday", 10, 1), first
            # 2. twenty due cards, each an unanswered attempt with the proposals taken
            board.keys = board.typed = 0
            per_card = []
            started = time.monotonic()
            for n in range(1, DUE + 1):
                before = board.keys
                board.wait_for(f"Lead {n:02d}")
                board.press("l")
                board.wait_for("Did they answer?")
                board.press("n")  # no answer, by the proposed channel
                board.wait_for("Summary:")
                board.press("Enter")  # no summary
                board.wait_for("Next follow-up")
                board.press("Enter")  # the cadence's date
                board.wait_for("Then the card goes")
                board.press("Enter")  # keeps its place
                board.wait_for(f"Logged #{n + 1} Lead {n:02d}")
                per_card.append(board.keys - before)
            took = time.monotonic() - started
            worked = [show(db, n + 1) for n in range(1, DUE + 1)]
            ahead = all(
                datetime.fromisoformat(str(c["next_follow_up"])) > datetime.now().astimezone()
                for c in worked
            )
            attempts = {c["attempts"] for c in worked}
        finally:
            subprocess.run(["tmux", "kill-session", "-t", pane], capture_output=True)
    print(f"terminal {args.size}, installed carddeck, keys sent one by one through tmux")
    print(f"full logged contact: {full[0]} keys + {full[1]} typed characters (target: <= 12 keys)")
    print(f"unanswered attempt, proposals taken: {max(per_card)} keys a card (target: <= 5)")
    print(f"twenty due cards from a fresh start: {sum(per_card)} keys, no mouse, "
          f"{took:.0f} s with the waits; every card's next date ahead: {ahead}; "
          f"attempts now {sorted(attempts)}")  # fmt: skip
    ok = full[0] <= 12 and max(per_card) <= 5 and ahead and attempts == {2}
    print("targets met" if ok else "TARGETS NOT MET")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
