"""The owner's targets drawn as gauges, each figure against the mark of its target: part of
the scoreboard on both faces."""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from carddeck.deck.targets import Target
from carddeck.words import plural

GAUGE = 16
#: The target's mark sits three quarters along, so a figure past its target shows.
MARK = 12
NAMES = {
    "leads_per_month": "leads this month",
    "close_rate": "close rate",
    "first_contact_share": "called in window",
    "attempts": "tries before giving up",
}


def amount(target: Target, value: float | None) -> str:
    if value is None:
        return "-"
    if target.unit == "share":
        return f"{value:.0%}"
    return f"{value:g}" if target.unit == "attempts" else str(round(value))


def gauge(target: Target) -> Text:
    """``███████···┃·····``: the figure filled in, the target's mark on it."""
    progress = target.progress or 0.0
    filled = min(GAUGE, round(MARK * progress))
    style = "green" if target.met else "yellow"
    drawn = Text()
    for cell in range(GAUGE):
        if cell == MARK:
            drawn.append("┃", style="bold")
        else:
            drawn.append("█" if cell < filled else "·", style=style if cell < filled else "dim")
    return drawn


def verdict(target: Target) -> Text:
    if target.met is None:
        return Text("none yet", style="dim")
    if target.met:
        said = Text("met ✓", style="bold green")
    else:
        said = Text(f"{target.progress:.0%} of target", style="yellow")
    if target.short:
        said.append(f" ({target.short} of {plural(target.of, 'lead')} given up short)")
    return said


def render_targets(targets: list[Target]) -> RenderableType | None:
    """The targets the owner set (None when there is none)."""
    shown = [t for t in targets if t.target is not None]
    if not shown:
        return None
    table = Table(title="targets", box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for name in ("", "now", "target", ""):
        table.add_column(name, justify="right" if name else "left", no_wrap=True)
    table.add_column("")  # the verdict, the one part that may wrap
    for target in shown:
        table.add_row(NAMES.get(target.name, target.name), amount(target, target.figure),
                      amount(target, target.target), gauge(target), verdict(target))  # fmt: skip
    return table
