"""Card names for the shell's completion, read straight from the deck with the database's
own driver (no ORM: a Tab must answer at once) and silently: a missing, locked, damaged or
foreign deck completes nothing, and nothing is ever created."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from carddeck.paths import SERVER_URL, DeckLocation
from carddeck.store.kinds import OPEN_STATUSES

_OPEN = tuple(status.value for status in OPEN_STATUSES)
#: The most names offered for one Tab: more is a list nobody reads.
MOST = 50
#: How long to wait for a deck another program holds locked before completing nothing.
WAIT_SECONDS = 0.25

# One row per name (two cards of one name complete alike), open cards first, then by name
# in the same order on both databases (a server's locale would sort "Anna" before "Ann L").
# A prefix LIKE: the one kind of pattern a database can answer from the start of an index.
# SQLite's LIKE ignores the case of ASCII letters only, as its lower() folds only those: the
# range on lower(name) reads just the names starting so from ix_card_name_company (whose
# first column it is), and the LIKE keeps the meaning exact.
_QUERY = """
SELECT name, MAX(company) FROM card
WHERE name {like} {mark} {escape} {range}
GROUP BY name
ORDER BY MIN(CASE WHEN status IN ({open}) THEN 0 ELSE 1 END), name {binary}
LIMIT {mark}
"""


# char(1114111) is the last code point: every name starting with the typed text sorts
# below the text followed by it.
_RANGE = "AND lower(name) >= lower(?) AND lower(name) < lower(?) || char(1114111)"


def pattern(typed: str) -> str:
    r"""A LIKE pattern for names starting with ``typed`` (its ``%``, ``_`` and ``\`` taken
    as themselves)."""
    escaped = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%"


def card_names(location: DeckLocation, typed: str, *, most: int = MOST) -> list[tuple[str, str]]:
    """The names of cards starting with ``typed`` (any case), open cards first, each with
    its company (or ""); an empty list whenever the deck cannot be read as it is."""
    try:
        if location.url is not None:
            rows = _from_server(location.url, pattern(typed), most)
        else:
            rows = _from_file(location.path, typed, most)
    except Exception:  # completion must never print a traceback into the command line
        return []
    return [(str(name), str(company or "")) for name, company in rows if name]


def _from_file(path: Path, typed: str, most: int) -> list[tuple[object, object]]:
    if not path.is_file():
        return []  # never create a deck to complete a name
    opened = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=WAIT_SECONDS)
    try:
        marks = ", ".join("?" for _ in OPEN_STATUSES)
        like = pattern(typed)
        query = _QUERY.format(like="LIKE", mark="?", escape="ESCAPE '\\'", range=_RANGE,
                              open=marks, binary="")  # fmt: skip
        return opened.execute(query, (like, typed, typed, *_OPEN, most)).fetchall()
    finally:
        opened.close()


def _from_server(url: str, like: str, most: int) -> list[tuple[object, object]]:
    import psycopg  # only a server deck pays for it

    conninfo = SERVER_URL.sub("postgresql://", url)
    with psycopg.connect(conninfo, connect_timeout=2) as conn:
        conn.execute("SET statement_timeout = 2000")
        marks = ", ".join("%s" for _ in OPEN_STATUSES)
        query = _QUERY.format(like="ILIKE", mark="%s", escape="", range="", open=marks,
                              binary='COLLATE "C"')  # fmt: skip
        found = conn.execute(query, (like, *_OPEN, most)).fetchall()
    return [(name, company) for name, company in found]
