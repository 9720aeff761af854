"""Handing a URI (``tel:``, ``sms:``, ``mailto:``) to the desktop: ``xdg-open`` on Linux and
the BSDs, ``open`` on macOS, found on PATH. Both faces use it, and say what came of it: when
there is nothing to hand it to, they show the number or address instead."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

#: How long to wait for the opener to say it failed; one still running by then is taken
#: to have handed the URI on (some run the program they start in the foreground).
WAIT_SECONDS = 5.0


@dataclass(frozen=True)
class Handoff:
    """What came of handing a URI over: ``opener`` ran and took it (``handed``), or
    ``why`` not."""

    handed: bool
    opener: str
    why: str = ""


def opener_name() -> str:
    return "open" if sys.platform == "darwin" else "xdg-open"


def hand_over(uri: str) -> Handoff:
    """Give ``uri`` to the desktop's opener; never raises."""
    name = opener_name()
    found = shutil.which(name)
    if found is None:
        return Handoff(False, name, f"no {name} on PATH")
    if name == "xdg-open" and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return Handoff(False, name, "no display to open it on")
    try:
        started = subprocess.Popen(
            [found, uri],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C in carddeck is not the program's
        )
    except OSError as err:
        return Handoff(False, name, f"{name} could not be run ({err.strerror or err})")
    try:
        code = started.wait(timeout=WAIT_SECONDS)
    except subprocess.TimeoutExpired:
        return Handoff(True, name)
    if code != 0:
        return Handoff(False, name, f"{name} could not open it (exit {code})")
    return Handoff(True, name)
