"""Checking an import's rows apart from the deck: on every core when the file is big.

What a row becomes depends on the row alone (its mapping, the owner's phone region), never
on the deck, so rows are checked in chunks by a pool of worker processes while the one
process that holds the transaction matches duplicates and writes, in file order. A small
file, or a chunk size of 0, is checked in the one process: the same function either way.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any, NamedTuple

from carddeck.deck.fields import clean, normalise_phone
from carddeck.deck.intake import Block, Blocks, Problem, as_dict, footer_lines, may_be_footer
from carddeck.deck.mapping import Mapping, Values
from carddeck.deck.quickemail import fast_email
from carddeck.deck.quickrow import Plan, plan_for
from carddeck.errors import InvalidInput
from carddeck.words import plural

#: Rows a worker checks at a time: big enough that handing rows over costs little, small
#: enough that the rows in flight take little memory.
CHUNK = 500

#: A row: its line, and its cells by name (or as a list, named by the header given).
Row = tuple[int, dict[str, str] | list[str]]


class Checked(NamedTuple):
    """One row, checked: a problem, or what the card would hold (``cells``: title,
    website, source, referred_by, need, known, notes, address, each cleaned). A tuple:
    it crosses from a worker as a plain one, a fifth of the cost of an object."""

    line: int
    values: dict[str, str | None]
    extra: str | None
    problem: Problem | None = None
    warnings: tuple[str, ...] = ()
    email: str | None = None
    phone: str | None = None
    name: str = ""
    company: str | None = None
    others: tuple[list[str], list[str]] = ([], [])
    cells: tuple[str | None, ...] = ()


def check_row(line: int, row: dict[str, str], mapping: Mapping, region: str,
              keep: bool = True) -> Checked:  # fmt: skip
    """Everything about a row that needs no deck: email, phone, name, further ones; and,
    with ``keep``, the row's values as mapped (a merge needs them; else they are not
    handed back for nothing)."""
    values, extra = mapping.values(row)
    return check_values(line, values, extra, region, keep)


def check_values(line: int, values: dict[str, str | None], extra: str | None, region: str,
                 keep: bool = True) -> Checked:  # fmt: skip
    """``check_row`` of a row's values as mapped (``Mapping.values``)."""
    held, held_extra = (values, extra) if keep else ({}, None)
    try:
        email = fast_email(values.get("email"))
    except InvalidInput as err:
        problem = Problem(str(err), line, values.get("email__column"))
        return Checked(line, held, held_extra, problem)
    warnings: list[str] = []
    where = f"line {line}"
    phone, warning = normalise_phone(values.get("phone"), region)
    if warning:
        warnings.append(f"{where}: {warning}")
    company = clean(values.get("company"))
    name = clean(values.get("name")) or company or email or phone
    if not name:
        problem = Problem("no name, email or phone: not a lead", line)
        return Checked(line, held, held_extra, problem, tuple(warnings))
    if values.get("other_emails") or values.get("other_phones"):
        others = _further(values, email, phone, where, warnings, region)
    else:  # the usual row: none further (_further's answer, without its work)
        others = ([], [])
    cells = (
        clean(values.get("title")), clean(values.get("website")), clean(values.get("source")),
        clean(values.get("referred_by")), clean(values.get("need"), multiline=True),
        clean(extra, multiline=True), clean(values.get("notes"), multiline=True),
        clean(values.get("address"), multiline=True),
    )  # fmt: skip
    return Checked(line, held, held_extra, None, tuple(warnings), email, phone, name,
                   company, others, cells)  # fmt: skip


def _lines(text: str | None) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()]


def _further(values: dict[str, str | None], email: str | None, phone: str | None, where: str,
             warnings: list[str], region: str) -> tuple[list[str], list[str]]:  # fmt: skip
    """The row's further emails and phones, checked like the first: in their normal form,
    or as typed with a warning (a bad one never refuses the row); each once, and not the
    first again."""
    emails: list[str] = []
    for typed in _lines(values.get("other_emails")):
        try:
            value = fast_email(typed)
        except InvalidInput as err:
            value = clean(typed)
            warnings.append(f"{where}: further {str(err).rstrip('.')}; kept as typed")
        if value and value != email and value not in emails:
            emails.append(value)
    phones: list[str] = []
    for typed in _lines(values.get("other_phones")):
        value, warning = normalise_phone(typed, region)
        if warning:
            warnings.append(f"{where}: further {warning}")
        if value and value != phone and value not in phones:
            phones.append(value)
    return emails, phones


