"""The import's quick email check (``quickemail.fast_email``) gives email-validator's answer
for every address: the same normal form, or the same refusal, word for word. It only
decides when the library's answer for an address's domain can be reused."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from carddeck.deck.fields import normalise_email
from carddeck.deck.quickemail import _domain, fast_email
from carddeck.errors import InvalidInput

#: RFC 5322 atext beside letters and digits: every one of them may stand in a local part.
ATEXT = "!#$%&'*+-/=?^_`{|}~"
#: Characters a plain local part may not hold (or only quoted, or only beyond ASCII).
NOT_ATEXT = ' "(),:;<>@[\\]é\u00a0\u200b'

DOMAINS = [
    "example.com", "Example.COM", "gmail.com", "sub.domain.example.co.uk", "a.io", "x.y.z.museum",
    "exämple.com", "xn--exmple-cua.com", "bücher.de", "例え.jp", "ÉCOLE.fr", "xn--abc.com",
    "test", "x.test", "x.local", "x.invalid", "localhost", "example", "x.onion", "x.arpa",
    "example.org", "x.123", "123.456", "1.2.3.4", "x.c0m", "-bad.com", "bad-.com",
    "b--c.com", "ex_ample.com", "_dmarc.example.com", "ex ample.com", "example.com.",
    "example..com", ".example.com", "[127.0.0.1]", "[IPv6:::1]", "", "@example.com",
    f"{'b' * 63}.com", f"{'b' * 64}.com", ".".join(["c" * 63] * 3) + ".com",
    ".".join(["d" * 61] * 4) + ".com", ".".join(["e" * 40] * 5) + ".com",
    "ﬁle.com", "EXÄMPLE.COM", "xn--EXMPLE-CUA.com",
]  # fmt: skip


def locals_() -> Iterator[str]:
    """Local parts of every kind a lead file could hold, plain or not."""
    yield from ("a", "Z", "0", "lead.42", "John.DOE", "Postmaster", "ABUSE", "info")
    for c in ATEXT + NOT_ATEXT + ".":
        yield from (c, f"a{c}b", f"{c}a", f"a{c}", f"A{c}{c}B")
    base = "abcdef"
    for i in range(len(base) + 1):  # a dot in every position, and two
        yield base[:i] + "." + base[i:]
        yield base[:i] + ".." + base[i:]
    for n in range(1, 71):  # lengths about the limit of 64
        yield "a" * n
        yield ("x." * n)[:n]
        yield ("Ab" * n)[:n]
    yield from ('"quoted"', '"a b"', '"a\\"b"', "ünï", "ü.x", "Ann <ann", "a\tb")


def addresses() -> Iterator[str]:
    for domain in DOMAINS:
        for local in locals_():
            yield f"{local}@{domain}"
    for k in range(20, 40):  # beyond ASCII: the forms of the whole differ in length
        for n in (1, 20, 60, 64):
            yield f"{'a' * n}@" + ".".join(["bücher"] * k) + ".de"
            yield f"{'a' * n}@" + ".".join(["xn--bcher-kva"] * (k // 2)) + ".de"
    for n in range(230, 260):  # whole addresses about the limit of 254
        yield f"{'a' * 60}@" + "b" * (n - 61 - 4) + ".com"
        yield f"{'a' * 40}@" + ".".join(["c" * 50] * 4)[: n - 41 - 4].strip(".") + ".com"
    yield from ("", "   ", "@", "a@", "@b.com", "a@@b.com", "a@b@c.com", "noat")
    yield from ("  Spaced@Example.com  ", "x@example.com\u200b", "Ann <ann@example.com>")


def answer(check: Callable[[str], str | None], address: str) -> str | None:
    try:
        return check(address)
    except InvalidInput as err:
        return f"refused: {err}"


def test_the_quick_check_answers_as_email_validator_for_every_address() -> None:
    differ = [
        (address, quick, full)
        for address in addresses()
        if (quick := answer(fast_email, address)) != (full := answer(normalise_email, address))
    ]
    assert differ == []


def test_a_domain_is_asked_of_email_validator_once() -> None:
    _domain.cache_clear()
    for i in range(50):
        assert fast_email(f"Lead.{i}@Example.com") == f"lead.{i}@example.com"
    info = _domain.cache_info()
    assert (info.misses, info.hits) == (1, 49)
