"""Customers and deal values on the command line: won (again), customers, today's
check-ins, add/edit --value, the money in stats, and the value through export/import."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import time_machine

from tests.cli.conftest import Run, data, ok
from tests.helpers import at, digest


def add(run: Run, *args: str) -> int:
    return int(ok(run("add", *args)).stdout.strip())


def test_won_again_is_a_repeat_sale_and_customers_list_them(
    run: Run, clock: time_machine.Coordinates
) -> None:
    add(run, "Ann Lee", "--value", "$1,200", "--source", "Google Ads")
    add(run, "Bob Stone", "--source", "Trade show")
    assert data(run("show", "ann", "--json"))["value"] == 120000
    assert "$1,200" in ok(run("show", "ann")).stdout  # on the card's face
    said = ok(run("won", "ann")).stdout
    assert said == "Won: #1 Ann Lee ($1,200) · check in Thu 18 Feb 09:00\n"
    said = ok(run("won", "bob", "--check-in", "2027-01-05", "--value", "800")).stdout
    assert said == "Won: #2 Bob Stone ($800) · check in Tue 05 Jan 09:00\n"
    said = ok(run("won", "ann", "--value", "500.50", "--no-check-in")).stdout
    assert said == "Repeat sale: #1 Ann Lee (sale 2, $500.50) · no check-in planned\n"
    rows = data(run("customers", "--json"))
    assert [(c["name"], c["sales"], c["sales_value"], c["next_follow_up"]) for c in rows] == [
        ("Bob Stone", 1, 80000, "2027-01-05T09:00:00-05:00"),
        ("Ann Lee", 2, 170050, None),
    ]
    table = ok(run("customers")).stdout
    assert "$1,700.50" in table and "Bob Stone" in table
    sales = data(run("stats", "--json"))["sales"]
    assert (sales["sales"], sales["repeat_sales"], sales["value"]) == (3, 1, 250050)
    assert sales["by_source"][0] == {"source": "Google Ads", "sales": 2, "value": 170050}
    drawn = ok(run("stats", "--by", "week")).stdout
    assert "won value by week" in drawn and "won value by source" in drawn
    assert "top customers by sales value" in drawn
    undone = ok(run("undo")).stdout
    assert "Undid the repeat sale of #1 Ann Lee" in undone
    assert data(run("customers", "--json"))[1]["sales"] == 1


def test_a_customer_comes_due_and_is_logged(run: Run, clock: time_machine.Coordinates) -> None:
    add(run, "Ann Lee")
    ok(run("won", "ann"))
    clock.move_to(at(2027, 2, 17, 12))
    assert data(run("today", "--json"))["customers"] == []
    clock.move_to(at(2027, 2, 18, 12))
    agenda = data(run("today", "--json"))
    assert [c["name"] for c in agenda["customers"]] == ["Ann Lee"]
    assert "customers to check in (1)" in ok(run("today")).stdout
    logged = ok(run("log", "ann", "--rating", "8", "--interest", "7", "--notch", "a bigger plan"))
    assert "next Wed 19 May 09:00" in logged.stdout
    assert "a customer: the next check-in" in logged.stderr
    card = data(run("show", "ann", "--json"))
    assert (card["status"], card["rating"], card["interest"], card["notch"]) == (
        "won", 8, 7, "a bigger plan")  # fmt: skip
    assert data(run("today", "--json"))["customers"] == []


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["won", "ann", "--value", "-5"], 1, "cannot be negative"),
        (["won", "ann", "--value", "lots"], 1, "'lots' is not an amount"),
        (["won", "ann", "--value", "1e99"], 1, "not an amount"),
        (["won", "ann", "--value", "9,999,999,999,999"], 1, "more than any deal"),
        (["won", "ann", "--check-in", "+1d", "--no-check-in"], 2, "not both"),
        (["won", "ann", "--check-in", "yesterday"], 1, "in the past"),
        (["won", "lost"], 1, "is lost; reopen it"),
        (["add", "Cy", "--value", "twelve"], 1, "'twelve' is not an amount"),
        (["edit", "ann", "--value", "-1"], 1, "cannot be negative"),
        (["log", "lost", "--rating", "5", "--interest", "5", "--notch", "x"], 1, "is lost"),
    ],
)  # fmt: skip
def test_bad_values_and_wins_are_one_line(
    run: Run, clock: object, deck_at: str, args: list[str], code: int, said: str
) -> None:
    add(run, "Ann")
    add(run, "Lost")
    ok(run("lost", "lost", "--reason", "price", "--yes"))
    before = digest(deck_at)
    result = run(*args)
    assert result.exit_code == code, result.output
    assert result.stderr.count("\n") == 1 and said in result.stderr, result.stderr
    assert digest(deck_at) == before
    assert data(run("customers", "--json")) == []


def test_edit_sets_and_clears_the_value(run: Run, clock: object) -> None:
    add(run, "Ann")
    assert "value changed" in ok(run("edit", "ann", "--value", "1,200.50")).stdout
    assert data(run("show", "ann", "--json"))["value"] == 120050
    ok(run("edit", "ann", "--value", ""))
    assert data(run("show", "ann", "--json"))["value"] is None


def test_the_currency_and_check_in_settings(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    config = tmp_path / "mine.toml"
    config.write_text('currency = "eur"\ncheck_in_days = 30\n')
    monkeypatch.setenv("CARDDECK_CONFIG", str(config))
    add(run, "Ann", "--value", "1200")
    assert (
        ok(run("won", "ann")).stdout == "Won: #1 Ann (1,200.00 EUR) · check in Mon 21 Dec 09:00\n"
    )
    shown = ok(run("config", "show")).stdout
    assert 'currency = "EUR"' in shown and "check_in_days = 30" in shown
    config.write_text('currency = "euros"\ncheck_in_days = 0\n')
    warned = ok(run("list")).stderr
    assert "currency = 'euros': expected a three-letter currency code" in warned
    assert "check_in_days = 0: expected a whole number of days" in warned


def test_the_value_goes_through_export_and_import(run: Run, tmp_path: Path, clock: object) -> None:
    add(run, "Ann", "--value", "1,200.50", "--email", "ann@x.example")
    add(run, "Bob", "--email", "bob@x.example")
    original = {c["name"]: c for c in data(run("list", "--json"))}
    out = tmp_path / "deck.csv"
    ok(run("export", str(out)))
    fresh = tmp_path / "fresh.sqlite"
    ok(run("import", str(out), db=fresh))
    assert {c["name"]: c for c in data(run("list", "--json", db=fresh))} == original
    whole = tmp_path / "deck.json"
    ok(run("export", str(whole)))
    other = tmp_path / "other.sqlite"
    ok(run("import", str(whole), db=other))
    assert data(run("show", "ann", "--json", db=other))["value"] == 120050
    # an export from before deal values (no value, address, other emails or phones)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    older = tmp_path / "older.csv"
    with older.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(row[:-4] for row in rows)
    oldest = tmp_path / "oldest.sqlite"
    ok(run("import", str(older), db=oldest))
    back = data(run("show", "ann", "--json", db=oldest))
    assert back["value"] is None and back["version"] == original["Ann"]["version"]


def test_check_passes_a_customer_with_a_check_in_and_not_a_lost_card_with_a_date(
    run: Run, deck_at: str, clock: object
) -> None:
    from sqlalchemy import create_engine, text

    add(run, "Ann Lee")
    add(run, "Bob Stone")
    ok(run("won", "ann"))
    ok(run("lost", "bob", "--reason", "price", "--yes"))
    assert data(run("show", "ann", "--json"))["next_follow_up"] is not None
    assert run("check").exit_code == 0
    engine = create_engine(deck_at if "://" in deck_at else f"sqlite:///{deck_at}")
    with engine.begin() as conn:  # a lost card given a date behind the deck's back
        conn.execute(text("UPDATE card SET next_follow_up = updated_at WHERE id = 2"))
    engine.dispose()
    checked = run("check")
    assert checked.exit_code == 6
    assert "#2 is lost but still has a next date" in checked.output
    assert "#1" not in checked.output


def test_the_committed_sample_deck_passes_check(run: Run, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "sample.sqlite"
    shutil.copy(Path(__file__).parents[2] / "sample_deck.sqlite", copy)
    assert data(run("customers", "--json", db=copy))  # it has customers with check-ins
    checked = run("check", db=copy)
    assert checked.exit_code == 0, checked.output


def test_customers_json_gives_the_place_list_json_gives(run: Run, clock: object) -> None:
    for name in ("Ann Lee", "Bob Stone", "Cy Young"):
        add(run, name)
    ok(run("won", "cy", "--check-in", "2027-01-05"))
    ok(run("won", "ann", "--check-in", "2027-02-05"))
    placed = {c["id"]: c["position"] for c in data(run("list", "--all", "--json"))}
    rows = data(run("customers", "--json"))
    assert [c["name"] for c in rows] == ["Cy Young", "Ann Lee"]
    assert [c["position"] for c in rows] == [placed[c["id"]] for c in rows]
    assert all(isinstance(c["position"], int) for c in rows)


def test_a_repeat_sale_is_said_in_the_history_and_by_undo(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    config = tmp_path / "mine.toml"
    config.write_text('currency = "EUR"\n')
    monkeypatch.setenv("CARDDECK_CONFIG", str(config))
    add(run, "Ann Lee")
    ok(run("won", "ann", "--value", "800"))
    ok(run("won", "ann", "--value", "1200"))
    history = ok(run("history", "ann")).stdout
    assert "won: repeat sale, 1,200.00 EUR" in history, history
    assert "no field changed" not in history
    assert ok(run("undo")).stdout.startswith("Undid the repeat sale of #1 Ann Lee")
    assert ok(run("undo")).stdout.startswith("Undid the win of #1 Ann Lee")


def _currency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str) -> None:
    config = tmp_path / "mine.toml"
    config.write_text(f'currency = "{code}"\n')
    monkeypatch.setenv("CARDDECK_CONFIG", str(config))


@pytest.mark.parametrize(
    ("currency", "typed", "said"),
    [("USD", "€100", "'€100' is in EUR, but this deck's currency is USD"),
     ("USD", "100 EUR", "'100 EUR' is in EUR, but this deck's currency is USD"),
     ("EUR", "$5", "'$5' is in dollars ($), but this deck's currency is EUR"),
     ("CAD", "US$5", "'US$5' is in USD, but this deck's currency is CAD"),
     ("EUR", "lots", "'lots' is not an amount; give one such as 1200, 1,200.50 or €1200"),
     ("SEK", "lots", "give one such as 1200, 1,200.50 or 1200 SEK")],
)  # fmt: skip
def test_an_amount_in_another_currency_is_refused(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: object, deck_at: str,
    currency: str, typed: str, said: str,
) -> None:  # fmt: skip
    _currency(tmp_path, monkeypatch, currency)
    add(run, "Ann")
    before = digest(deck_at)
    result = run("add", "Bo", "--value", typed)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.output
    assert said in result.stderr, result.stderr
    assert digest(deck_at) == before
    assert data(run("show", "ann", "--json"))["value"] is None


def test_an_amount_in_the_decks_own_currency_is_taken(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    _currency(tmp_path, monkeypatch, "EUR")
    assert data(run("show", str(add(run, "Ann", "--value", "€1,200.50")), "--json"))["value"] == (
        120050
    )
    assert data(run("show", str(add(run, "Bo", "--value", "99 eur")), "--json"))["value"] == 9900


def test_an_unknown_currency_code_is_warned_of(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    _currency(tmp_path, monkeypatch, "ZZZ")
    warned = ok(run("list")).stderr
    assert warned.count("warning:") == 1 and "currency = 'ZZZ'" in warned, warned
    assert "ISO 4217" in warned


def test_a_currency_without_cents_shows_none(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    _currency(tmp_path, monkeypatch, "JPY")
    add(run, "Ann", "--value", "1200")
    assert "(1,200 JPY)" in ok(run("won", "ann")).stdout
    assert "1,200 JPY" in ok(run("customers")).stdout
    assert "1,200.00" not in ok(run("stats")).stdout


def test_the_money_tables_show_a_dash_without_values_and_round_per_lead(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    _currency(tmp_path, monkeypatch, "EUR")
    for name in ("Ann", "Bo", "Cy"):
        add(run, name, "--source", "Fair")
    add(run, "Di", "--source", "Web")
    ok(run("won", "ann", "--value", "1400"))
    ok(run("won", "di"))  # a sale without a value
    drawn = ok(run("stats")).stdout
    table = drawn[drawn.index("won value by source") :].splitlines()
    (fair,) = [line for line in table if line.strip().startswith("Fair")]
    (web,) = [line for line in table if line.strip().startswith("Web")]
    assert "466.67 EUR" in fair and "466.66" not in fair, fair
    assert "0.00" not in web and web.split()[-2:] == ["-", "-"], web
