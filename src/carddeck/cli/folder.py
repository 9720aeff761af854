"""``carddeck import FOLDER``: one pass over a drop folder (for cron or a timer), or
``--watch`` it, with a status line at a terminal; both say what became of each file."""

from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from carddeck.cli.common import DeckContext, fail, note, say, warn
from carddeck.words import plural, printable

if TYPE_CHECKING:
    from carddeck.deck.droppass import FileOutcome, FolderImport, PassSummary

#: Exit code of a run that was stopped (Ctrl-C, SIGTERM) before it was done: as export.
STOPPED = 130

WAITING = {
    "partial": "still being written (a partial name)",
    "download": "still being written (a partial file beside it)",
    "recent": "still being written (changed just now)",
    "changing": "still being written (it changed while it was read)",
    "busy": "the deck is busy (another program is writing to it)",
}


class Stopper:
    """Ctrl-C and SIGTERM, heard: between passes they stop at once; during a pass the file
    being imported is finished first (a second one stops it, rolled back whole)."""

    def __init__(self) -> None:
        self.asked = False
        self.in_pass = False
        self.out: Any = None  # where to say it (a live status's console, else stderr)

    def __call__(self, _signum: int, _frame: object) -> None:
        if self.asked or not self.in_pass:
            raise KeyboardInterrupt
        self.asked = True
        # said at once: the file may take a while, and a Ctrl-C that seems unheard is
        # pressed again (on a line of its own, not after the terminal's ^C)
        if self.out is None and sys.stderr.isatty():
            typer.echo("", err=True)
        _say_to(self.out, "note: stopping once the file being imported is in; Ctrl-C again "
                          "stops now (that file left as it was)")  # fmt: skip


@contextmanager
def stoppable() -> Iterator[Stopper]:
    stopper = Stopper()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, stopper)
    try:
        yield stopper
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def line(done: FileOutcome, *, dry_run: bool) -> str:
    """What became of one file, in one line."""
    name = done.name
    if done.outcome == "waiting":
        return f"{name}: left for next pass: {WAITING.get(done.waiting or '', done.waiting)}"
    if done.outcome == "failed":
        where = f"; see {_shown(done.note)}" if done.note else ""
        return f"{name}: failed: {_without_name(done.reason or '', name)}{where}"
    if done.outcome == "duplicate":
        if done.same_as is not None:
            first = f"{done.same_as} (the same bytes, in this pass)"
        elif done.batch is not None:
            from carddeck.deck.clock import wall

            at = wall(done.batch.at).strftime("%Y-%m-%d %H:%M")
            first = f"import #{done.batch.id} ({at})"
        else:
            first = "an earlier import"
        moved = "" if dry_run else f", moved to {_shown(done.moved_to) or 'done/ already'}"
        return f"{name}: duplicate of {first}: not imported again{moved}"
    counts = f"{done.added:,} added / {done.merged:,} merged"
    if done.skipped:
        counts += f" / {done.skipped:,} skipped"
    if dry_run:
        return f"{name}: would be imported: {counts}"
    number = f" as #{done.batch.id}" if done.batch is not None else ""
    moved = f", moved to {_shown(done.moved_to)}" if done.moved_to else ""
    where = f"; see {_shown(done.note)}" if done.note else ""
    return f"{name}: imported{number}: {counts}{moved}{where}"


def _shown(path: Path | None) -> str:
    """A filed path as the folder's owner knows it: ``done/leads (2).csv``."""
    return "" if path is None else f"{path.parent.name}/{path.name}"


def _without_name(reason: str, name: str) -> str:
    """The importer's message without the file's name in front (the line starts with it)."""
    for lead in (f"{name}: ", f"{name}:"):
        if reason.startswith(lead):
            rest = reason[len(lead) :]
            return f"line {rest}" if rest[:1].isdigit() else rest
    return reason


def summary_line(s: PassSummary, *, dry_run: bool) -> str:
    verb = "would be imported" if dry_run else "imported"
    parts = [f"{s.imported:,} {verb} ({s.added:,} added / {s.merged:,} merged)",
             plural(s.duplicate, "duplicate"), f"{s.failed:,} failed"]  # fmt: skip
    if s.waiting:
        parts.append(f"{s.waiting:,} left for next pass")
    if s.stuck:
        parts.append(f"{s.stuck:,} could not be moved")
    return "pass done: " + ", ".join(parts)


def _tell(done: FileOutcome, *, dry_run: bool, out: Any = None) -> None:
    text = printable(line(done, dry_run=dry_run))
    if out is not None:
        out.print(text, markup=False, highlight=False)
    else:
        say(text)
    for said in done.warnings:  # rows may be missing: said with the file, and in its note
        _say_to(out, f"warning: {done.name}: {said}")
    if done.stuck:
        stuck = printable(f"warning: {done.name}: {done.stuck}")
        if out is not None:
            out.print(stuck, markup=False, highlight=False)
        else:
            warn(f"{done.name}: {done.stuck}")


