"""The owner's clock: times are stored aware (UTC) and reasoned about in local wall time."""

from __future__ import annotations

from datetime import datetime


def now() -> datetime:
    """The current moment, aware, in the machine's local zone, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def wall(moment: datetime) -> datetime:
    """An aware moment as naive local wall-clock time (what the owner's calendar shows).
    A moment at the very edge of the calendar (year 1 or 9999, from a deck written before
    such dates were refused) is shown as it was stored rather than failing."""
    try:
        return moment.astimezone().replace(tzinfo=None)
    except (OverflowError, ValueError, OSError):
        return moment.replace(tzinfo=None)


def aware(wall_time: datetime) -> datetime:
    """Naive local wall-clock time as an aware moment (DST taken into account)."""
    return wall_time.astimezone()
