"""The store: SQLModel tables over SQLite, opened safely, migrated with Alembic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from carddeck.lazy import exports

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


__getattr__ = exports(__name__, _WHERE)


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
