"""Every command, through Typer's runner, on a real deck file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.cli.conftest import Run, data, ok


def add(run: Run, *args: str) -> int:
    return int(ok(run("add", *args)).stdout.strip())


def test_add_prints_the_id_and_says_when_the_first_contact_is_due(run: Run, clock: object) -> None:
    result = ok(
        run(
            "add",
            "Ann Lee",
            "--company",
            "Acme",
            "--phone",
            "212-555-0134",
            "--email",
            "ann@acme.example",
            "--source",
            "Google Ads",
        )
    )
    assert result.stdout == "1\n"
    assert "first contact due by Mon 23 Nov 18:30" in result.stderr
    (card,) = data(run("list", "--json"))
    assert card["name"] == "Ann Lee" and card["phone"] == "+12125550134"
    assert card["status"] == "new" and card["position"] == 1
    assert card["next_follow_up"] == "2026-11-23T18:30:00-05:00"


def test_add_options(run: Run, clock: object) -> None:
    add(run, "First")
    card_id = add(
        run,
        "Ref",
        "--referred-by",
        "Bob",
        "--title",
        "Owner",
        "--website",
        "ref.example",
        "--need",
        "more leads",
        "--note",
        "met at the expo",
        "--next",
        "+2b",
        "--back",
    )
    card = data(run("show", str(card_id), "--json"))
    assert (card["kind"], card["referred_by"], card["title"], card["need"], card["notes"]) == (
        "referral",
        "Bob",
        "Owner",
        "more leads",
        "met at the expo",
    )
    assert card["next_follow_up"] == "2026-11-24T09:00:00-05:00" and card["position"] == 2


def test_log_a_contact_and_see_it_on_the_card(run: Run, clock: object) -> None:
    add(run, "Ann Lee")
    result = ok(
        run(
            "log",
            "ann",
            "--rating",
            "6",
            "--interest",
            "5",
            "--notch",
            "a live demo",
            "--rating-after",
            "7",
            "--summary",
            "Pricing is fine",
            "--channel",
            "meeting",
        )
    )
    assert "Logged #1 Ann Lee: rated 6→7, interest 5 · next Mon 23 Nov 09:00" in result.stdout
    assert "next: Mon 23 Nov 09:00 by call (they answered: the next working day)" in result.stderr
    shown = ok(run("show", "ann"))
    for text in ("Ann Lee", "7/10", "5/10", "a live demo", "Pricing is fine", "meeting", "0/7"):
        assert text in shown.stdout
    card = data(run("show", "1", "--json"))
    assert (card["rating"], card["interest"], card["notch"]) == (7, 5, "a live demo")
    (contact,) = card["contacts"]
    assert contact["rating"] == 6 and contact["rating_after"] == 7 and contact["reached"] is True


def test_no_answer_counts_attempts(run: Run, clock: object) -> None:
    add(run, "Ann")
    for n in (1, 2, 3):
        result = ok(run("log", "1", "--no-answer", "--channel", "text", "--next", "+1b"))
        assert f"no answer by text (attempt {n} of 7)" in result.stdout
    assert data(run("show", "1", "--json"))["attempts"] == 3


def test_shuffle(run: Run, clock: object) -> None:
    for name in ("Cy", "Bob", "Ann"):
        add(run, name)
    assert [c["name"] for c in data(run("list", "--json"))] == ["Ann", "Bob", "Cy"]
    assert "Back of the deck: #3 Ann (3 of 3)" in ok(run("shuffle", "ann", "--back")).stdout
    ok(run("shuffle", "cy", "--top"))
    ok(run("shuffle", "3", "--to", "2"))
    assert [c["name"] for c in data(run("list", "--json"))] == ["Cy", "Ann", "Bob"]


def test_status_commands(run: Run, clock: object) -> None:
    for name in ("Ann", "Bob", "Cy", "Dee"):
        add(run, name)
    assert ok(run("won", "ann")).stdout == "Won: #1 Ann · check in Thu 18 Feb 09:00\n"
    lost = ok(run("lost", "bob", "--reason", "chose a competitor", "--yes")).stdout
    assert lost == "Lost: #2 Bob (chose a competitor)\n"
    nurtured = ok(run("nurture", "cy", "--until", "2027-02-01")).stdout
    assert nurtured == "Nurture: #3 Cy, due again Mon 01 Feb 2027 09:00\n"
    assert ok(run("dnc", "dee")).stdout == "Do not contact: #4 Dee: never due again\n"
    statuses = {c["name"]: c["status"] for c in data(run("list", "--all", "--json"))}
    assert statuses == {"Ann": "won", "Bob": "lost", "Cy": "nurture", "Dee": "do_not_contact"}
    assert [c["name"] for c in data(run("list", "--json"))] == ["Cy"]  # open cards only
    assert [c["name"] for c in data(run("list", "--status", "won", "-s", "lost", "--json"))] == [
        "Bob",
        "Ann",
    ]
    assert [c["name"] for c in data(run("list", "--status", "dnc", "--json"))] == ["Dee"]
    assert "dnc" in ok(run("list", "--all")).stdout
    refused = run("reopen", "dee")  # they asked not to be contacted: it takes --force
    assert refused.exit_code == 1 and "--force reopens" in refused.stderr
    ok(run("reopen", "dee", "--next", "2026-11-24 11:00", "--force"))
    dee = data(run("show", "dee", "--json"))
    assert dee["status"] == "new" and dee["next_follow_up"] == "2026-11-24T11:00:00-05:00"


def test_edit(run: Run, clock: object) -> None:
    add(run, "Ann")
    result = ok(
        run(
            "edit",
            "ann",
            "--stage",
            "terms",
            "--known",
            "has 3 vans",
            "--email",
            "Ann@Fleet.example",
            "--next",
            "monday 2pm",
            "--if-version",
            "1",
        )
    )
    assert "email, stage, known, next_follow_up changed" in result.stdout
    card = data(run("show", "1", "--json"))
    assert (card["stage"], card["known"], card["email"], card["version"]) == (
        "terms",
        "has 3 vans",
        "ann@fleet.example",
        2,
    )
    assert card["next_follow_up"] == "2026-11-23T14:00:00-05:00"


def test_today(run: Run, clock: object) -> None:
    add(run, "New lead", "--source", "Website form")
    add(run, "Due", "--next", "+1h")
    ok(run("log", "due", "--no-answer", "--next", "today"))
    agenda = data(run("today", "--json"))
    assert [c["name"] for c in agenda["due_today"]] == ["Due"]
    assert [c["name"] for c in agenda["new"]] == ["New lead"]
    assert agenda["new"][0]["hours_left"] == 24.0
    assert agenda["new"][0]["first_contact_due"] == "2026-11-23T18:30:00-05:00"
    assert agenda["overdue"] == [] and agenda["cold"] == []
    shown = ok(run("today")).stdout
    assert "due today (1)" in shown and "new leads, first contact (1)" in shown


def test_list_due_and_empty_deck(run: Run, clock: object) -> None:
    assert "The deck is empty" in ok(run("list")).stderr
    add(run, "Later", "--next", "+5d")
    add(run, "Soon", "--next", "+1h")
    due = data(run("list", "--due", "--json"))
    assert [c["name"] for c in due["cards"]] == ["Soon"]
    assert (due["total"], due["limit"], due["cut"]) == (1, 50, False)
    table = ok(run("list")).stdout
    assert "Soon" in table and "Later" in table


def test_export_to_a_file_and_to_stdout(run: Run, clock: object, tmp_path: Path) -> None:
    add(run, "Ann", "--phone", "+44 20 7946 0958")
    add(run, "=cmd|' /C calc'!A0")
    target = tmp_path / "deck.csv"
    result = ok(run("export", str(target)))
    assert "exported 2 cards" in result.stderr
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert [r["name"] for r in rows] == ["'=cmd|' /C calc'!A0", "Ann"]
    assert rows[1]["phone"] == "+442079460958"  # E.164: a number, not a formula
    raw = list(csv.DictReader(io.StringIO(ok(run("export", "-", "--raw")).stdout)))
    assert raw[0]["name"] == "=cmd|' /C calc'!A0"
    assert ok(run("export")).stdout.splitlines()[0].startswith("id,name,company")


def test_bare_carddeck_opens_the_screen_on_the_same_deck(
    run: Run, deck_at: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carddeck.tui.app import CarddeckApp

    opened: list[str] = []
    monkeypatch.setattr(CarddeckApp, "run", lambda self: opened.append(self.deck_shown))
    monkeypatch.setattr("carddeck.cli.common.has_screen", lambda: True)
    ok(run())
    assert opened == [deck_at]
    assert ok(run("--version")).stdout.startswith("carddeck ")


def test_bare_carddeck_without_a_terminal_says_what_to_use(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carddeck.tui.app import CarddeckApp

    monkeypatch.setattr(CarddeckApp, "run", lambda self: pytest.fail("the screen started"))
    result = run()
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("carddeck: the deck screen needs a terminal")
    assert "carddeck today" in result.stderr and len(result.stderr.splitlines()) == 1


def test_bare_carddeck_on_a_bad_deck_says_it_on_screen_then_in_one_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frame comes up before the deck is opened: a deck that cannot be is said on the
    screen until q, then by the command, as any command says it (tests/tui/test_terminal.py
    does the same in a real terminal)."""
    from textual.pilot import Pilot

    from carddeck.tui.app import CarddeckApp

    async def quit_once_said(pilot: Pilot[object]) -> None:
        for _ in range(400):
            if getattr(pilot.app, "failed", None) is not None:
                break
            await pilot.pause(0.05)
        await pilot.press("q")

    shown = CarddeckApp.run

    def headless(self: CarddeckApp) -> object:
        return shown(self, headless=True, auto_pilot=quit_once_said)

    monkeypatch.setattr(CarddeckApp, "run", headless)
    monkeypatch.setattr("carddeck.cli.common.has_screen", lambda: True)
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a deck")
    result = run(db=junk)
    assert result.exit_code == 6 and "is not a carddeck database" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert junk.read_text() == "not a deck"


