"""An import's lookups and inserts as plain SQL on the transaction's own connection.

The ORM costs about a millisecond a row, this a few microseconds. Cards are written a
window of rows at a time (one ``executemany``), and the deck is asked which of a window's
emails, phones and names it already holds in three statements, not one per row: a row
that none of them (nor any row added or merged into since) could be the same lead as is
no duplicate, and goes straight in; any other row is matched exactly, one statement, as
before (``match``). Which lead is the same is the method's to say (deck/importer); this
only answers it quickly.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from operator import itemgetter
from typing import Any

#: Values asked for in one statement (well under either database's limit of parameters).
_IN = 500
#: Cards written in one statement at most; SQLite's number for its limit of values in a
#: statement (``sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER``: the method, which this module serves,
#: loads no database driver).
_AT_ONCE, _VARIABLES = 500, 9

Found = tuple[int, str, str, str]  # (id, name, status, what matched)
#: A row as the lookups see it: (email, phone, (further emails, further phones), name,
#: company).
Lead = tuple[str | None, str | None, tuple[list[str], list[str]], str, str | None]
_EMAIL, _PHONE, _FURTHER = itemgetter(0), itemgetter(1), itemgetter(2)


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Ctrl-C held back (where the system can) until the block ends, then raised as ever."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _lines(text: str | None) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()]


class Importing:
    """The lookups and inserts of one import. ``batched`` off: each row is looked up and
    written on its own, as the import did before windows (kept for the test that proves
    the two write the same)."""

    INSERT = (
        "INSERT INTO card (name, company, title, phone, email, website, source, referred_by,"
        " kind, status, stage, need, known, notes, next_follow_up, attempts, created_at,"
        " updated_at, position, version, batch_id, address, other_emails, other_phones) VALUES"
        " (?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', 'rapport', ?, ?, ?, ?, 0, ?, ?, ?, 1, ?, ?, ?, ?)"
    )

    def __init__(self, db: Any, *, batched: bool = True, background: bool = False) -> None:
        """``db``: the transaction's own connection (``sql.raw`` of a session, or the light
        deck's sqlite3 one), taking ``?`` placeholders. ``background``: a window's cards
        (``add_all``) are written by another thread while the next window's rows are read
        (sqlite3 lets go of the interpreter while it writes); whatever uses the connection
        next waits for them (``settle``)."""
        self.db: Any = db
        self.batched = batched
        self.background = background
        self._writing: threading.Event | None = None  # set once the writes are done
        self._failed: BaseException | None = None
        self._at_once: int | None = None
        self._inserts: dict[int, str] = {}
        # The cards' further emails and phones, read once: few cards have them, and a
        # lookup per row in a column of lines would read the whole table each time.
        # The newest card before the import: any card after it is one the import added.
        self.newest = int(self.db.execute("SELECT max(id) FROM card").fetchone()[0] or 0)
        self.others: dict[str, int] = {}
        rows = self.db.execute("SELECT id, other_emails, other_phones FROM card WHERE"
                               " other_emails IS NOT NULL OR other_phones IS NOT NULL")  # fmt: skip
        for card_id, emails, phones in rows.fetchall():
            self._know(card_id, emails, phones)
        self._pending: list[tuple[Any, ...]] = []
        # What the deck held of the window's values when it was asked ...
        self._emails: set[str] = set()
        self._phones: set[str] = set()
        self._pairs: set[tuple[str, str]] = set()
        # ... and what was added or merged into since (emails and phones alike; names with
        # companies lowered): a row touching any of it is matched exactly. ASCII is lowered
        # alike by Python and by either database (a Turkish server's "I" aside, which then
        # matches nothing ASCII); beyond it they may not, so once a name or company beyond
        # ASCII has come, or comes, any row with a company is matched exactly.
        self._since: set[str] = set()
        self._since_pairs: set[tuple[str, str]] = set()
        self._since_beyond = False
        self._asked: tuple[str, str, tuple[str, str]] = ("", "", ("", ""))

    def _know(self, card_id: int, emails: str | None, phones: str | None) -> None:
        for value in _lines(emails) + _lines(phones):
            self.others.setdefault(value, card_id)

    def _in(self, query: str, values: Iterable[str]) -> list[Any]:
        found: list[Any] = []
        asked = list(dict.fromkeys(values))
        for start in range(0, len(asked), _IN):
            part = asked[start : start + _IN]
            marks = ", ".join("?" * len(part))
            found += self.db.execute(query.format(marks), part).fetchall()
        return found

    def look_up(self, leads: Sequence[Lead]) -> None:
        """Ask the deck, once for a window of rows, which of their emails, phones and names
        with companies it holds."""
        if not self.batched:
            return
        self.flush()
        self._since.clear()
        self._since_pairs.clear()
        self._since_beyond = False
        emails = [e for lead in leads for e in (lead[0], *lead[2][0]) if e]
        phones = [p for lead in leads for p in (lead[1], *lead[2][1]) if p]
        names = [lead[3].lower() for lead in leads if lead[4]]
        found = self._in("SELECT email FROM card WHERE email IN ({})", emails)
        self._emails = {row[0] for row in found}
        found = self._in("SELECT phone FROM card WHERE phone IN ({})", phones)
        self._phones = {row[0] for row in found}
        query = "SELECT lower(name), lower(company) FROM card WHERE lower(name) IN ({})"
        self._pairs = {(row[0], row[1]) for row in self._in(query, names)}

    def could_match(self, lead: Lead) -> bool:
        """Whether the deck may hold this lead already (if not, ``match`` would find none)."""
        if not self.batched:
            return True
        email, phone, others, name, company = lead
        since, known = self._since, self.others
        if email and (email in self._emails or email in since or email in known):
            return True
        if phone and (phone in self._phones or phone in since or phone in known):
            return True
        for value in others[0]:
            if value and (value in self._emails or value in since or value in known):
                return True
        for value in others[1]:
            if value and (value in self._phones or value in since or value in known):
                return True
        if company:
            pair = (name.lower(), company.lower())
            self._asked = (name, company, pair)  # add() takes it again, not lowers it again
            if pair in self._pairs:
                return True
            if self._since_pairs and (
                self._since_beyond or pair in self._since_pairs
                or not (name.isascii() and company.isascii())
            ):  # fmt: skip
                return True
        return False

    def any_match(self, leads: Sequence[Lead]) -> bool:
        """Whether ``could_match`` might say yes of any of a window's leads, each asked
        after the ones before it were added (just after ``look_up``): the whole window's
        values against the deck's, and against each other, as sets."""
        if not self.batched or self._since or self._since_pairs:
            return True
        # Each row's email and phone, and any further ones: a value twice (on two rows, or
        # as one row's email and its phone) has the window matched exactly, row by row.
        values = list(filter(None, chain(map(_EMAIL, leads), map(_PHONE, leads))))
        further = list(map(_FURTHER, leads))
        if further.count(([], [])) != len(further):
            values += [v for emails, phones in further for v in (*emails, *phones) if v]
        seen = set(values)
        if len(seen) != len(values):
            return True
        if not seen.isdisjoint(self._emails) or not seen.isdisjoint(self._phones):
            return True
        if self.others and not seen.isdisjoint(self.others):
            return True
        names = [lead[3] for lead in leads if lead[4]]
        companies = [lead[4] for lead in leads if lead[4]]
        if not companies:
            return False
        if not ("".join(names).isascii() and "".join(companies).isascii()):
            return True
        pairs = set(zip(map(str.lower, names), map(str.lower, companies), strict=True))
        return len(pairs) != len(companies) or not pairs.isdisjoint(self._pairs)

    def add_all(self, rows: list[tuple[Any, ...]]) -> None:
        """The cards of a window of which ``any_match`` found none could match: to insert
        with it (the next ``look_up`` starts afresh, so nothing is noted of them); in the
        background, when asked for."""
        self._pending += rows
        if self.background:
            self.settle()
            pending, self._pending = self._pending, []
            done = threading.Event()
            writer = threading.Thread(target=self._write_apart, args=(pending, done),
                                      name="carddeck-import-writes")  # fmt: skip
            self._writing = done
            with _ctrl_c_held():  # a Ctrl-C mid-start would leave a writer nobody waits for
                writer.start()

    def _write_apart(self, pending: list[tuple[Any, ...]], done: threading.Event) -> None:
        try:
            self._write(pending)
        except BaseException as err:  # noqa: BLE001 - raised where the writes are waited for
            self._failed = err
        finally:
            done.set()

    @property
    def writing(self) -> bool:
        """Whether cards are being written in the background."""
        return self._writing is not None and not self._writing.is_set()

    # The writes are waited for on an Event, not by joining the thread: a join that Ctrl-C
    # interrupts (Python 3.11) marks the thread stopped while it still runs, and the next
    # join returns at once.

    def abandon(self) -> None:
        """Wait for the cards being written in the background, whatever stops them, and
        however often Ctrl-C is pressed meanwhile: the import is failing, and its
        transaction is about to be rolled back (and the connection closed) under them."""
        done = self._writing
        while done is not None and not done.is_set():
            try:
                done.wait()
            except KeyboardInterrupt:
                continue
        self._writing = self._failed = None

    def settle(self) -> None:
        """Wait for the cards being written in the background; raise what stopped them.
        Let go of only once they are written: a Ctrl-C while waiting leaves them for
        ``abandon`` to wait for."""
        if self._writing is not None:
            self._writing.wait()
            self._writing = None
        failed, self._failed = self._failed, None
        if failed is not None:
            raise failed

    def match(self, email: str | None, phone: str | None, name: str, company: str | None,
              others: tuple[list[str], list[str]] = ([], [])) -> Found | None:  # fmt: skip
        """(id, name, status, what matched) of a card that is this lead already: the same
        email or phone (theirs or one of their further ones), or name and company."""
        self.flush()
        emails = [e for e in [email, *others[0]] if e]
        phones = [p for p in [phone, *others[1]] if p]
        tries: list[tuple[str, tuple[Any, ...], str]] = []
        tries += [("email = ?", (e,), "email") for e in emails]
        tries += [("phone = ?", (p,), "phone") for p in phones]
        for value, what in [(e, "email") for e in emails] + [(p, "phone") for p in phones]:
            if value in self.others:
                tries.append(("id = ?", (self.others[value],), what))
        if company:
            tries.append(("lower(name) = ? AND lower(company) = ?",
                          (name.lower(), company.lower()), "name and company"))  # fmt: skip
        if not tries:
            return None
        # One statement for every try (a round trip each cost more than the lookups): the
        # first try that finds a card wins, and each finds the card it found alone.
        query = " UNION ALL ".join(
            f"SELECT * FROM (SELECT id, name, status, {k} AS k FROM card WHERE {where}"
            f" LIMIT 1) AS t{k}"
            for k, (where, _, _) in enumerate(tries)
        )
        args = tuple(a for _, each, _ in tries for a in each)
        found = self.db.execute(
            f"SELECT id, name, status, k FROM ({query}) AS tried ORDER BY k LIMIT 1", args
        ).fetchone()
        if found is None:
            return None
        return found[0], found[1], found[2], tries[found[3]][2]

    def add(self, values: tuple[Any, ...]) -> None:
        """A card to insert (the INSERT's values, in order): now, or with its window."""
        self._pending.append(values)
        if not self.batched:
            self.flush()
            return
        since = self._since
        name, company, phone, email = values[0], values[1], values[3], values[4]
        emails, phones = values[-2], values[-1]
        if email:
            since.add(email)
        if phone:
            since.add(phone)
        if emails:
            since.update(_lines(emails))
        if phones:
            since.update(_lines(phones))
        if company:
            self._since_pair(name, company)

    def merged(self, lead: Lead) -> None:
        """A card was merged into (its email, phone and company may be new)."""
        email, phone, _, name, company = lead
        self._since.update(v for v in (email, phone) if v)
        if company:
            self._since_pair(name, company)

    def _since_pair(self, name: str, company: str) -> None:
        asked = self._asked
        if asked[0] is name and asked[1] is company:
            self._since_pairs.add(asked[2])
        else:
            self._since_pairs.add((name.lower(), company.lower()))
        if not (name.isascii() and company.isascii()):
            self._since_beyond = True

    def flush(self) -> None:
        """Write the cards waiting, in order: a card with further emails or phones alone,
        so that later rows know its id."""
        self.settle()
        pending, self._pending = self._pending, []
        self._write(pending)

    def _write(self, pending: list[tuple[Any, ...]]) -> None:
        run: list[tuple[Any, ...]] = []
        for values in pending:
            if values[-1] or values[-2]:
                if run:
                    self._insert(run)
                    run = []
                cursor = self.db.execute(self.INSERT, values)
                self._know(int(cursor.lastrowid), values[-2], values[-1])
            else:
                run.append(values)
        if run:
            self._insert(run)

    def _insert(self, run: list[tuple[Any, ...]]) -> None:
        """Cards in one INSERT of many rows at a time (ids given in their order): SQLite
        took 40% less CPU for it than for a statement a card (``executemany``)."""
        each = self._rows_at_once()
        for start in range(0, len(run), each):
            part = run[start : start + each]
            self.db.execute(self._insert_of(len(part)), list(chain.from_iterable(part)))

    def _rows_at_once(self) -> int:
        """Cards in one INSERT: as many as the database takes values in a statement, up to
        a window's (SQLite's limit is 32,766 since 3.32, 999 before; a server's, 65,535)."""
        if self._at_once is None:
            getlimit = getattr(self.db, "getlimit", None)
            limit = getlimit(_VARIABLES) if getlimit is not None else 999
            self._at_once = max(1, min(_AT_ONCE, limit // self.INSERT.count("?")))
        return self._at_once

    def _insert_of(self, rows: int) -> str:
        if rows not in self._inserts:
            head, _, one = self.INSERT.partition(" VALUES ")
            self._inserts[rows] = f"{head} VALUES {', '.join([one] * rows)}"
        return self._inserts[rows]
