"""An import's own rows through the ORM (``deck/leads.py``'s ``Intake``), on either
database: the batch and its journal rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, text
from sqlmodel import Session, col

from carddeck.store import sql
from carddeck.store.importing import Importing
from carddeck.store.models import Change, ImportBatch


class OrmIntake:
    """The batch of one import, in ``session``'s transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.batch: ImportBatch | None = None

    def importing(self, *, batched: bool) -> Importing:
        return Importing(sql.raw(self.session), batched=batched)

    def new_batch(self, *, at: datetime, path: str, source: str | None, file_format: str,
                  encoding: str) -> int:  # fmt: skip
        self.batch = ImportBatch(at=at, path=path, source=source, file_format=file_format,
                                 encoding=encoding)  # fmt: skip
        self.session.add(self.batch)
        self.session.flush()
        return self.batch.id or 0

    def finish_batch(self, batch_id: int, *, added: int, merged: int, skipped: int) -> None:
        batch = self.batch if self.batch is not None else self.session.get(ImportBatch, batch_id)
        assert batch is not None and batch.id == batch_id
        batch.added, batch.merged, batch.skipped = added, merged, skipped
        self.session.add(batch)

    def journal_batch(self, op: int, batch_id: int, at: datetime, *, kind: str,
                      changed: bool) -> None:  # fmt: skip
        if not changed:
            self.session.execute(delete(Change).where(col(Change.op) == op))
            return
        self.session.execute(
            text(
                "INSERT INTO change (op, at, kind, card_id, version_after)"
                " SELECT :op, :at, :kind, id, version FROM card WHERE batch_id = :batch"
            ).bindparams(bindparam("at", type_=Change.__table__.c.at.type)),  # type: ignore[attr-defined]
            {"op": op, "at": at, "kind": kind, "batch": batch_id},
        )
