"""The import's email check: email-validator's answer for every address, its work on a
domain done once per domain (leads share a few), not once per address."""

from __future__ import annotations

import re
from functools import lru_cache

from carddeck.deck.fields import clean, normalise_email

#: A local part email-validator takes as it is: ASCII atoms joined by single dots.
_ATOM = r"[A-Za-z0-9_!#$%&'*+\-/=?^`{|}~]+"
_PLAIN_LOCAL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*")
#: The library's limits: of a local part, and of a whole address (in UTF-8 octets).
_LOCAL_MOST, _ADDRESS_MOST = 64, 254


@lru_cache(maxsize=4096)
def _domain(domain: str) -> tuple[str, int] | None:
    """Of a domain as typed: email-validator's normal form of it (lowercased), and the
    longest local part an address of it may have for the library to take it unchanged;
    None when the library refuses the domain. Each domain is asked of the library once."""
    from email_validator import EmailNotValidError, validate_email

    try:
        found = validate_email(f"a@{domain}", check_deliverability=False)
    except EmailNotValidError:
        return None
    # The library's three length checks of the whole (as given, normalised, with the ASCII
    # domain) differ only in the domain's length when the local part is plain ASCII: the
    # longest of the three decides. An address over one goes to the library for its words.
    longest = max(len(domain.encode()), len(found.domain.encode()), len(found.ascii_domain))
    # Lowercase apart: "@" ends a word for str.lower (a final sigma stays a final sigma).
    return found.domain.lower(), min(_LOCAL_MOST, _ADDRESS_MOST - 1 - longest)


def fast_email(email: str | None) -> str | None:
    """``normalise_email``, the same answer for every address, without email-validator's
    work on the domain of each: an address whose local part is plain (ASCII atoms joined
    by single dots, as the library takes it unchanged) is that part and the library's
    normal form of its domain, when neither form of the whole is too long; any other
    address, or any the library refuses, goes through the library whole (its words)."""
    value = clean(email)
    if value is None:
        return None
    local, at, domain = value.rpartition("@")
    if at and local.isascii() and (forms := _domain(domain)) is not None:
        if len(local) <= forms[1] and _PLAIN_LOCAL.fullmatch(local):
            return f"{local.lower()}@{forms[0]}"
    return normalise_email(value)
