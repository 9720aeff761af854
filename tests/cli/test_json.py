"""``--json`` on the commands that change the deck: one shape (README, "JSON output"), the
cards as they are after the change, nothing else on stdout, no questions asked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Run, data, ok

#: Every changing command's JSON has these keys first (then its own fields).
CHANGE = ["command", "cards", "removed", "warnings", "notes"]


def change(run: Run, *args: str) -> dict[str, Any]:
    """A command's --json, checked to be the change shape."""
    found = data(run(*args, "--json"))
    assert list(found)[: len(CHANGE)] == CHANGE, found
    assert found["command"] == args[0]
    return found


def one(found: dict[str, Any]) -> dict[str, Any]:
    (card,) = found["cards"]
    return card


def test_add_and_edit_print_the_card_as_list_does(run: Run, clock: object) -> None:
    added = change(run, "add", "Ann Lee", "--phone", "212-555-0134", "--email", "ann@x.example")
    card = one(added)
    assert card == data(run("list", "--json"))[0]  # the very shape of list --json
    assert (card["id"], card["name"], card["phone"], card["position"]) == (
        1, "Ann Lee", "+12125550134", 1,
    )  # fmt: skip
    assert added["first_contact_due"] == "2026-11-23T18:30:00-05:00"
    assert added["notes"] == ["first contact due by Mon 23 Nov 18:30 (24 hours of working days)"]
    assert added["removed"] == [] and added["duplicates"] == []
    twin = change(run, "add", "Ann Two", "--email", "ann@x.example", "--back")
    assert one(twin)["position"] == 2
    assert twin["warnings"] == ["#1 Ann Lee has the same email: a duplicate?"]
    assert twin["duplicates"] == [
        {"card_id": 1, "name": "Ann Lee", "same": "email", "do_not_contact": False}
    ]
    edited = change(run, "edit", "1", "--company", "Acme", "--need", "more leads")
    assert edited["changed"] == ["company", "need"]
    assert one(edited)["company"] == "Acme" and one(edited)["version"] == 2


def test_log_prints_the_contact_and_the_proposal(run: Run, clock: object) -> None:
    ok(run("add", "Ann"))
    logged = change(run, "log", "ann", "--rating", "7", "--interest", "6", "--notch", "a visit")
    assert one(logged)["rating"] == 7 and one(logged)["notch"] == "a visit"
    contact = logged["contact"]
    assert (contact["card_id"], contact["reached"], contact["interest"]) == (1, True, 6)
    assert logged["proposal"]["reason"] == "answered" and logged["took_proposal"] is True
    assert logged["proposal"]["when"] == one(logged)["next_follow_up"]
    missed = change(run, "log", "ann", "--no-answer", "--next", "+2b", "--back")
    assert missed["contact"]["reached"] is False and missed["took_proposal"] is False
    assert missed["place"] == "back" and one(missed)["attempts"] == 1


