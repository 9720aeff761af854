"""Where the deck lives: the user's data folder, ``CARDDECK_DB``, or an explicit path.

Nothing here touches the disk at import time; folders are made only when a deck
is first created in the default place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "carddeck"
DB_ENV = "CARDDECK_DB"
DB_FILENAME = "deck.sqlite"
CONFIG_ENV = "CARDDECK_CONFIG"
CONFIG_FILENAME = "config.toml"


@dataclass(frozen=True)
class DeckLocation:
    """A deck's file, and whether it is the default one (whose folder we may create)."""

    path: Path
    is_default: bool


def data_dir() -> Path:
    """The per-user data folder for carddeck (not created here)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def deck_location(explicit: str | os.PathLike[str] | None = None) -> DeckLocation:
    """Resolve the deck file: an explicit path, then ``CARDDECK_DB``, then the default."""
    if explicit is not None and str(explicit) != "":
        return DeckLocation(Path(explicit).expanduser(), is_default=False)
    env = os.environ.get(DB_ENV, "")
    if env:
        return DeckLocation(Path(env).expanduser(), is_default=False)
    return DeckLocation(data_dir() / DB_FILENAME, is_default=True)


def config_file() -> Path:
    """The owner's settings file: ``CARDDECK_CONFIG``, else config.toml in the config folder."""
    env = os.environ.get(CONFIG_ENV, "")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / CONFIG_FILENAME
