"""The store: SQLModel tables over SQLite, opened safely, migrated with Alembic."""

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