def test_log_and_lost_never_ask_with_json(
    run: Run, clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(run("add", "Ann"))
    monkeypatch.setattr("carddeck.cli.common.stdin_is_terminal", lambda: True)
    log = run("log", "ann", "--json", input="y\n")  # a terminal, but --json does not ask
    assert log.exit_code == 2 and log.stdout == ""
    assert log.stderr.strip() == (
        "carddeck: log needs --rating and --interest (or --no-answer if nobody answered)"
    )
    lost = run("lost", "ann", "--reason", "no reply", "--json", input="y\n")
    assert lost.exit_code == 1 and lost.stdout == ""
    assert lost.stderr.startswith("carddeck: #1 Ann: only 0 of 7 attempts so far")
    assert len(lost.stderr.splitlines()) == 1
    erase = run("erase", "ann", "--json", input="y\n")
    assert erase.exit_code == 1 and "--yes erases them" in erase.stderr
    assert data(run("show", "ann", "--json"))["status"] == "new"
    found = change(run, "lost", "ann", "--reason", "no reply", "--yes")
    assert one(found)["status"] == "lost" and one(found)["lost_reason"] == "no reply"


def test_the_status_commands(run: Run, clock: object) -> None:
    for name in ("Ann", "Bob", "Cy"):
        ok(run("add", name))
    assert one(change(run, "won", "ann"))["status"] == "won"
    reopened = one(change(run, "reopen", "ann", "--next", "+1d"))
    assert reopened["status"] == "new" and reopened["next_follow_up"].startswith("2026-11-23")
    nurtured = one(change(run, "nurture", "bob", "--until", "2026-12-15"))
    assert nurtured["status"] == "nurture"
    assert nurtured["next_follow_up"].startswith("2026-12-15")
    dnc = one(change(run, "dnc", "cy"))
    assert (dnc["id"], dnc["status"], dnc["next_follow_up"]) == (3, "do_not_contact", None)
    refused = run("reopen", "cy", "--json")
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr.startswith("carddeck: ") and len(refused.stderr.splitlines()) == 1


def test_shuffle_deal_and_undo(run: Run, clock: object) -> None:
    ok(run("add", "Ann", "--next", "+1h"))
    ok(run("add", "Bob", "--next", "+2h", "--back"))
    moved = change(run, "shuffle", "ann", "--back")
    assert (one(moved)["id"], one(moved)["position"], moved["total"]) == (1, 2, 2)
    dealt = change(run, "deal")
    order = [d["id"] for d in dealt["dealt"]]  # both due tonight, the best first
    assert sorted(order) == [1, 2] and [c["id"] for c in dealt["cards"]] == order
    assert [c["position"] for c in dealt["cards"]] == [1, 2]
    assert dealt["dealt"][0]["score"] >= dealt["dealt"][1]["score"]
    undone = change(run, "undo")
    assert undone["undone"]["kind"] == "deal" and sorted(undone["undone"]["card_ids"]) == [1, 2]
    assert {c["id"]: c["position"] for c in undone["cards"]} == {1: 2, 2: 1}
    change(run, "undo")  # the shuffle
    gone = change(run, "undo")  # Bob's add: the card is taken away
    assert gone["undone"]["kind"] == "add" and gone["removed"] == [2] and gone["cards"] == []
    assert change(run, "undo")["removed"] == [1]  # Ann's add
    nothing = run("undo", "--json")
    assert nothing.exit_code == 1 and nothing.stdout == ""
    assert nothing.stderr == "carddeck: nothing to undo\n"


def test_erase(run: Run, clock: object) -> None:
    ok(run("add", "Ann", "--email", "ann@x.example"))
    ok(run("log", "ann", "--no-answer"))
    erased = change(run, "erase", "ann", "--yes")
    assert erased["cards"] == [] and erased["removed"] == [1] and erased["contacts_erased"] == 1
    assert any("backups taken before now" in n or "copies" in n for n in erased["notes"])


def test_take_assign_and_junk(run: Run, clock: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDDECK_SELLER", "Ann")
    for name in ("Lead One", "Lead Two", "Spam"):
        ok(run("add", name))
    assert one(change(run, "take", "1"))["owner"] == "Ann"
    assert one(change(run, "assign", "2", "Sam"))["owner"] == "Sam"
    junked = one(change(run, "junk", "spam"))
    assert (junked["id"], junked["status"]) == (3, "junk")
    assert data(run("whoami", "--json")) == {"seller": "Ann", "from": "$CARDDECK_SELLER"}


LEADS = "Name,Email,Phone\nCat Ray,cat@x.example,\nAnn L,ann@x.example,212 555 0134\nbad,nope,\n"


def test_import_its_dry_run_and_undo_import(run: Run, clock: object, tmp_path: Path) -> None:
    ok(run("add", "Ann Lee", "--email", "ann@x.example"))
    leads = tmp_path / "leads.csv"
    leads.write_text(LEADS)
    args = ("import", str(leads), "--on-duplicate", "merge", "--skip-bad-rows")
    dry = change(run, *args, "--dry-run")
    assert dry["dry_run"] is True and dry["batch"]["id"] is None
    assert (dry["batch"]["added"], dry["batch"]["merged"], dry["batch"]["skipped"]) == (1, 1, 1)
    assert dry["added"] == [] and dry["merged"] == [1]  # would be: no id is kept for Cat
    cat, ann = dry["cards"]
    assert (cat["id"], cat["name"], cat["position"]) == (None, "Cat Ray", 2)
    assert list(cat) == list(ann)  # the card shape, nothing added
    assert (ann["id"], ann["phone"]) == (1, "+12125550134")  # as the merge would leave it
    assert dry["problems"] == [f"{leads}:4: column 'Email': invalid email 'nope': "
                               "An email address must have an @-sign."]  # fmt: skip
    assert dry["mapping"][0] == {"column": "Name", "field": "name"} and dry["rows"] == 3
    assert data(run("imports", "--json")) == [] and len(data(run("list", "--json"))) == 1
    assert data(run("show", "1", "--json"))["phone"] is None

    done = change(run, *args)
    assert done["dry_run"] is False and done["batch"] == data(run("imports", "--json"))[0]
    (cat_id,) = done["added"]  # (a server's ids go on past the dry run's)
    assert done["merged"] == [1]
    assert [(c["id"], c["name"]) for c in done["cards"]] == [(cat_id, "Cat Ray"), (1, "Ann Lee")]
    assert done["cards"][1]["phone"] == "+12125550134"
    assert done["duplicates"] == ["line 3: Ann L has the same email as #1 Ann Lee: merged"]

    batch = str(done["batch"]["id"])
    undone = change(run, "undo-import", batch)
    assert undone["removed"] == [cat_id] and undone["restored"] == [1]
    assert [(c["id"], c["phone"]) for c in undone["cards"]] == [(1, None)]
    assert undone["batch"]["undone_at"] is not None
    again = run("undo-import", batch, "--json")
    assert again.exit_code == 1 and again.stdout == ""
    assert again.stderr == f"carddeck: import #{batch} was already undone\n"


def test_a_bad_import_with_json_is_one_line_and_no_json(
    run: Run, clock: object, tmp_path: Path
) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text(LEADS)
    failed = run("import", str(leads), "--json")
    assert failed.exit_code == 1 and failed.stdout == ""
    assert failed.stderr.startswith(f"carddeck: {leads}:4: ") and "nothing was imported" in (
        failed.stderr
    )
    assert data(run("list", "--json")) == []


def test_config_show_says_where_each_setting_came_from(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "mine.toml"
    monkeypatch.setenv("CARDDECK_CONFIG", str(config))
    shown = data(run("config", "show", "--json"))
    assert (shown["file"], shown["exists"], shown["warnings"]) == (str(config), False, [])
    assert shown["settings"]["phone_region"] == {"value": "US", "from": "default"}
    assert all(s["from"] == "default" for s in shown["settings"].values())
    config.write_text('phone_region = "GB"\nwork_days = ["mon", "tue"]\nusual_hour = "teatime"\n'
                      'holidays = ["2026-12-25"]\ncadence = [1, 3]\n')  # fmt: skip
    shown = data(run("config", "show", "--json"))
    settings = shown["settings"]
    assert settings["phone_region"] == {"value": "GB", "from": "file"}
    assert settings["work_days"] == {"value": ["mon", "tue"], "from": "file"}
    assert settings["usual_hour"] == {"value": "09:00", "from": "default"}  # a bad value
    assert settings["holidays"] == {"value": ["2026-12-25"], "from": "file"}
    assert settings["cadence"] == {"value": [1, 3], "from": "file"}
    assert settings["default_channel"] == {"value": "call", "from": "default"}
    assert shown["exists"] is True and len(shown["warnings"]) == 1
    assert "usual_hour" in shown["warnings"][0]
    assert data(run("config", "path", "--json")) == {"file": str(config), "exists": True}


def test_the_installed_command_prints_only_json(deck_at: str) -> None:
    import json

    from tests.cli.test_installed import carddeck

    added = carddeck("add", "Ann Lee", "--email", "ann@x.example", "--json", env_db=deck_at)
    assert added.returncode == 0, added.stderr
    card = one(json.loads(added.stdout))  # nothing else on stdout
    assert (card["id"], card["name"], card["email"]) == (1, "Ann Lee", "ann@x.example")
    twin = carddeck("add", "Ann Two", "--email", "ann@x.example", "--json", env_db=deck_at)
    said = json.loads(twin.stdout)
    assert said["warnings"] == ["#1 Ann Lee has the same email: a duplicate?"]
    assert "warning: #1 Ann Lee has the same email: a duplicate?" in twin.stderr  # both
    logged = carddeck("log", "1", "--rating", "8", "--interest", "7", "--notch", "a demo",
                      "--json", env_db=deck_at)  # fmt: skip
    assert json.loads(logged.stdout)["contact"]["notch"] == "a demo", logged.stderr
    won = json.loads(carddeck("won", "1", "--json", env_db=deck_at).stdout)
    assert (won["command"], one(won)["status"]) == ("won", "won")
    bad = carddeck("won", "nobody", "--json", env_db=deck_at)
    assert bad.returncode == 3 and bad.stdout == ""
    assert bad.stderr.startswith("carddeck: ") and len(bad.stderr.splitlines()) == 1


def test_a_big_import_shows_every_card_at_its_place(
    run: Run, clock: object, tmp_path: Path
) -> None:
    ok(run("add", "Ann Lee", "--email", "ann@x.example"))
    leads = tmp_path / "many.csv"
    rows = [f"Lead {n},lead{n}@x.example" for n in range(60)]
    leads.write_text("Name,Email\n" + "\n".join(rows) + "\nAnn Lee,ann@x.example\n")
    done = change(run, "import", str(leads))
    assert len(done["added"]) == 60 and done["merged"] == []
    assert done["batch"]["skipped"] == 1 and done["cards"][0]["name"] == "Lead 0"
    listed = {c["id"]: c for c in data(run("list", "--json"))}
    assert done["cards"] == [listed[i] for i in done["added"]]  # places counted over the deck
    assert [c["position"] for c in done["cards"]] == list(range(2, 62))
    undone = change(run, "undo-import", str(done["batch"]["id"]))
    assert undone["removed"] == done["added"] and undone["cards"] == []


@pytest.mark.sqlite_only  # backup and restore work on a deck file
def test_backup_restore_and_check(run: Run, clock: object, tmp_path: Path, db_path: Path) -> None:
    ok(run("add", "Ann"))
    copy = tmp_path / "copy.sqlite"
    backed = change(run, "backup", str(copy))
    assert (backed["cards"], backed["backup"], backed["deck"]) == ([], str(copy), str(db_path))
    ok(run("add", "Bob"))
    checked = change(run, "check")
    assert checked["intact"] is True and checked["counts"] == {"cards": 2, "contacts": 0}
    restored = change(run, "restore", str(copy))
    assert restored["restored_from"] == str(copy) and restored["kept"]
    assert restored["notes"] == [f"the deck as it was is kept at {restored['kept']}"]
    assert [c["name"] for c in data(run("list", "--json"))] == ["Ann"]


def test_copy(run: Run, clock: object, tmp_path: Path) -> None:
    ok(run("add", "Ann"))
    target = tmp_path / "copied.sqlite"
    copied = change(run, "copy", "--to", str(target))
    assert copied["cards"] == [] and copied["rows"]["card"] == 1
    assert str(target) in copied["to"]


def test_the_days_lists_are_bounded_and_say_so(run: Run, clock: object) -> None:
    """``today --json`` and ``list --due --json`` (on either backend): the first of each,
    how many in all, the limit, whether cut; each card at its place in the whole deck."""
    for name in ("Ann", "Bob", "Cy"):
        ok(run("add", name, "--next", "+1h", "--back"))
    ok(run("add", "Later", "--next", "+9d"))  # at the top, not due
    agenda = data(run("today", "--json", "--limit", "2"))
    assert list(agenda) == ["overdue", "due_today", "new", "cold", "customers", "counts",
                            "total", "limit", "cut"]  # fmt: skip
    assert [c["name"] for c in agenda["new"]] == ["Ann", "Bob"]
    assert agenda["counts"] == {"overdue": 0, "due_today": 0, "new": 3, "cold": 0,
                                "customers": 0}  # fmt: skip
    assert (agenda["total"], agenda["limit"], agenda["cut"]) == (3, 2, True)
    due = data(run("list", "--due", "--json", "--limit", "2"))
    assert list(due) == ["cards", "total", "limit", "cut"]
    assert [(c["name"], c["position"]) for c in due["cards"]] == [("Ann", 2), ("Bob", 3)]
    assert (due["total"], due["limit"], due["cut"]) == (3, 2, True)
    whole = data(run("list", "--due", "--json", "--limit", "0"))
    assert (len(whole["cards"]), whole["total"]) == (3, 3)
    assert (whole["limit"], whole["cut"]) == (None, False)
