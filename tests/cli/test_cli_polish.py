"""What a new user's trial found in the CLI's wording: each said once, in our words."""

from __future__ import annotations

from tests.cli.conftest import Run, ok


def test_add_says_its_duplicates_in_one_line_as_the_screen_does(run: Run, clock: object) -> None:
    for n in range(6):
        ok(run("add", f"Ann {n + 1}", "--phone", "+1 415 555 0100"))
    said = ok(run("add", "Bob", "--phone", "+1 415 555 0100")).stderr.splitlines()
    twins = [line for line in said if "same phone" in line]
    assert twins == [
        "warning: 5 or more cards have the same phone: #1 Ann 1, #2 Ann 2, #3 Ann 3 and more: "
        "duplicates?"
    ]
    ok(run("dnc", "2"))
    refused = run("add", "Zed", "--phone", "+1 415 555 0100")
    assert refused.exit_code == 1 and "asked not to be contacted; not added" in refused.stderr
    forced = ok(run("add", "Zed", "--phone", "+1 415 555 0100", "--force")).stderr
    twins = [line for line in forced.splitlines() if "same phone" in line]
    assert twins[0] == "warning: #2 Ann 2 has the same phone and asked NOT to be contacted"
    assert len(twins) == 2 and twins[1].startswith("warning: 4 or more cards have the same phone")
