"""The tables: a Card per lead, a Contact per touch (never edited away), import batches,
and the change journal (one row per change to a card, which undo and history read)."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Enum,
    ForeignKey,
    Index,
    Integer,
    event,
    func,
    text,
)
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Field, SQLModel

from carddeck.store.kinds import CLOSED_STATUSES as CLOSED_STATUSES
from carddeck.store.kinds import OPEN_STATUSES as OPEN_STATUSES
from carddeck.store.kinds import Channel as Channel
from carddeck.store.kinds import Kind as Kind
from carddeck.store.kinds import Stage as Stage
from carddeck.store.kinds import Status as Status
from carddeck.words import without_controls

#: Ids, places in the deck and links between rows: 64-bit everywhere (SQLite's INTEGER
#: already is, and must stay INTEGER for its AUTOINCREMENT; PostgreSQL's would be 32-bit).
BIG = BigInteger().with_variant(Integer(), "sqlite")


def _words(kind: type[StrEnum]) -> Enum:
    """A column of one of a few known words: plain text on every database (a native
    PostgreSQL enum would make the two backends differ)."""
    return Enum(kind, native_enum=False, create_constraint=False)


def _rating_check(table: str, column: str) -> CheckConstraint:
    return CheckConstraint(
        f"{column} IS NULL OR ({column} BETWEEN 1 AND 10)", name=f"ck_{table}_{column}"
    )


class Card(SQLModel, table=True):
    """One lead: who they are, how to reach them, where the method has got to."""

    __tablename__ = "card"
    __table_args__ = (
        _rating_check("card", "rating"),
        _rating_check("card", "interest"),
        CheckConstraint("attempts >= 0", name="ck_card_attempts"),
        Index("ix_card_position", "position", "id"),
        Index("ix_card_status_next", "status", "next_follow_up"),
        # today's new leads: those never called in the order they are worked, with the
        # date that puts them in their window; the few called already, a range of it
        Index(
            "ix_card_new_leads",
            "status",
            "first_contacted_at",
            "created_at",
            "id",
            "next_follow_up",
        ),
        Index("ix_card_email", "email"),
        Index("ix_card_phone", "phone"),
        # A seller's cards; an imported card (in the inbox: no owner) is not in it, so an
        # import does not write to it, and the inbox is read by status (ix_card_status_next).
        Index(
            "ix_card_owner",
            "owner",
            sqlite_where=text("owner IS NOT NULL"),
            postgresql_where=text("owner IS NOT NULL"),
        ),
        {"sqlite_autoincrement": True},  # ids are never reused: a calendar's UID stays one card
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    name: str
    company: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    source: str | None = None
    referred_by: str | None = None
    kind: Kind = Field(default=Kind.lead, sa_type=_words(Kind))
    status: Status = Field(default=Status.new, sa_type=_words(Status))
    stage: Stage = Field(default=Stage.rapport, sa_type=_words(Stage))
    need: str | None = None
    known: str | None = None
    notes: str | None = None
    rating: int | None = None
    interest: int | None = None
    notch: str | None = None
    next_follow_up: datetime | None = None
    attempts: int = 0
    created_at: datetime
    updated_at: datetime
    first_contacted_at: datetime | None = None
    closed_at: datetime | None = None
    lost_reason: str | None = None
    position: int = Field(default=0, sa_type=BIG)
    version: int = 1
    batch_id: int | None = Field(
        default=None,
        sa_column=Column(
            BIG, ForeignKey("import_batch.id", ondelete="SET NULL"), nullable=True, index=True
        ),
    )
    #: The seller who works the card; None while it waits in a shared deck's inbox (and
    #: always, in a deck with one seller).
    owner: str | None = None
    #: What the deal is worth, in hundredths of the deck's currency (the ``currency``
    #: setting); set before the sale or when it is won. None: not given.
    value: int | None = Field(default=None, sa_type=BIG)
    #: Where they are: one line per line of the postal address, as the file or the
    #: person gave it.
    address: str | None = None
    #: Further emails and phones beyond the first (a Google Contacts cell holding
    #: several, a vCard with two), one a line; the first fills ``email`` / ``phone``.
    other_emails: str | None = None
    other_phones: str | None = None
    # A won card stays a customer: its ``next_follow_up`` is the next check-in for a
    # repeat sale (None: no check-in planned), and every sale is a Sale row.


class ImportBatch(SQLModel, table=True):
    """One import of one file: it can be listed, filtered on, and undone as a whole."""

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    at: datetime
    path: str
    source: str | None = None
    file_format: str
    encoding: str
    added: int = 0
    merged: int = 0
    skipped: int = 0
    undone_at: datetime | None = None
    #: SHA-256 of the file's bytes, so a drop folder imports each file exactly once.
    content_hash: str | None = Field(default=None, index=True)


class ImportMerge(SQLModel, table=True):
    """A card an import merged into: what its fields were before, to undo the merge."""

    __tablename__ = "import_merge"

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    batch_id: int = Field(
        sa_column=Column(
            BIG, ForeignKey("import_batch.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    card_id: int = Field(
        sa_column=Column(BIG, ForeignKey("card.id", ondelete="CASCADE"), nullable=False)
    )
    before: str  # JSON of the fields the merge changed
    version_after: int


class Contact(SQLModel, table=True):
    """One touch: when, how, whether they answered, and the method's four answers."""

    __tablename__ = "contact"
    __table_args__ = (
        _rating_check("contact", "rating"),
        _rating_check("contact", "interest"),
        _rating_check("contact", "rating_after"),
        Index("ix_contact_card_at", "card_id", "at"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    card_id: int = Field(
        sa_column=Column(BIG, ForeignKey("card.id", ondelete="CASCADE"), nullable=False)
    )
    at: datetime
    channel: Channel = Field(default=Channel.call, sa_type=_words(Channel))
    reached: bool = True
    rating: int | None = None
    interest: int | None = None
    notch: str | None = None
    rating_after: int | None = None
    summary: str | None = None
    next_follow_up: datetime | None = None
    seller: str | None = None  # who logged it, on a shared deck


class Sale(SQLModel, table=True):
    """One sale to a card: the first when it is won, and each repeat sale after. A won
    customer is never really closed; these rows count what they bought."""

    __tablename__ = "sale"
    __table_args__ = (
        Index("ix_sale_card_at", "card_id", "at"),
        Index("ix_sale_at", "at"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    card_id: int = Field(
        sa_column=Column(BIG, ForeignKey("card.id", ondelete="CASCADE"), nullable=False)
    )
    at: datetime
    #: What it was worth, in hundredths of the deck's currency; None: not given.
    value: int | None = Field(default=None, sa_type=BIG)
    seller: str | None = None  # who made the sale, on a shared deck


class Erased(SQLModel, table=True):
    """Someone erased at their request: only keyed hashes of their email and phone are
    kept, so a later import or add does not bring them back."""

    __tablename__ = "erased"
    __table_args__ = (
        Index("ix_erased_email", "email_hash"),
        Index("ix_erased_phone", "phone_hash"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    at: datetime
    email_hash: str | None = None
    phone_hash: str | None = None


class Meta(SQLModel, table=True):
    """Small facts about the deck itself (the key its erasure hashes are made with)."""

    __tablename__ = "meta"

    name: str = Field(primary_key=True)
    value: str


class Change(SQLModel, table=True):
    """One change to one card, written in the same transaction as the change itself.

    The rows of one command share ``op`` (the id of its first row) and are undone
    together. ``before``/``after`` hold the fields the change moved, as JSON; an added
    card has no ``before``. Ids are never reused, so ``op`` always names one command.
    """

    __tablename__ = "change"
    __table_args__ = (
        Index("ix_change_op", "op"),
        Index("ix_change_card", "card_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    op: int = Field(default=0, sa_type=BIG)
    at: datetime
    kind: str
    card_id: int | None = Field(
        default=None, sa_type=BIG
    )  # None for a change to the whole deck (an import)
    before: str | None = None
    after: str | None = None
    contact_id: int | None = Field(default=None, sa_type=BIG)
    sale_id: int | None = Field(default=None, sa_type=BIG)  # the sale a won change recorded
    version_after: int | None = None
    undone_by: int | None = Field(default=None, sa_type=BIG)  # the op that took this change back


def stored(moment: datetime | None) -> str | None:
    """A time as the tables store it (UTC, SQLAlchemy's SQLite text), for plain SQL."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


CARD_FIELDS: tuple[str, ...] = tuple(f for f in Card.model_fields if f != "batch_id")
CONTACT_FIELDS: tuple[str, ...] = tuple(Contact.model_fields)


# Duplicates are matched on name with company, whatever the case: an index on the lowered pair.
Index(
    "ix_card_name_company",
    func.lower(Card.__table__.c.name),  # type: ignore[attr-defined]
    func.lower(Card.__table__.c.company),  # type: ignore[attr-defined]
)


_CARD_TEXT = ("name", "company", "title", "phone", "email", "website", "source",
              "referred_by", "need", "known", "notes", "notch", "lost_reason", "address",
              "other_emails", "other_phones")  # fmt: skip
_CONTACT_TEXT = ("notch", "summary")


@event.listens_for(Card, "load")
def _card_loaded(card: Card, _context: object) -> None:
    """Text read back from the deck never carries terminal controls: a deck written before
    they were refused on the way in is shown safely all the same."""
    _scrub(card, _CARD_TEXT)


@event.listens_for(Contact, "load")
def _contact_loaded(contact: Contact, _context: object) -> None:
    _scrub(contact, _CONTACT_TEXT)


def _scrub(row: SQLModel, names: tuple[str, ...]) -> None:
    state = row.__dict__
    for name in names:
        value = state.get(name)
        if isinstance(value, str):
            clean = without_controls(value)
            if clean != value:
                set_committed_value(row, name, clean)
