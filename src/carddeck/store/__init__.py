"""The store: SQLModel tables over SQLite, opened safely, migrated with Alembic."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from carddeck.store.engine import Store, open_store
    from carddeck.store.models import (
        CLOSED_STATUSES,
        OPEN_STATUSES,
        Card,
        Change,
        Channel,
        Contact,
        Erased,
        ImportBatch,
        ImportMerge,
        Kind,
        Stage,
        Status,
    )

#: Where each name lives: imported on first use, so importing one light module of the
#: package (settings, records, kinds) does not load the ORM.
_WHERE = {
    "Store": "engine",
    "open_store": "engine",
    "CLOSED_STATUSES": "kinds",
    "OPEN_STATUSES": "kinds",
    "Card": "models",
    "Change": "models",
    "Channel": "kinds",
    "Contact": "models",
    "Erased": "models",
    "ImportBatch": "models",
    "ImportMerge": "models",
    "Kind": "kinds",
    "Stage": "kinds",
    "Status": "kinds",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "Card",
    "Change",
    "Channel",
    "Contact",
    "Erased",
    "ImportBatch",
    "ImportMerge",
    "Kind",
    "Stage",
    "Status",
    "Store",
    "open_store",
]
