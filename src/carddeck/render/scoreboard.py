"""The scoreboard drawn in the terminal with rich bars: shared by ``carddeck stats`` and the
screen's stats view."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from carddeck.deck.sellers import Sellers
from carddeck.deck.stats import CloseRate, Scoreboard, ranked
from carddeck.render.targets import render_targets
from carddeck.words import ordinal, plural

BAR = 24


def bar(value: float, most: float, style: str = "cyan") -> Text:
    width = 0 if most <= 0 else round(BAR * value / most)
    return Text("█" * width, style=style) + Text("·" * (BAR - width), style="dim")


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _rates(title: str, rates: list[CloseRate]) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for name in ("", "leads", "won", "lost", "close rate", ""):
        table.add_column(name, justify="left" if name == "" else "right")
    for rate in rates:
        shown = rate.rate if rate.rate is not None else 0.0
        table.add_row(rate.name, str(rate.leads), str(rate.won), str(rate.lost),
                      _percent(rate.rate), bar(shown, 1.0, "green"))  # fmt: skip
    return table


def render(board: Scoreboard) -> RenderableType:
    parts: list[RenderableType] = []
    since = f" since {board.since.date().isoformat()}" if board.since else ""
    parts.append(Rule(f"scoreboard{since}", style="bold"))
    drawn = render_targets(board.targets)
    if drawn is not None:
        parts.append(drawn)
    periods = Table(title=f"by {board.by}", box=box.SIMPLE_HEAD, title_justify="left",
                    pad_edge=False)  # fmt: skip
    for name in ("", "added", "contacted", "won", "lost", "nurture", "added"):
        periods.add_column(name, justify="left" if name == "" else "right")
    most = max((c["added"] for c in board.periods.values()), default=0)
    for period, counts in sorted(board.periods.items()):
        periods.add_row(period, *(str(counts[k]) for k in ("added", "contacted", "won", "lost",
                                                           "nurture")),
                        bar(counts["added"], most))  # fmt: skip
    parts.append(periods)
    parts.append(_rates("close rate (won / won + lost)", [board.overall]))
    if board.sources:
        parts.append(_rates("by source", ranked(board.sources)))
    if board.referrers:
        parts.append(_rates("by referrer", ranked(board.referrers)))
    parts.append(Text.assemble(
        ("first contact: ", "bold"),
        f"{board.called_in_window} of {plural(board.new_leads, 'new lead')} called within their "
        f"first-contact window ({_percent(board.window_share)}); median "
        f"{'-' if board.median_hours is None else f'{board.median_hours:g}'} working hours",
    ))  # fmt: skip
    answered = Table(title="first answered at attempt", box=box.SIMPLE_HEAD, title_justify="left",
                     pad_edge=False)  # fmt: skip
    answered.add_column("attempt", justify="right")
    answered.add_column("leads", justify="right")
    answered.add_column("")
    most = max(board.answered_at.values(), default=0)
    for attempt in range(1, max(board.answered_at, default=0) + 1):
        count = board.answered_at[attempt]
        answered.add_row(str(attempt), str(count), bar(count, most, "yellow"))
    parts.append(answered)
    dropped = plural(board.dropped_early, "lost lead")
    parts.append(Text(f"dropped before the {ordinal(board.goal)} attempt: {dropped} that never "
                      "answered"))  # fmt: skip
    step = board.mean_step
    parts.append(Text.assemble(
        ("notch ladder: ", "bold"),
        "no two answered contacts yet" if step is None else
        f"interest moved {step:+g} a contact on average "
        f"({plural(len(board.interest_steps), 'change')})",
    ))  # fmt: skip
    funnel = Table(title="open cards by stage", box=box.SIMPLE_HEAD, title_justify="left",
                   pad_edge=False)  # fmt: skip
    funnel.add_column("stage")
    funnel.add_column("cards", justify="right")
    funnel.add_column("")
    most = max(board.funnel.values(), default=0)
    for stage in ("rapport", "need", "present", "terms", "close"):
        funnel.add_row(stage, str(board.funnel[stage]), bar(board.funnel[stage], most, "magenta"))
    parts.append(funnel)
    return Group(*parts)


def render_sellers(sellers: Sellers) -> RenderableType:
    """A shared deck's part of the scoreboard: each seller's cards, contacts and wins, what
    waits in the inbox, and the junk each source sent."""
    table = Table(title="by seller", box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for name in ("", "open", "contacts", "won", "lost", "close rate"):
        table.add_column(name, justify="left" if name == "" else "right")
    for line in sellers.lines:
        closed = line.won + line.lost
        rate = line.won / closed if closed else None
        table.add_row(line.seller, str(line.open), str(line.contacts), str(line.won),
                      str(line.lost), _percent(rate))  # fmt: skip
    parts: list[RenderableType] = [
        table,
        Text(f"in the inbox, waiting for a seller: {sellers.inbox}"),
    ]
    if sellers.junk_by_source:
        junk = Table(title="junk by source", box=box.SIMPLE_HEAD, title_justify="left",
                     pad_edge=False)  # fmt: skip
        junk.add_column("")
        junk.add_column("junked", justify="right")
        for source, n in sellers.junk_by_source.items():
            junk.add_row(source, str(n))
        parts.append(junk)
    return Group(*parts)
