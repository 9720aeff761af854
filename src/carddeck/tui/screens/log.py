"""Logging a contact: the card's call sheet stays in view while the method's steps are
asked one key at a time below it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key, Resize, ScreenResume
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from carddeck.deck import clock
from carddeck.deck.cadence import Proposal
from carddeck.deck.dates import read_follow_up
from carddeck.deck.records import LogEntry
from carddeck.deck.settings import Settings
from carddeck.errors import InvalidInput
from carddeck.render.cardface import call_sheet
from carddeck.render.words import day, moment, nurture_offer, why
from carddeck.store.models import Card, Channel, Contact
from carddeck.tui.screens.ask import ChoiceScreen
from carddeck.tui.widgets.packed import Packed

CHANNEL_KEYS = {"c": Channel.call, "t": Channel.text, "e": Channel.email, "s": Channel.social,
                "m": Channel.meeting, "o": Channel.other}  # fmt: skip
#: The steps, in the method's order. "answer" asks whether they answered and by which
#: channel in one step; "nurture" is asked only once the cadence is used up.
STEPS = ("answer", "rating", "interest", "notch", "rating_after", "summary", "nurture",
         "next", "place")  # fmt: skip
TYPED = ("notch", "summary", "next")
Propose = Callable[[bool, Channel], Proposal]


def digit(key: str) -> int | None:
    """A rating from one key: 1-9, and 0 for 10."""
    if len(key) == 1 and key.isdigit():
        return 10 if key == "0" else int(key)
    return None


class LogScreen(ModalScreen[LogEntry | None]):
    """Answered? (and how), my rating, their interest, one notch up, rating again, a
    summary, the next follow-up (the method's proposal; Enter takes it), then top, back or
    keep. Escape asks before throwing typed answers away."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = ""  # one-key steps come first; the text box takes focus only when it is shown

    def __init__(self, card: Card, contacts: list[Contact], settings: Settings, *,
                 channel: Channel, propose: Propose, place: str = "") -> None:  # fmt: skip
        super().__init__()
        self.settings = settings
        self.sheet_width = 0  # the call sheet's, as drawn
        #: The app's count of CSS changes when the dialog was last styled (on_screen_resume).
        self._styled_at: int | None = None
        self.begin(card, contacts, channel=channel, propose=propose, place=place)

    def begin(self, card: Card, contacts: list[Contact], *, channel: Channel,
              propose: Propose, place: str = "") -> None:  # fmt: skip
        """Start logging a contact with ``card``: the dialog is made once and opened again
        for each (composing and mounting it took longer than drawing it)."""
        self.card = card
        self.contacts = contacts
        self.propose = propose
        self.place = place
        self.entry = LogEntry(channel=channel)
        self.proposal: Proposal | None = None
        self.said: list[str] = []
        self.step = "answer"
        self.shown_date = ""
        #: Where each answer was given, so Backspace can take the last one back.
        self.back: list[tuple[str, LogEntry, int, Proposal | None]] = []
        if not self.is_mounted:
            return  # compose() draws the first step
        self.query_one("#log-title", Label).update(self._title())
        self.sheet_width = self._sheet_width(self.app.size.width)
        sheet = call_sheet(card, contacts, self.settings, width=self.sheet_width)
        self.query_one("#log-card", Static).update(sheet)
        self.query_one("#log-input", Input).value = ""
        self.query_one("#log-error", Label).update("")
        self.show_step()

    def _title(self) -> str:
        return f"Log a contact · #{self.card.id} {self.place}".rstrip()

    def compose(self) -> ComposeResult:
        # Everything the first step shows is given here, at the screen's size, so the dialog
        # is laid out once (each later update of a widget's size is another layout pass).
        self.sheet_width = self._sheet_width(self.app.size.width)
        sheet = call_sheet(self.card, self.contacts, self.settings, width=self.sheet_width)
        box = Input(id="log-input", select_on_focus=False)
        box.display = False  # the first step is one key
        with Vertical(id="log") as dialog:
            dialog.border_subtitle = "Backspace: back a step · Esc cancels"
            yield Label(self._title(), id="log-title", markup=False)
            yield Static(sheet, id="log-card")
            yield Static(" ", id="log-said", markup=False)
            yield Label(self.question(), id="log-question", markup=False)  # keys, not markup
            yield box
            yield Label("", id="log-error", markup=False)

    def on_mount(self) -> None:
        self._styled_at = getattr(self.app, "_css_update_count", None)  # styled when mounted
        if not self.is_current:  # made ahead (DeckScreen.log_ready): laid out ahead too
            self.call_after_refresh(self.lay_out)

    def lay_out(self) -> None:
        """Lay the closed dialog out, as begun: an opening's layout is most of its time;
        done while the owner reads, the opening finds it laid out and only draws (Screen
        does the same when the terminal is resized under a dialog)."""
        lay_out = getattr(self, "_refresh_layout", None)  # private: the opening lays out
        if lay_out is not None and not self.is_current and self.is_attached:
            lay_out(self.app.size)

    def ready_for(self, card: Card, contacts: list[Contact], *, channel: Channel,
                  place: str) -> bool:  # fmt: skip
        """Whether the closed dialog is begun for exactly this (the very objects the deck
        screen shows: a card read again is another object) and nothing answered since."""
        return (
            not self.is_current
            and self.is_mounted
            and card is self.card
            and contacts is self.contacts
            and place == self.place
            and self.entry == LogEntry(channel=channel)
            and self.step == "answer"
            and not self.said
            and not self.back
            and self.sheet_width == self._sheet_width(self.app.size.width)
        )

    def on_screen_resume(self, event: ScreenResume) -> None:
        # Runs before Screen's own handler, which styles the whole dialog again at every
        # opening (a good part of a frame). Its styles change only when the app's CSS does
        # (a theme); Textual counts those changes, and the dialog is styled again then.
        changes = getattr(self.app, "_css_update_count", None)
        if changes is not None and changes == self._styled_at:
            event.refresh_styles = False
        self._styled_at = changes

    @staticmethod
    def _sheet_width(width: int) -> int:
        return max(30, min(width, 96) - 8)  # the dialog's and the sheet's edges

    def on_resize(self, event: Resize) -> None:
        width = self._sheet_width(event.size.width)
        if width != self.sheet_width:  # drawn at this width already: nothing to lay out
            self.sheet_width = width
            sheet = self.query_one("#log-card", Static)
            sheet.update(call_sheet(self.card, self.contacts, self.settings, width=width))

    # the steps ---------------------------------------------------------------

    def question(self) -> Packed:
        """The step's question, laid out in whole pieces (a key beside what it does)."""
        e, p = self.entry, self.proposal
        channel = Channel(e.channel or Channel.call).value
        if self.step == "answer":
            how = f"by {channel}: [c]all [t]ext [e]mail [s]ocial [m]eeting [o]ther"
            return Packed(["Did they answer?", "[y] yes", "[n] no answer", how])
        if self.step == "next" and p is not None:
            return Packed([f"Next follow-up ({why(p)}, by {p.channel.value}):",
                           "Enter takes it,", "or type your own: 'thu 10am', '+2b', 'fri'"],
                          gap=" ")  # fmt: skip
        if self.step == "nurture" and p is not None:
            return Packed([nurture_offer(p), "[y] nurture (Enter)", "[n] keep trying"])
        if self.step == "place":
            return Packed(["Then the card goes:", "[t] top", "[b] back",
                           "[k] keep its place (Enter)"])  # fmt: skip
        summary = (
            ["Summary: what did you cover? The recap for next time", "(Enter when done)"]
            if e.reached
            else ["A note on this attempt, such as 'left a voicemail'", "(Enter to skip)"]
        )
        return Packed({
            "rating": ["How did it go? Your rating: 1-9, 0 for 10"],
            "interest": ["Their own interest, 1-10: 1-9, 0 for 10"],
            "notch": [f"What would it take to get you to {(e.interest or 0) + 1}?",
                      "(Enter: done)"],
            "rating_after": ["Your rating again: 1-9, 0 for 10", "(Enter to skip)"],
            "summary": summary,
        }[self.step], gap="  ")  # fmt: skip

    def show_step(self) -> None:
        self.query_one("#log-question", Label).update(self.question())
        said = " · ".join(self.said)
        room = 2 * max(20, min(self.size.width, 96) - 8)  # two lines of the dialog
        if len(said) > room:
            said = "…" + said[-(room - 1) :]  # the latest answers, nearest the question
        self.query_one("#log-said", Static).update(said or " ")
        box = self.query_one("#log-input", Input)
        typing = self.step in TYPED
        box.display = typing
        if typing:
            box.value = ""
            if self.step == "next" and self.proposal is not None:
                self.shown_date = moment(self.proposal.when)
                box.value = self.shown_date
                box.select_all()  # typing replaces the proposal; Enter alone takes it
            box.focus()
        else:
            self.set_focus(None)

    def skipped(self, step: str) -> bool:
        e = self.entry
        if not e.reached and step in ("rating", "interest", "notch", "rating_after"):
            return True
        if step == "notch" and e.interest == 10:
            return True  # nothing is one notch above 10
        if step == "nurture":
            return self.proposal is None or self.proposal.nurture_until is None
        return step == "next" and e.nurture_until is not None

    def advance(self, said: str | None = None) -> None:
        self.back.append((self.step, self.entry, len(self.said), self.proposal))
        if said:
            self.said.append(said)
        self.query_one("#log-error", Label).update("")
        position = STEPS.index(self.step) + 1
        while position < len(STEPS):
            step = STEPS[position]
            if step in ("nurture", "next") and self.proposal is None:
                reached, how = self.entry.reached, Channel(self.entry.channel or "call")
                self.proposal = self.propose(reached, how)
            if not self.skipped(step):
                break
            position += 1
        if position >= len(STEPS):
            self.dismiss(self.entry)
            return
        self.step = STEPS[position]
        self.show_step()

    def complain(self, text: str) -> None:
        self.query_one("#log-error", Label).update(text)
        self.app.bell()

    def step_back(self) -> None:
        """Backspace on a one-key step (or an empty text box): take the last answer back."""
        if not self.back:
            self.complain("nothing to go back to: this is the first question")
            return
        self.step, self.entry, said, self.proposal = self.back.pop()
        del self.said[said:]
        if self.step not in ("nurture", "next"):
            self.proposal = None  # asked again once the answers before it are given
        self.query_one("#log-error", Label).update("")
        self.show_step()

    def on_key(self, event: Key) -> None:
        if event.key == "escape":
            return
        if self.step in TYPED:
            if event.key == "backspace" and not self.query_one("#log-input", Input).value:
                event.stop()
                self.step_back()
            return
        event.stop()
        event.prevent_default()
        key, e = event.key, self.entry
        self.query_one("#log-error", Label).update("")
        if key == "backspace":
            self.step_back()
        elif self.step == "answer" and key in CHANNEL_KEYS:
            self.entry = replace(e, channel=CHANNEL_KEYS[key])
            self.show_step()
        elif self.step == "answer" and key in ("y", "n", "enter"):
            self.entry = replace(e, reached=key != "n")
            how = f"by {Channel(self.entry.channel or 'call').value}"
            self.advance(f"answered {how}" if self.entry.reached else f"no answer {how}")
        elif self.step in ("rating", "interest", "rating_after") and digit(key) is not None:
            value = digit(key)
            if self.step == "rating":
                self.entry = replace(e, rating=value)
            elif self.step == "interest":
                self.entry = replace(e, interest=value)
            else:
                self.entry = replace(e, rating_after=value)
            label = {"rating": "your rating", "interest": "their interest",
                     "rating_after": "your rating after"}[self.step]  # fmt: skip
            self.advance(f"{label} {value}")
        elif self.step == "rating_after" and key == "enter":
            self.advance()
        elif self.step == "nurture" and key in ("y", "n", "enter") and self.proposal:
            if key == "n":
                self.advance("keep trying")
            else:
                until = self.proposal.nurture_until
                self.entry = replace(e, nurture_until=until)
                self.advance(f"nurture until {day(until)}" if until else None)
        elif self.step == "place" and key in ("t", "b", "k", "enter"):
            place = {"t": "top", "b": "back"}.get(key)
            self.dismiss(replace(e, place=place))  # type: ignore[arg-type]
        else:
            self.complain("that key is not one of the answers shown")

    @on(Input.Submitted, "#log-input")
    def typed(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if self.step == "notch":
            if not text:
                self.complain("the notch-up answer is the point of the call: what would it take?")
                return
            self.entry = replace(self.entry, notch=text)
            self.advance(f"one notch up: {text}")
        elif self.step == "summary":
            self.entry = replace(self.entry, summary=text or None)
            self.advance(f"summary: {text}" if text else None)
        elif self.step == "next":
            if text == self.shown_date or not text:
                self.advance(f"next {self.shown_date} (proposed)")
                return
            try:
                chosen = read_follow_up(text, now=clock.now(), settings=self.settings)
            except InvalidInput as err:
                self.complain(str(err))
                return
            self.entry = replace(self.entry, next_follow_up=chosen)
            self.advance(f"next {moment(chosen)}" if chosen else None)

    def typed_anything(self) -> bool:
        return bool(self.said) or bool(self.query_one("#log-input", Input).value.strip())

    @work
    async def action_cancel(self) -> None:
        if self.typed_anything():
            choice = await self.app.push_screen_wait(
                ChoiceScreen(
                    "Throw away this contact? Nothing of it is saved.",
                    {"y": "yes, throw it away", "n": "no, keep logging"},
                )  # fmt: skip
            )
            if choice != "y":
                return
        self.dismiss(None)
