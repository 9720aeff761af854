"""The schema of a new deck at the head revision, as the full store makes it from the
SQLModel tables (``store/models.py``, the one source): statement for statement, so a deck
can be made without loading the ORM. Generated, never edited: tests/store/test_head_schema.py
fails when the tables change, and prints this module anew."""

# ruff: noqa: E501 (statements as SQLite keeps them)
from __future__ import annotations

REVISION = "0008"
STATEMENTS: tuple[str, ...] = (
    "CREATE TABLE import_batch (\n\tid INTEGER NOT NULL, \n\tat DATETIME NOT NULL, \n\tpath VARCHAR NOT NULL, \n\tsource VARCHAR, \n\tfile_format VARCHAR NOT NULL, \n\tencoding VARCHAR NOT NULL, \n\tadded INTEGER NOT NULL, \n\tmerged INTEGER NOT NULL, \n\tskipped INTEGER NOT NULL, \n\tundone_at DATETIME, \n\tcontent_hash VARCHAR, \n\tPRIMARY KEY (id)\n)",
    "CREATE INDEX ix_import_batch_content_hash ON import_batch (content_hash)",
    "CREATE TABLE erased (\n\tid INTEGER NOT NULL, \n\tat DATETIME NOT NULL, \n\temail_hash VARCHAR, \n\tphone_hash VARCHAR, \n\tPRIMARY KEY (id)\n)",
    "CREATE INDEX ix_erased_phone ON erased (phone_hash)",
    "CREATE INDEX ix_erased_email ON erased (email_hash)",
    "CREATE TABLE meta (\n\tname VARCHAR NOT NULL, \n\tvalue VARCHAR NOT NULL, \n\tPRIMARY KEY (name)\n)",
    'CREATE TABLE change (\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n\top INTEGER NOT NULL, \n\tat DATETIME NOT NULL, \n\tkind VARCHAR NOT NULL, \n\tcard_id INTEGER, \n\t"before" VARCHAR, \n\t"after" VARCHAR, \n\tcontact_id INTEGER, \n\tsale_id INTEGER, \n\tversion_after INTEGER, \n\tundone_by INTEGER\n)',
    "CREATE INDEX ix_change_op ON change (op)",
    "CREATE INDEX ix_change_card ON change (card_id, id)",
    "CREATE TABLE card (\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n\tname VARCHAR NOT NULL, \n\tcompany VARCHAR, \n\ttitle VARCHAR, \n\tphone VARCHAR, \n\temail VARCHAR, \n\twebsite VARCHAR, \n\tsource VARCHAR, \n\treferred_by VARCHAR, \n\tkind VARCHAR(8) NOT NULL, \n\tstatus VARCHAR(14) NOT NULL, \n\tstage VARCHAR(7) NOT NULL, \n\tneed VARCHAR, \n\tknown VARCHAR, \n\tnotes VARCHAR, \n\trating INTEGER, \n\tinterest INTEGER, \n\tnotch VARCHAR, \n\tnext_follow_up DATETIME, \n\tattempts INTEGER NOT NULL, \n\tcreated_at DATETIME NOT NULL, \n\tupdated_at DATETIME NOT NULL, \n\tfirst_contacted_at DATETIME, \n\tclosed_at DATETIME, \n\tlost_reason VARCHAR, \n\tposition INTEGER NOT NULL, \n\tversion INTEGER NOT NULL, \n\tbatch_id INTEGER, \n\towner VARCHAR, \n\tvalue INTEGER, \n\taddress VARCHAR, \n\tother_emails VARCHAR, \n\tother_phones VARCHAR, \n\tCONSTRAINT ck_card_rating CHECK (rating IS NULL OR (rating BETWEEN 1 AND 10)), \n\tCONSTRAINT ck_card_interest CHECK (interest IS NULL OR (interest BETWEEN 1 AND 10)), \n\tCONSTRAINT ck_card_attempts CHECK (attempts >= 0), \n\tFOREIGN KEY(batch_id) REFERENCES import_batch (id) ON DELETE SET NULL\n)",
    "CREATE INDEX ix_card_owner ON card (owner) WHERE owner IS NOT NULL",
    "CREATE INDEX ix_card_batch_id ON card (batch_id)",
    "CREATE INDEX ix_card_name_company ON card (lower(name), lower(company))",
    "CREATE INDEX ix_card_position ON card (position, id)",
    "CREATE INDEX ix_card_status_next ON card (status, next_follow_up)",
    "CREATE INDEX ix_card_email ON card (email)",
    "CREATE INDEX ix_card_phone ON card (phone)",
    "CREATE INDEX ix_card_new_leads ON card (status, first_contacted_at, created_at, id, next_follow_up)",
    'CREATE TABLE import_merge (\n\tid INTEGER NOT NULL, \n\tbatch_id INTEGER NOT NULL, \n\tcard_id INTEGER NOT NULL, \n\t"before" VARCHAR NOT NULL, \n\tversion_after INTEGER NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(batch_id) REFERENCES import_batch (id) ON DELETE CASCADE, \n\tFOREIGN KEY(card_id) REFERENCES card (id) ON DELETE CASCADE\n)',
    "CREATE INDEX ix_import_merge_batch_id ON import_merge (batch_id)",
    "CREATE TABLE contact (\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n\tcard_id INTEGER NOT NULL, \n\tat DATETIME NOT NULL, \n\tchannel VARCHAR(7) NOT NULL, \n\treached BOOLEAN NOT NULL, \n\trating INTEGER, \n\tinterest INTEGER, \n\tnotch VARCHAR, \n\trating_after INTEGER, \n\tsummary VARCHAR, \n\tnext_follow_up DATETIME, \n\tseller VARCHAR, \n\tCONSTRAINT ck_contact_rating CHECK (rating IS NULL OR (rating BETWEEN 1 AND 10)), \n\tCONSTRAINT ck_contact_interest CHECK (interest IS NULL OR (interest BETWEEN 1 AND 10)), \n\tCONSTRAINT ck_contact_rating_after CHECK (rating_after IS NULL OR (rating_after BETWEEN 1 AND 10)), \n\tFOREIGN KEY(card_id) REFERENCES card (id) ON DELETE CASCADE\n)",
    "CREATE INDEX ix_contact_card_at ON contact (card_id, at)",
    "CREATE TABLE sale (\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n\tcard_id INTEGER NOT NULL, \n\tat DATETIME NOT NULL, \n\tvalue INTEGER, \n\tseller VARCHAR, \n\tFOREIGN KEY(card_id) REFERENCES card (id) ON DELETE CASCADE\n)",
    "CREATE INDEX ix_sale_card_at ON sale (card_id, at)",
    "CREATE INDEX ix_sale_at ON sale (at)",
    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
)
