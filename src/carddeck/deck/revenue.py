"""The scoreboard's money: sales and repeat sales, won value by week or month and by
source (beside the close rate), and the customers who bought the most."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from carddeck.deck.stats import Period, period_of
from carddeck.store.models import Card, Sale

#: How many customers the scoreboard names, the best first.
TOP = 10


@dataclass(frozen=True)
class Buyer:
    """A customer and what their sales came to (hundredths)."""

    card_id: int
    name: str
    sales: int
    value: int

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.card_id, "name": self.name, "sales": self.sales, "value": self.value}


@dataclass
class Takings:
    """Sales (first and repeat) of the cards the scoreboard counts; values in hundredths
    of ``currency``, summed over the sales that had one."""

    by: Period
    currency: str
    sales: int = 0
    customers: int = 0
    valued: int = 0  # sales with a value given
    value: int = 0
    periods: dict[str, Counter[str]] = field(default_factory=dict)
    sources: dict[str, Counter[str]] = field(default_factory=dict)
    top: list[Buyer] = field(default_factory=list)

    @property
    def repeat_sales(self) -> int:
        """Sales after each customer's first."""
        return self.sales - self.customers

    def as_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "sales": self.sales,
            "customers": self.customers,
            "repeat_sales": self.repeat_sales,
            "sales_with_value": self.valued,
            "value": self.value,
            "by_period": [
                {"period": p, "sales": c["sales"], "value": c["value"]}
                for p, c in sorted(self.periods.items())
            ],  # fmt: skip
            "by_source": [
                {"source": s, "sales": c["sales"], "value": c["value"]}
                for s, c in ranked_sources(self.sources)
            ],  # fmt: skip
            "top_customers": [b.as_dict() for b in self.top],
        }


def per_lead(value: int, leads: int) -> int:
    """What each lead brought, in hundredths, to the nearest (a half up)."""
    return (2 * value + leads) // (2 * leads)


def ranked_sources(sources: dict[str, Counter[str]]) -> list[tuple[str, Counter[str]]]:
    """Sources by the value they brought, then by sales, then by name."""
    return sorted(sources.items(), key=lambda item: (-item[1]["value"], -item[1]["sales"],
                                                     item[0]))  # fmt: skip


def takings(
    session: Session,
    *,
    since: datetime | None = None,
    by: Period = "month",
    currency: str = "USD",
) -> Takings:
    """The sales to cards added since ``since`` (every card's when None), by the week or
    month they were made, by the card's source, and per customer."""
    board = Takings(by=by, currency=currency)
    query = select(Sale, Card.name, Card.source).join(Card, col(Card.id) == Sale.card_id)
    if since is not None:
        query = query.where(col(Card.created_at) >= since)
    buyers: dict[int, list[Any]] = defaultdict(lambda: ["", 0, 0])
    for sale, name, source in session.exec(query.order_by(col(Sale.at), col(Sale.id))):
        worth = sale.value or 0
        board.sales += 1
        board.valued += sale.value is not None
        board.value += worth
        period = board.periods.setdefault(period_of(sale.at, by), Counter())
        period["sales"] += 1
        period["value"] += worth
        period["valued"] += sale.value is not None
        if source:
            counted = board.sources.setdefault(source, Counter())
            counted["sales"] += 1
            counted["value"] += worth
            counted["valued"] += sale.value is not None
        buyer = buyers[sale.card_id]
        buyer[0], buyer[1], buyer[2] = name, buyer[1] + 1, buyer[2] + worth
    board.customers = len(buyers)
    valued = [Buyer(cid, name, n, total) for cid, (name, n, total) in buyers.items() if total]
    board.top = sorted(valued, key=lambda b: (-b.value, -b.sales, b.card_id))[:TOP]
    return board