def test_the_default_deck_is_used_without_db(run: Run, tmp_path: Path, clock: object) -> None:
    ok(run("add", "Ann", db=None))
    assert (tmp_path / "xdg-data" / "carddeck" / "deck.sqlite").exists()


def test_log_at_a_terminal_asks_the_method_in_order(
    run: Run, clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(run, "Ann", "--phone", "212 555 0134")
    add(run, "Bob")
    monkeypatch.setattr("carddeck.cli.common.stdin_is_terminal", lambda: True)
    # answered? channel (Enter: call), rating (11 is asked again), interest, notch, rating
    # again, summary, next (Enter takes the proposal), then the back of the deck
    answers = "y\n\n11\n6\n5\nsee it on their own data\n7\nWent through pricing\n\nb\n"
    result = ok(run("log", "ann", input=answers))
    assert "(212) 555-0134" in result.stdout  # the call sheet, phone as people read it
    assert "a whole number from 1 to 10" in result.stderr  # 11 was asked again
    assert "What would it take to get you to 6?" in result.stdout
    assert "Next follow-up: Mon 23 Nov 09:00 by call (they answered" in result.stdout
    card = data(run("show", "ann", "--json"))
    assert (card["rating"], card["interest"], card["notch"]) == (7, 5, "see it on their own data")
    assert card["contacts"][0]["rating"] == 6
    assert card["contacts"][0]["summary"] == "Went through pricing"
    assert card["next_follow_up"] == "2026-11-23T09:00:00-05:00" and card["position"] == 2


def test_log_at_a_terminal_no_answer_with_a_date_of_ones_own(
    run: Run, clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(run, "Ann")
    monkeypatch.setattr("carddeck.cli.common.stdin_is_terminal", lambda: True)
    # no answer, by text, a voicemail, a date that can't be read then one that can, keep
    answers = "n\nt\nleft a voicemail\nwhenever\nthu 10am\n\n"
    result = ok(run("log", "ann", input=answers))
    assert "cannot read 'whenever' as a date" in result.stderr
    assert "Logged #1 Ann: no answer by text (attempt 1 of 7) · next Thu 26 Nov 10:00" in (
        result.stdout
    )
    card = data(run("show", "ann", "--json"))
    assert card["next_follow_up"] == "2026-11-26T10:00:00-05:00" and card["attempts"] == 1
    assert card["contacts"][0]["channel"] == "text"


def test_options_on_the_line_skip_their_steps(
    run: Run, clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(run, "Ann")
    monkeypatch.setattr("carddeck.cli.common.stdin_is_terminal", lambda: True)
    # --rating and --interest given: only the notch is missing, so it and the rest are asked
    answers = "a trial\n\n\n\nt\n"
    result = ok(run("log", "ann", "--rating", "6", "--interest", "5", "--channel", "email",
                    input=answers))  # fmt: skip
    assert "Did they answer?" not in result.stdout and "How?" not in result.stdout
    card = data(run("show", "ann", "--json"))
    assert (card["notch"], card["contacts"][0]["channel"]) == ("a trial", "email")
    # a complete line asks nothing at all, even at a terminal
    done = ok(run("log", "ann", "--no-answer", input=""))
    assert "Logged #1 Ann: no answer" in done.stdout


def test_log_without_a_terminal_does_not_wait_for_answers(run: Run, clock: object) -> None:
    add(run, "Ann")
    result = run("log", "ann")
    assert result.exit_code == 2 and "needs --rating and --interest" in result.stderr


def test_lost_asks_before_the_seventh_attempt(
    run: Run, clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(run, "Ann")
    refused = run("lost", "ann", "--reason", "no reply")
    assert refused.exit_code == 1
    assert "only 0 of 7 attempts so far" in refused.stderr and "--yes" in refused.stderr
    assert data(run("show", "ann", "--json"))["status"] == "new"
    monkeypatch.setattr("carddeck.cli.common.stdin_is_terminal", lambda: True)
    assert run("lost", "ann", "--reason", "no reply", input="n\n").exit_code == 1
    assert data(run("show", "ann", "--json"))["status"] == "new"
    ok(run("lost", "ann", "--reason", "no reply", input="y\n"))
    assert data(run("show", "ann", "--json"))["status"] == "lost"


def test_deal_prints_why(run: Run, clock: object) -> None:
    assert "Nothing is due today" in ok(run("deal")).stdout
    add(run, "Ann", "--next", "+1h")
    out = ok(run("deal")).stdout
    assert "1. #1 Ann: score 7 = 0 days overdue x3 + interest 0 + rating 0 + 7 attempts left" in out


def test_stats_json_and_chart(run: Run, clock: object) -> None:
    add(run, "Ann", "--source", "Google Ads")
    ok(run("log", "ann", "--rating", "5", "--interest", "4", "--notch", "x"))
    ok(run("won", "ann"))
    board = data(run("stats", "--json"))
    assert board["close_rate"]["close_rate"] == 1.0
    assert board["by_source"][0]["name"] == "Google Ads"
    assert board["answered_at_attempt"] == {"1": 1}
    drawn = ok(run("stats", "--by", "week")).stdout
    assert "by week" in drawn and "by source" in drawn and "█" in drawn
    assert run("stats", "--by", "year").exit_code == 2


def test_help_reads_in_words(run: Run) -> None:
    for command in ("log", "list", "add", "import", "undo-import"):
        shown = ok(run(command, "--help")).stdout
        for python_type in ("<bool>", "<str>", "<int>", "list[str]"):
            assert python_type not in shown, (command, python_type)
    assert "{CARD}" in ok(run("log", "--help")).stdout


def test_relative_dates_skip_days_off_and_a_named_day_off_is_said(run: Run, clock: object) -> None:
    add(run, "Ann")
    ok(run("nurture", "ann", "--until", "+3w"))  # Friday + 3 weeks: Fri 11 Dec, a workday
    add(run, "Bob", "--next", "+1d")  # Saturday: moves on to Monday
    assert data(run("show", "bob", "--json"))["next_follow_up"] == "2026-11-23T09:00:00-05:00"
    sat = run("add", "Cy", "--next", "sat 10am")  # named: kept, and said
    assert "Sat 21 Nov 2026 is not one of your working days" in ok(sat).stderr
    assert data(run("show", "cy", "--json"))["next_follow_up"] == "2026-11-21T10:00:00-05:00"


def test_log_says_where_the_card_went(run: Run, clock: object) -> None:
    add(run, "Ann")
    add(run, "Bob")
    out = ok(run("log", "ann", "--no-answer", "--back")).stdout
    assert out.rstrip().endswith("· to the back")
    assert [c["name"] for c in data(run("list", "--json"))] == ["Bob", "Ann"]


def test_phones_read_well_in_show_and_today(run: Run, clock: object) -> None:
    add(run, "Ann Lee", "--phone", "212 555 0134")
    add(run, "Bob Stone", "--phone", "+44 20 7946 0958")
    assert "(212) 555-0134" in ok(run("show", "ann")).stdout
    today = ok(run("today")).stdout
    assert "(212) 555-0134" in today and "+44 20 7946 0958" in today
    assert "Bob Stone" in today  # a name is not cut where there is room


def test_a_new_lead_scheduled_later_is_not_todays_call_yet(run: Run, clock: object) -> None:
    add(run, "Window")  # no date: due within its first-contact window
    add(run, "Scheduled", "--next", "wed 3pm")  # the owner's own date, beyond the window
    add(run, "Tonight", "--next", "today 11pm")
    agenda = data(run("today", "--json"))
    new = {lead["name"]: lead for lead in agenda["new"]}
    assert set(new) == {"Window", "Tonight"}
    assert new["Tonight"]["first_contact_due"] == "2026-11-20T23:00:00-05:00"
    assert new["Tonight"]["hours_left"] == 4.5
    sections = ("overdue", "due_today", "new", "cold", "customers")
    assert all("Scheduled" not in [c["name"] for c in agenda[s]] for s in sections)
