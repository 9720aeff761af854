"""Where the deck lives: the user's data folder, ``CARDDECK_DB``, or an explicit path;
or, for a deck shared by several sellers, a PostgreSQL server named by a URL.

Nothing here touches the disk at import time; folders are made only when a deck
is first created in the default place.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

APP_NAME = "carddeck"
DB_ENV = "CARDDECK_DB"
DB_FILENAME = "deck.sqlite"
CONFIG_ENV = "CARDDECK_CONFIG"
CONFIG_FILENAME = "config.toml"


#: What names a deck on a server rather than a file: ``postgresql://``, with or without
#: ``+psycopg`` (the driver), and the ``postgres://`` some hosts hand out.
SERVER_URL = re.compile(r"^postgres(ql)?(\+psycopg)?://", re.I)
#: Anything else that looks like a URL (``mysql://``, ``sqlite://``): refused, not made a file.
ANY_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


class DeckLocation(NamedTuple):
    """A deck's file, and whether it is the default one (whose folder we may create); or
    the URL of a deck on a PostgreSQL server (``url`` set, ``path`` unused). A named tuple:
    frozen as a frozen dataclass is, made in a tenth of its time at every start."""

    path: Path
    is_default: bool
    url: str | None = None

    @property
    def shown(self) -> str:
        """The deck as messages name it: the file, or the URL without its password."""
        if self.url is None:
            return str(self.path)
        shown = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", self.url)
        return re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", shown)


def data_dir() -> Path:
    """The per-user data folder for carddeck (not created here)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def deck_location(explicit: str | os.PathLike[str] | None = None) -> DeckLocation:
    """Resolve the deck file: an explicit path, then ``CARDDECK_DB``, then the default."""
    given = str(explicit) if explicit is not None and str(explicit).strip() != "" else None
    given = given or os.environ.get(DB_ENV, "") or None
    if given is None:
        return DeckLocation(data_dir() / DB_FILENAME, is_default=True)
    if SERVER_URL.match(given):
        return DeckLocation(Path(), is_default=False, url=given)
    if ANY_URL.match(given):
        from carddeck.errors import InvalidInput

        scheme = given.split("://", 1)[0]
        raise InvalidInput(
            f"a deck is a file or a PostgreSQL server (postgresql://user@host/db), not a "
            f"{scheme}:// URL"
        )
    return DeckLocation(Path(given).expanduser(), is_default=False)


def config_file() -> Path:
    """The owner's settings file: ``CARDDECK_CONFIG``, else config.toml in the config folder."""
    env = os.environ.get(CONFIG_ENV, "")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / CONFIG_FILENAME
