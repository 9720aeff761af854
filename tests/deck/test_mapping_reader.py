"""A mapping made once for a file's header (``Mapping.reader``) reads every row as
``Mapping.values`` reads it by name: the same fields, the same columns named, the same
other text."""

from __future__ import annotations

import random

import pytest

from carddeck.deck.intake import as_dict
from carddeck.deck.mapping import Mapping

HEADERS = [
    ["First Name", "Last Name", "Company", "Email", "Phone", "Lead Source", "Notes"],
    ["Name", "Given Name", "Family Name", "E-mail 1 - Label", "E-mail 1 - Value",
     "E-mail 2 - Value", "Phone 1 - Type", "Phone 1 - Value", "Phone 2 - Value",
     "Organization 1 - Name", "Organization 1 - Title", "Address 1 - Street",
     "Address 1 - City", "Address 1 - Region", "Address 1 - Postal Code",
     "Address 1 - Country", "Labels", "Notes", "Birthday"],
    ["First Name", "Middle Name", "Last Name", "Title", "Job Title", "Company",
     "E-mail Address", "E-mail 2 Address", "Business Phone", "Mobile Phone",
     "Business Street", "Business Street 2", "Business City", "Business State",
     "Business Postal Code", "Business Country/Region", "Categories", "Web Page"],
    ["full_name", "email", "phone_number", "what do you need?", "they said", "referred by",
     "address", "street", "city", "zip", "Custom Field 1 - Label", "created_time"],
    ["Email", "Email", "Phone", "Name"],  # a column named twice: no reader
    ["Contact", "Mail", "Tel", "Mobile", "Website", "Position", "Need", "Known", "Comments"],
    ["Email", "City", "Country", "Phone", "Notes"],  # some address parts only
    ["Phone", "Street", "Name"],
]  # fmt: skip

CELLS = [
    "", " ", "  \t ", "Ann Lee", "  padded  ", "ann@example.com", "a@x.com ::: b@y.com",
    "a@x.com; b@y.com", "a@x.com\nb@y.com", "a@x.com\r\nb@y.com", " ; ", ":::", "'=SUM(A1)",
    "'+1 212 555 0100", "'-", "'@x", "p:+12125550100", "p:0207 946 0958", "p:", "p:+",
    "+1 212 555 0100", "line one\nline two", "Acme; Inc", "x", "0", "ünï", "'", "''=x",
    " 'p:+1 212", "p:'=x", "'p:+1", "p:+'=x", "pam", " p: 0207 ", "'=a ::: p:+1", "\t'@x\n",
    "p:0", "p:+1;'+2",
]  # fmt: skip


@pytest.mark.parametrize("header", HEADERS, ids=lambda h: h[0])
def test_the_reader_gives_what_values_gives(header: list[str]) -> None:
    mapping = Mapping.of(header)
    read = mapping.reader(header)
    if len(set(header)) != len(header):
        assert read is None
        return
    assert read is not None
    pick = random.Random(13)
    for _ in range(3000):
        row = [pick.choice(CELLS) for _ in header]
        assert read(row) == mapping.values(as_dict(header, row)), row


def test_a_reader_made_with_overrides_reads_as_values() -> None:
    header = HEADERS[0]
    mapping = Mapping.of(header, {"Notes": "need", "Company": "known"})
    read = mapping.reader(header)
    assert read is not None
    pick = random.Random(7)
    for _ in range(500):
        row = [pick.choice(CELLS) for _ in header]
        assert read(row) == mapping.values(as_dict(header, row)), row


def test_a_reader_reads_overrides_onto_further_values_and_address_parts_as_values() -> None:
    """Fields a reader reads in its own way (one value, an email's first) beside the ones
    it reads as ``values`` does, in the same order, onto the same keys."""
    header = ["Email", "Phone", "Other", "More", "Town", "Zip"]
    overrides = {"Other": "other_emails", "More": "postal", "Town": "street", "Zip": "email"}
    mapping = Mapping.of(header, overrides)
    read = mapping.reader(header)
    assert read is not None
    pick = random.Random(11)
    for _ in range(2000):
        row = [pick.choice(CELLS) for _ in header]
        assert read(row) == mapping.values(as_dict(header, row)), row
