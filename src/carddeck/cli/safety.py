"""Keeping the deck safe: back it up, restore a backup, check it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from carddeck.cli.common import (
    Family,
    JsonOpt,
    deck_of,
    fail,
    handled,
    note,
    print_change,
    reading,
    say,
)

app = Family()


def _deck_file(ctx: typer.Context, doing: str) -> Path:
    """The deck's file; a deck on a server is refused, saying what does the same there."""
    from carddeck.paths import deck_location

    location = deck_location(deck_of(ctx).db)
    if location.url is not None:
        raise fail(
            f"{doing} works on a deck file; the deck {location.shown} is on a server: copy "
            "it to or from a file with carddeck copy (or back the server up with pg_dump)"
        )
    return location.path


@app.command()
def backup(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            help="Where to write it (a file or a folder); default: the data "
            "folder's backups/, named by the time.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Back up the deck: a consistent copy, safe while the screen is open (0600)."""
    from carddeck.store import backup as backups

    deck = _deck_file(ctx, "backup")
    if not deck.exists():
        raise fail(f"there is no deck at {deck} to back up")
    if path is None:
        target = backups.ours(backups.named(deck, "manual"))
    else:
        target = Path(path).expanduser()
        if target.is_dir():
            target = target / backups.named(deck, "manual").name
        elif path.endswith(("/", os.sep)):
            raise fail(f"cannot write the backup: folder {target} does not exist")
        if not target.parent.is_dir():
            raise fail(f"cannot write the backup: folder {target.parent} does not exist")
    if backups.same_files(target, deck):
        raise fail(f"{target} is the deck itself (or one of its files): back up somewhere else")
    if target.exists() and not force:
        raise fail(f"{target} exists; --force overwrites it", 1)
    with handled():
        problems = backups.check(deck)
        if problems:
            raise fail(
                f"the deck {deck} is damaged ({problems[0]}); not backed up over good "
                "copies: carddeck restore a backup, or keep the file as it is"
            )
        backups.copy(deck, target)
    if json_:
        return print_change(ctx, [], deck=str(deck), backup=str(target))
    say(f"backed up {deck} to {target}")


@app.command()
def restore(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="The backup to restore.", show_default=False)],
    json_: JsonOpt = False,
) -> None:
    """Put a backup back as the deck; the deck as it was is kept as a backup first."""
    from carddeck.store import backup as backups

    source = Path(path).expanduser()
    deck = _deck_file(ctx, "restore")
    if not source.is_file():
        raise fail(f"{source}: no such backup file")
    if backups.same_files(source, deck):
        raise fail(f"{source} is the deck itself: restore a backup of it")
    with handled():
        problems = backups.check(source)
        if problems:
            raise fail(f"{source} is damaged ({problems[0]}); not restored")
        backups.restorable(source, deck)  # a carddeck deck this carddeck knows, or refused
        kept = backups.keep_aside(deck)
        backups.restore(source, deck)
    if kept is not None:
        note(f"the deck as it was is kept at {kept}")
    if json_:
        shown = str(kept) if kept is not None else None
        return print_change(ctx, [], deck=str(deck), restored_from=str(source), kept=shown)
    say(f"restored {deck} from {source}")


@app.command()
def check(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Check the deck: SQLite's integrity check, then the deck's own rules."""
    from carddeck.deck.check import invariants
    from carddeck.paths import deck_location
    from carddeck.store import backup as backups
    from carddeck.words import plural

    location = deck_location(deck_of(ctx).db)
    deck, shown = location.path, location.shown
    with handled():  # a server checks its own pages; a file is checked by SQLite
        damage = backups.check(deck) if location.url is None and deck.exists() else []
    if damage:
        for problem in damage[:20]:
            note(f"damaged: {problem}")
        found = backups.newest(deck)
        hint = f"carddeck restore {found}" if found else "keep a copy of the file as it is"
        raise fail(f"the deck {deck} is damaged: {hint}")
    with reading(ctx) as (session, _):
        found_ = invariants(session)
    for problem in found_.problems[:50]:
        note(f"problem: {problem}")
    if found_.cold:
        cold = ", ".join(f"#{n}" for n in found_.cold[:10])
        more = f" and {len(found_.cold) - 10} more" if len(found_.cold) > 10 else ""
        note(f"{plural(len(found_.cold), 'open card')} with no next date (cold): {cold}{more}")
    if found_.problems:
        raise fail(f"{plural(len(found_.problems), 'problem')} in {shown}")
    if json_:
        counts = {"cards": found_.cards, "contacts": found_.contacts}
        return print_change(ctx, [], deck=location.shown, intact=True, counts=counts,
                            cold=list(found_.cold))  # fmt: skip
    say(
        f"{shown}: intact; {plural(found_.cards, 'card')}, {plural(found_.contacts, 'contact')}; "
        "places unique, attempts match the contacts"
    )


@app.command()
def copy(
    ctx: typer.Context,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="Where the copy goes: a deck file, or a PostgreSQL URL "
            "(postgresql://user@host/db).",
            show_default=False,
        ),
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--from", help="The deck to copy (default: the deck in use).", show_default=False
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a deck the target already holds.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Copy a whole deck to a file or a server (and back): every card, contact, import and
    undo step, ids kept, checked field by field afterwards."""
    from carddeck.paths import deck_location
    from carddeck.store.copy import copy_deck
    from carddeck.store.engine import open_store
    from carddeck.words import plural

    deck = deck_of(ctx)
    for option, given in (("--to", to), ("--from", source)):
        if given is not None and not given.strip():
            raise fail(f"{option} is empty: name a deck file or a postgresql:// URL", 2)
    with handled():
        origin_at = deck_location(source) if source is not None else None
    if origin_at is not None and origin_at.url is None and not origin_at.path.is_file():
        raise fail(f"--from {source}: there is no deck file there to copy")
    with handled():
        origin = deck.store() if source is None else open_store(deck_location(source), say=note)
        target = open_store(deck_location(to), say=note)
        try:
            done = copy_deck(origin, target, force=force)
        finally:
            target.close()
            if source is not None:
                origin.close()
    rows = done.rows
    if json_:
        return print_change(ctx, [], copied_from=origin.where, to=target.where, rows=rows)
    counted = [plural(rows.get(t, 0), word) for t, word in
               (("card", "card"), ("contact", "contact"), ("sale", "sale"),
                ("import_batch", "import"), ("erased", "erasure"))]  # fmt: skip
    say(
        f"copied {', '.join(counted)} and {plural(rows.get('change', 0), 'change')} of the "
        f"journal from {origin.where} to {target.where}; checked: every row the same"
    )