def one_pass(deck: DeckContext, folder: Path, options: FolderImport, *, json_: bool) -> None:
    """``carddeck import FOLDER``: exit 0 if every file was handled, 1 if any failed (or
    could not be moved), 130 if stopped."""
    from carddeck.deck import clock
    from carddeck.deck.droppass import PassSummary, pass_to_dict, run_pass
    from carddeck.errors import CarddeckError

    outcomes: list[FileOutcome] = []
    started = clock.now()
    with stoppable() as stopper:
        try:
            stopper.in_pass = True
            for done in run_pass(deck.store(), folder, options, settings=deck.settings):
                outcomes.append(done)
                if not json_:
                    _tell(done, dry_run=options.dry_run)
                if stopper.asked:
                    break
        except KeyboardInterrupt:
            raise fail(
                "import stopped; the file being imported was left as it was", STOPPED
            ) from None
        except CarddeckError as err:
            raise fail(str(err)) from None
    summary = PassSummary.of(outcomes)
    if json_:
        data = pass_to_dict(folder, started, outcomes, dry_run=options.dry_run)
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    elif outcomes:
        say(summary_line(summary, dry_run=options.dry_run))
    if stopper.asked:
        raise fail(f"import stopped after the file it was importing{_left(folder)}", STOPPED)
    if not summary.all_handled:
        raise typer.Exit(1)


def watch(deck: DeckContext, folder: Path, options: FolderImport, *, every: float,
          json_: bool) -> None:  # fmt: skip
    """``carddeck import --watch FOLDER``: a pass every ``every`` seconds until stopped."""
    from carddeck.deck import clock
    from carddeck.deck.dropfolder import Seen
    from carddeck.deck.droppass import PassSummary, pass_to_dict, run_pass
    from carddeck.errors import CarddeckError

    live = not json_ and sys.stdout.isatty() and sys.stderr.isatty()
    seen, told, trouble = Seen(), dict[str, str | None](), None
    totals = PassSummary()
    status: Any = None
    if live:
        from rich.console import Console

        status = Console(stderr=True).status("", spinner="dots")
        status.start()
    else:
        note(f"watching {folder} every {every:g} s; Ctrl-C stops")
    out = status.console if status is not None else None
    with stoppable() as stopper:
        stopper.out = out
        try:
            while not stopper.asked:
                started, outcomes, news = clock.now(), [], False
                stopper.in_pass = True
                try:
                    for done in run_pass(deck.store(), folder, options, seen=seen,
                                         settings=deck.settings):  # fmt: skip
                        outcomes.append(done)
                        fresh = told.get(done.name, "") != done.waiting
                        told[done.name] = done.waiting
                        news = news or fresh
                        if fresh and not json_:
                            _tell(done, dry_run=options.dry_run, out=out)
                        if stopper.asked:
                            break
                    if trouble is not None:
                        _say_to(out, f"note: the deck and {folder} can be used again")
                    trouble = None
                except CarddeckError as err:  # the deck or the folder; tried again next pass
                    if str(err) != trouble:
                        _say_to(out, f"warning: {err}; trying again every {every:g} s")
                    trouble = str(err)
                stopper.in_pass = False
                for gone in set(told) - {o.name for o in outcomes}:
                    del told[gone]
                if json_ and news:
                    data = pass_to_dict(folder, started, outcomes, dry_run=options.dry_run)
                    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
                    sys.stdout.flush()
                summary = PassSummary.of(outcomes)
                totals += summary
                if status is not None:
                    status.update(_status_text(folder, totals, summary.waiting, trouble))
                if not stopper.asked:
                    time.sleep(every)
        except KeyboardInterrupt:
            if stopper.in_pass:
                _stop(status)
                raise fail("stopped while importing; that file was left as it was "
                           "(the next pass takes it)", STOPPED) from None  # fmt: skip
        finally:
            _stop(status)
    note(f"stopped watching {folder}: {totals.imported:,} imported ({totals.added:,} added), "
         f"{totals.duplicate:,} duplicate, {totals.failed:,} failed{_left(folder)}")  # fmt: skip


def _left(folder: Path) -> str:
    """The lead files still in the folder once stopped, for the next run: said after what
    was done (``; left for the next run: a.csv, b.csv``), or nothing."""
    from carddeck.deck.dropfolder import survey

    try:
        left = [found.path.name for found in survey(folder, now=time.time())]
    except OSError:
        return ""
    if not left:
        return ""
    shown = ", ".join(left[:5]) + (f" and {len(left) - 5:,} more" if len(left) > 5 else "")
    return f"; left for the next run: {shown}"


def _status_text(folder: Path, totals: PassSummary, waiting: int, trouble: str | None) -> str:
    from rich.markup import escape

    text = (f"watching {folder.name}/: last pass {time.strftime('%H:%M:%S')}; "
            f"{totals.imported:,} imported ({totals.added:,} added), "
            f"{totals.duplicate:,} duplicate, {totals.failed:,} failed")  # fmt: skip
    if waiting:
        text += f", {waiting:,} waiting"
    shown = escape(printable(text))
    return shown + " [red](the deck or the folder is unavailable)[/]" if trouble else shown


def _say_to(out: Any, text: str) -> None:
    if out is not None:
        out.print(printable(text), markup=False, highlight=False)
    else:
        typer.echo(printable(text), err=True)


def _stop(status: Any) -> None:
    if status is not None:
        status.stop()
