"""The scoreboard's money, drawn after the counts: shared by ``carddeck stats`` and the
screen's stats view."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from carddeck.deck.money import format_value
from carddeck.deck.revenue import Takings, per_lead, ranked_sources
from carddeck.deck.stats import Scoreboard
from carddeck.render.scoreboard import bar
from carddeck.words import plural


def _table(title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for name in columns:
        table.add_column(name, justify="left" if name == "" else "right")
    return table


def render_takings(money: Takings, board: Scoreboard) -> RenderableType:
    """Sales and repeat sales, won value by period, by source beside its close rate, and
    the customers who bought the most."""
    cash = money.currency

    def shown(value: int) -> str:
        return format_value(value, cash)

    def worth(counts: dict[str, int]) -> str:
        """The value of some sales; "-" when none of them was given one."""
        return shown(counts["value"]) if counts.get("valued") else "-"

    parts: list[RenderableType] = [Text.assemble(
        ("sales: ", "bold"),
        f"{plural(money.sales, 'sale')} to {plural(money.customers, 'customer')}, "
        f"{plural(money.repeat_sales, 'repeat sale')}; won {shown(money.value)}"
        + ("" if money.valued == money.sales else
           f" ({money.valued} of {money.sales} sales with a value)"),
    )]  # fmt: skip
    if money.periods:
        periods = _table(f"won value by {money.by}", ("", "sales", "value", ""))
        most = max(c["value"] for c in money.periods.values())
        for period, counts in sorted(money.periods.items()):
            periods.add_row(period, str(counts["sales"]), worth(counts),
                            bar(counts["value"], most, "green"))  # fmt: skip
        parts.append(periods)
    if money.sources:
        sources = _table("won value by source", ("", "leads", "close rate", "sales", "value",
                                                 "per lead"))  # fmt: skip
        for source, counts in ranked_sources(money.sources):
            rate = board.sources.get(source)
            leads = rate.leads if rate is not None else 0
            close = "-" if rate is None or rate.rate is None else f"{rate.rate:.0%}"
            each = shown(per_lead(counts["value"], leads)) if leads and counts["valued"] else "-"
            sources.add_row(source, str(leads), close, str(counts["sales"]),
                            worth(counts), each)  # fmt: skip
        parts.append(sources)
    if money.top:
        top = _table("top customers by sales value", ("id", "", "sales", "value"))
        for buyer in money.top:
            top.add_row(str(buyer.card_id), buyer.name, str(buyer.sales), shown(buyer.value))
        parts.append(top)
    return Group(*parts)
