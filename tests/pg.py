"""A real PostgreSQL server for the tests: a throwaway cluster started once per test run
(initdb in a temp folder, run as a non-root user, listening on 127.0.0.1 only), or the
server named in ``CARDDECK_TEST_PG``; each test gets a fresh database of its own.

Without a server the PostgreSQL tests skip with one reason, unless
``CARDDECK_TEST_PG_REQUIRED`` is set (CI sets it), when they fail instead.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REQUIRED = "CARDDECK_TEST_PG_REQUIRED"
GIVEN = "CARDDECK_TEST_PG"
TEMPLATE = "carddeck_template"
_numbers = itertools.count(1)


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found

    def version(path: str) -> int:
        part = path.split("/")[4]
        return int(part) if part.isdigit() else 0

    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version)
    return versions[-1] if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(argv: list[str]) -> list[str]:
    """initdb and postgres refuse root: run them as ``postgres`` (or nobody) when root."""
    if os.geteuid() != 0:
        return argv
    import pwd

    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return ["runuser", "-u", user, "--", *argv]
    raise RuntimeError("running as root, and there is no postgres user to run the server as")


class Cluster:
    """A running server: the URL of its admin database, and databases made for tests."""

    def __init__(self, base_url: str, folder: Path | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.folder = folder

    def url(self, database: str) -> str:
        return f"{self.base_url}/{database}"

    def admin(self) -> object:
        import psycopg

        return psycopg.connect(self.url("postgres"), autocommit=True)

    def make_template(self) -> None:
        """A database holding an empty deck, copied for each test (quicker than creating
        the tables every time)."""
        from carddeck.paths import deck_location
        from carddeck.store import open_store

        with self.admin() as conn:  # type: ignore[attr-defined]
            conn.execute(f"DROP DATABASE IF EXISTS {TEMPLATE}")
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        open_store(deck_location(self.url(TEMPLATE))).close()

    def new_database(self, *, empty: bool = False) -> str:
        name = f"t{os.getpid()}_{next(_numbers)}"
        with self.admin() as conn:  # type: ignore[attr-defined]
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            template = "template0" if empty else TEMPLATE
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        return name

    def drop(self, name: str) -> None:
        with self.admin() as conn:  # type: ignore[attr-defined]
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        if self.folder is None:
            return
        pg_ctl = _bin("pg_ctl")
        if pg_ctl:
            subprocess.run(_as_server_user([pg_ctl, "-D", str(self.folder / "data"), "-m",
                                            "immediate", "stop"]),
                           capture_output=True, timeout=60, check=False)  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster:
    """Start a throwaway cluster; raises RuntimeError saying why it cannot."""
    try:
        import psycopg  # noqa: F401
    except ImportError as err:
        raise RuntimeError("psycopg is not installed (pip install -e '.[test]')") from err
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError("no PostgreSQL server here (initdb and pg_ctl not found; "
                           "Debian: apt-get install postgresql)")  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="carddeck-pg-"))
    if os.geteuid() == 0:
        import pwd

        user = "postgres" if _user_exists("postgres") else "nobody"
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    data = folder / "data"
    port = _free_port()
    done = subprocess.run(
        _as_server_user([initdb, "-D", str(data), "-A", "trust", "-U", "carddeck", "-E", "UTF8",
                         "--no-sync", "--no-instructions"]),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {done.stderr.strip()[-300:]}")
    options = (
        f"-k {folder} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    )
    started = subprocess.run(
        _as_server_user([pg_ctl, "-D", str(data), "-l", str(folder / "server.log"), "-w",
                         "-t", "60", "-o", options, "start"]),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    if started.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace") if (
            folder / "server.log").exists() else ""  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"the server did not start: {(started.stderr + log).strip()[-300:]}")
    return Cluster(f"postgresql://carddeck@127.0.0.1:{port}", folder)


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def cluster() -> Iterator[Cluster | str]:
    """The session's server (or the reason there is none)."""
    given = os.environ.get(GIVEN, "")
    try:
        found = Cluster(given.rsplit("/", 1)[0] if given.count("/") > 2 else given) if given \
            else start_cluster()  # fmt: skip
        found.make_template()
    except Exception as err:  # noqa: BLE001 - the reason is reported once, below
        why = f"no PostgreSQL server for the tests: {err}"
        if os.environ.get(REQUIRED):
            pytest.fail(why, pytrace=False)
        yield why
        return
    try:
        yield found
    finally:
        found.stop()