def _named(rows: Iterable[Row], header: list[str] | None) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows by name: as they are, or their lists of cells named by ``header``."""
    for line, row in rows:
        if isinstance(row, list):
            yield line, as_dict(header or [], row)
        else:
            yield line, row


#: The usual checked row, as it crosses from a worker: (line, email, phone, name, company,
#: *cells); a tenth of the cost of the whole ``Checked`` to take back in.
_PLAIN = 5 + 8


def _check_chunk(mapping: Mapping, region: str, keep: bool, header: list[str] | None,
                 rows: list[Row]) -> list[tuple[Any, ...]]:  # fmt: skip
    done: list[tuple[Any, ...]] = []
    read, quick = _reader(mapping, tuple(header), region) if header is not None else (None, None)
    quick = quick if not keep else None  # the plain row keeps no values
    width = len(header or ())
    for line, row in rows:
        if quick is not None and isinstance(row, list) and (plain := quick(line, row)):
            done.append(plain)
            continue
        if read is not None and isinstance(row, list) and len(row) == width:
            c = check_values(line, *read(row), region, keep)
        elif isinstance(row, list):
            c = check_row(line, as_dict(header or [], row), mapping, region, keep)
        else:
            c = check_row(line, row, mapping, region, keep)
        if c.problem is None and not (c.warnings or c.values or c.extra or any(c.others)):
            done.append((line, c.email, c.phone, c.name, c.company, *c.cells))
        else:
            done.append(tuple(c))
    return done


#: The mapping of the file a worker is checking, read by the header's positions, and its
#: plan for the usual row (``quickrow``): made at its first chunk, not at each (each chunk
#: brings the mapping and header anew).
_readers: dict[tuple[Any, ...], tuple[Callable[[list[str]], Values] | None, Plan | None]] = {}


def _reader(mapping: Mapping, header: tuple[str, ...],
            region: str) -> tuple[Callable[[list[str]], Values] | None, Plan | None]:  # fmt: skip
    key = (repr(mapping), header, region)
    if key not in _readers:
        _readers.clear()  # one file at a time
        _readers[key] = (mapping.reader(list(header)), plan_for(mapping, list(header), region))
    return _readers[key]


def _taken(done: list[tuple[Any, ...]]) -> list[Checked]:
    """A worker's checked rows, whole again (a plain row as ``check_values`` makes it: no
    values kept, no problem, no warning, none further)."""
    make, none = tuple.__new__, _NONE_FURTHER
    return [
        make(Checked, (t[0], {}, None, None, (), t[1], t[2], t[3], t[4], none, t[5:]))
        if len(t) == _PLAIN
        else Checked._make(t)
        for t in done
    ]


_NONE_FURTHER: tuple[list[str], list[str]] = Checked._field_defaults["others"]


def _orphaned(parent: int) -> None:
    """A worker ends when the importing process is gone (killed outright, say): nothing
    else would tell it, and it holds no part of the deck. Ctrl-C, which a terminal sends
    the workers too, is the importing process's to answer: it stops them as it stops."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def checked_rows(rows: Iterable[Row] | Blocks, mapping: Mapping, region: str, *,
                 chunk: int = CHUNK, keep: bool = True, workers: int | None = None,
                 header: list[str] | None = None) -> Iterator[Checked]:  # fmt: skip
    """Each row checked, in file order: in a pool of worker processes (one per core beside
    this one's) when the file holds more than one chunk of rows, else here. ``keep``: see
    check_row; rows given as lists of cells are named by ``header``; a CSV file's rows may
    come as ``Blocks`` of its text (read where they are checked, the footer held back as
    ``intake.read_cells`` holds it)."""
    # A worker for every core but the one this process writes on: it is as busy as a
    # worker (on 2 cores one worker took the time two did, with less CPU and memory).
    workers = workers if workers is not None else (os.cpu_count() or 1) - 1
    if isinstance(rows, Blocks):
        yield from _checked_blocks(rows, mapping, region, keep, workers if chunk > 0 else 0)
        return
    source = iter(rows)
    first = list(islice(source, chunk)) if chunk > 0 else []
    if chunk <= 0 or workers < 1 or len(first) < chunk:
        for line, row in _named(first, header):
            yield check_row(line, row, mapping, region, keep)
        for line, row in _named(source, header):
            yield check_row(line, row, mapping, region, keep)
        return
    how = (mapping, region, keep, header)
    for done in _pooled(_check_chunk, how, _chunks(first, source, chunk), workers):
        yield from _taken(done)


def _chunks(first: list[Row], source: Iterator[Row], chunk: int) -> Iterator[list[Row]]:
    yield first
    while rows := list(islice(source, chunk)):
        yield rows


#: A block's rows checked (``_check_chunk``), and apart from them the rows that may be a
#: footer: (how many of the rows came before it, its line, its cells, it checked, or None
#: when it is blank).
Checks = tuple[list[tuple[Any, ...]], list[tuple[int, int, list[str], tuple[Any, ...] | None]]]


def _check_block(mapping: Mapping, region: str, keep: bool, header: list[str],
                 delimiter: str, block: Block) -> Checks:  # fmt: skip
    """The rows of a block of a CSV file's text, read and checked."""
    width = len(header)
    reader = csv.reader(io.StringIO(block.text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    held: list[tuple[int, int, list[str]]] = []
    swallowed: dict[int, str] = {}  # a row's index: what its runaway quote took in
    bad: dict[int, Problem] = {}  # a row's index: a quote that makes it a bad row
    texts: list[str] = []  # the block's lines, split only if a row's own text is needed

    def text_of(first: int, end: int) -> str:
        if not texts:
            texts.extend(io.StringIO(block.text, newline=""))
        return "".join(texts[first - block.start - 1 : end - block.start])

    line = last = block.start
    final: list[str] = []
    # After a quote closed mid-cell, the rows read out of step (the rest of the quoted
    # cell whose opening quote closed it) till one holds its closing quote, a stray one:
    # (the bad row's line, the rows since, as (index, line)); None when in step.
    stepping: tuple[int, list[tuple[int, int]]] | None = None
    for cells in reader:
        line, last, final = last + 1, block.start + reader.line_num, cells
        rowlike = rowlike_lines(cells, width, delimiter) if last > line else 0
        if rowlike >= 2 and closed_mid_cell(text_of(line, last), delimiter):
            bad[len(rows)] = Problem(closed_in_a_cell(last, rowlike), line)
            stepping = (line, [])
        elif stepping is not None:
            stepping[1].append((len(rows), line))
            if any('"' in cell for cell in cells):  # the stray closing quote: bad, all
                for index, at in stepping[1]:
                    bad[index] = Problem(out_of_step(stepping[0]), at)
                stepping = None
            elif len(stepping[1]) >= _STEPPING:  # none came: those rows were in step
                stepping = None
        elif rowlike >= 2:
            swallowed[len(rows)] = runaway_quote(line, last, rowlike)
        if may_be_footer(cells, width) and len(rows) not in bad and stepping is None:
            held.append((len(rows), line, cells))
        else:
            rows.append((line, cells))
    # Only the file's last row can run to its end in a quote: a block ends where a row does.
    # On its one line it is harmless unless the cell took in others (a name, a phone...).
    if ('"' in block.text and line > block.start and quote_left_open(text_of(line, last), delimiter)
            and (last > line or delimiter in (final[-1] if final else ""))):  # fmt: skip
        if held and held[-1][1] == line:  # a bad row, not a footer
            rows.append((line, held.pop()[2]))
        swallowed.pop(len(rows) - 1, None)
        bad[len(rows) - 1] = Problem(unclosed_quote(line, last), line)
    done = _check_chunk(mapping, region, keep, header, rows)
    for index, said in swallowed.items():
        if index < len(done):
            done[index] = _warned(done[index], said)
    for index, problem in bad.items():
        done[index] = tuple(Checked(rows[index][0], {}, None, problem))
    if not held:
        return done, []
    filled: list[Row] = [(n, cells) for _, n, cells in held if any(c.strip() for c in cells)]
    checked = iter(_check_chunk(mapping, region, keep, header, filled))
    return done, [
        (before, line, cells, next(checked) if any(c.strip() for c in cells) else None)
        for before, line, cells in held
    ]


def rowlike_lines(cells: list[str], width: int, delimiter: str) -> int:
    """How many of the lines a row's cells run on to are shaped like rows of the file (as
    many delimiters as a row has): two or more, and a quote was opened and not closed where
    it should have been, which took the rows after it in as one cell (a note of several
    lines seldom holds two such lines; one, as a list of four things in a file of five
    columns, it may). 0 in a file of fewer than 3 columns, where any line may be one."""
    if width < 3:
        return 0
    return sum(
        1
        for cell in cells
        if "\n" in cell or "\r" in cell
        for inner in cell.splitlines()[1:]
        if inner.count(delimiter) >= width - 1
    )


def runaway_quote(line: int, last: int, rowlike: int) -> str:
    """The warning of a row from ``line`` to ``last`` that took in ``rowlike`` lines shaped
    like rows (``rowlike_lines``), its quote closed where a cell ends."""
    return (f"line {line}: a quoted cell runs on to line {last}, taking in {rowlike} lines "
            f"shaped like rows of their own {_RUNAWAY}")  # fmt: skip


def quote_left_open(text: str, delimiter: str) -> bool:
    """Whether a row's text ends inside a quoted cell: a quote opened and never closed,
    which a CSV reader takes to the end of the file as one cell."""
    end = "\x1ecarddeck: the end\x1e"  # a row of its own, unless a quote is still open
    rows = list(csv.reader(io.StringIO(f"{text}\n{end}\n", newline=""), delimiter=delimiter))
    return rows[-1] != [end]


def closed_mid_cell(text: str, delimiter: str) -> bool:
    """Whether a row's text has a quote closed where no cell ends (``"a"b``): in a row that
    took in lines shaped like rows, the quote that closed a runaway one was another cell's
    opening quote, and the rows after it are read out of step."""
    try:
        list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as err:
        return "end of data" not in str(err)
    return False


def unclosed_quote(line: int, last: int) -> str:
    """What is wrong with a row whose quote is never closed (``quote_left_open``)."""
    if last == line:
        return ("a quote opened on this line is never closed: the rest of the line would be "
                "read as one cell")  # fmt: skip
    return (f"a quote opened on this line is never closed: the {plural(last - line, 'line')} "
            "after it, to the end of the file, would be read as one cell of this row")  # fmt: skip


#: How many rows after a quote closed mid-cell may be the rest of the cell it opened, read
#: out of step, before its stray closing quote comes (else they are taken as rows).
_STEPPING = 50


def out_of_step(line: int) -> str:
    """What is wrong with a row read out of step after the bad row on ``line``."""
    return (f"read out of step after the quote gone wrong on line {line}: the rest of a "
            "quoted cell, up to its closing quote, read as rows")  # fmt: skip


def closed_in_a_cell(last: int, rowlike: int) -> str:
    """What is wrong with a row whose runaway quote closed in the middle of a cell, on
    ``last`` (``closed_mid_cell``), having taken in ``rowlike`` lines shaped like rows."""
    return (f"a quote opened on this line closes only on line {last}, in the middle of a "
            f"cell: the {rowlike} lines shaped like rows between would be read as one cell "
            "of this row, and the rows after it out of step")  # fmt: skip


#: How every runaway-quote warning ends (``runaway_quote``): rows may be missing, so it is
#: listed whatever other warnings came before it (``is_runaway``).
_RUNAWAY = "(a quote not closed?); they were read as part of this one row"


def is_runaway(warning: str) -> bool:
    """Whether a row's warning is ``runaway_quote``'s: it says rows may be missing."""
    return warning.endswith(_RUNAWAY)


def _warned(done: tuple[Any, ...], said: str) -> tuple[Any, ...]:
    """A checked row (as a worker hands it back) with one more warning."""
    checked = _taken([done])[0]
    return tuple(checked._replace(warnings=(*checked.warnings, said)))


def _checked_blocks(blocks: Blocks, mapping: Mapping, region: str, keep: bool,
                    workers: int) -> Iterator[Checked]:  # fmt: skip
    """``checked_rows`` of blocks: in the pool when there are two or more, else here."""
    how = (mapping, region, keep, blocks.layout.header, blocks.layout.delimiter)
    source = blocks.items
    first = list(islice(source, 2))
    if workers < 1 or len(first) < 2:
        results: Iterator[Checks] = (_check_block(*how, block) for block in chain(first, source))
    else:
        results = _pooled(_check_block, how, chain(first, source), workers)
    # Rows that may be a footer wait for the next row: data if one comes, else the footer.
    waiting: list[tuple[int, list[str], tuple[Any, ...] | None]] = []
    for done, held in results:
        if not held and not waiting:
            yield from _taken(done)
            continue
        k = 0
        for i, row in enumerate(_taken(done)):
            while k < len(held) and held[k][0] == i:
                waiting.append(held[k][1:])
                k += 1
            if waiting:
                yield from _taken([c for _, _, c in waiting if c is not None])
                waiting.clear()
            yield row
        waiting += [h[1:] for h in held[k:]]
    blocks.layout.footer = footer_lines([(line, cells) for line, cells, _ in waiting])


def _pooled(task: Callable[..., Any], how: tuple[Any, ...], items: Iterator[Any],
            workers: int) -> Iterator[Any]:  # fmt: skip
    """``task(*how, item)`` of each item, in order, done by a pool of ``workers``."""
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    # Fresh interpreters, not forks: a fork would copy locks other threads (the progress
    # bar's) may hold, and the whole ORM; a worker loads only the checks (and little memory).
    context = multiprocessing.get_context("spawn")
    pending: deque[Future[Any]] = deque()
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_orphaned,
                             initargs=(os.getpid(),)) as pool:  # fmt: skip

        def fill() -> bool:
            """An item in flight for each worker, and one more, keep them busy while this
            process writes; False once there are no more."""
            while len(pending) < workers + 1:
                item = next(items, None)
                if item is None:
                    return False
                pending.append(pool.submit(task, *how, item))
            return True

        with _no_main_script():  # the workers start at these first submits
            more = fill()
        while pending:
            if more:
                more = fill()
            yield pending.popleft().result()


@contextmanager
def _no_main_script() -> Iterator[None]:
    """Workers started here are not made to run the script that started carddeck first:
    spawn runs a main script (the ``carddeck`` entry point, which imports the whole CLI)
    in each worker, and a worker needs none of it, only the checks. A main module run by
    name (``python -m``) is not run in them anyway."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path
