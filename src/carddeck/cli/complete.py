"""What the shell's Tab offers: card names from the deck, and the few words an option takes
(statuses, stages, kinds, channels). Light on purpose: completion runs the whole program
at every Tab, so nothing here loads the ORM."""

from __future__ import annotations

import os
import re
from typing import Any

# Typer (0.29 on) carries Click inside as typer._click and names none of these publicly;
# tests/cli/test_completion.py fails on a Typer that moves them.
from typer._click.exceptions import BadParameter, UsageError
from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import BashComplete


def _starting(words: list[str], typed: str) -> list[str]:
    return [word for word in words if word.startswith(typed.lower())]


def statuses(incomplete: str) -> list[str]:
    """Every status, by the name ``list`` prints and takes (``dnc``)."""
    from carddeck.deck.fields import short_status
    from carddeck.store.kinds import Status

    return _starting([short_status(status) for status in Status], incomplete)


def stages(incomplete: str) -> list[str]:
    from carddeck.store.kinds import Stage

    return _starting([stage.value for stage in Stage], incomplete)


def kinds(incomplete: str) -> list[str]:
    from carddeck.store.kinds import Kind

    return _starting([kind.value for kind in Kind], incomplete)


def channels(incomplete: str) -> list[str]:
    from carddeck.store.kinds import Channel

    return _starting([channel.value for channel in Channel], incomplete)


def card_names(ctx: Any, incomplete: str) -> list[CompletionItem]:
    """The names of the cards starting with what was typed, in any case ("an" offers "Ann
    Lee"), from the deck the command line names (``--db``, else ``CARDDECK_DB``, else the
    default); nothing when that deck cannot be read."""
    from carddeck.paths import deck_location
    from carddeck.store.complete import card_names as names

    try:
        location = deck_location(ctx.find_root().params.get("db"))
    except Exception:  # a --db the deck cannot be: nothing to offer, and nothing said
        return []
    found = names(location, incomplete)
    return [CompletionItem(name, help=company or None) for name, company in found]


def prepare(param: Any) -> None:
    """Ready a command's parameter for the shell's completion (once; ``get_params`` hands
    out the same objects each time).

    A CARD argument completes card names. Typer's ``autocompletion`` keeps only values that
    start with the typed text in its case, which would drop "Ann Lee" for "an"; the
    argument's own ``shell_complete`` offers them as the deck matched them.

    While completing (Click parses "resiliently" then) a value is taken as typed: Typer
    would check each through pydantic, which costs more than the rest of a Tab together,
    and completion needs only the words (``--db``'s, say), never their checks or callbacks.
    Nor do a value not given or a text option need pydantic (Typer 0.29 builds a
    TypeAdapter for each parameter it checks, and imports pydantic for the first):
    ``CMD --help`` then loads no pydantic at all, as a minimal Typer app's ``--help``.
    """
    if getattr(param, "_carddeck_ready", False):
        return
    param._carddeck_ready = True
    if param.param_type_name == "argument" and param.name == "card":
        setattr(param, "shell_complete", card_names)  # noqa: B010
    checked = param.process_value
    typed = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    plain_text = typed in (str, str | None)
    whole = typed in (int, int | None)
    real = typed in (float, float | None)

    def process_value(ctx: Any, value: Any) -> Any:
        if ctx.resilient_parsing:
            return value
        if value is None and not param.required:
            # nothing given: what Typer's check would hand on, without loading pydantic
            value = () if param.multiple or param.nargs == -1 else None
            return value if param.callback is None else param.callback(ctx, param, value)
        if plain_text and isinstance(value, str) and param.nargs == 1 and not param.multiple:
            value = str(value)  # text is text: no pydantic TypeAdapter to build for it
            if param.callback is not None:
                value = param.callback(ctx, param, value)
            return value
        number = _whole(param, value) if whole and param.nargs == 1 else None
        if number is not None:  # plain digits in range: the number, as Typer's check gives
            return number if param.callback is None else param.callback(ctx, param, number)
        if (whole or real) and param.nargs == 1 and isinstance(value, str):
            _bounds(ctx, param, value, whole=whole)
            try:  # what else Typer takes ("5.0", " 5"), it takes; its refusal is in our words
                return checked(ctx, value)
            except BadParameter:
                raise _refusal(ctx, param, value, "not a whole number" if whole else "not a number"
                               ) from None  # fmt: skip
        return checked(ctx, value)  # anything else: Typer's check, and its own message

    setattr(param, "process_value", process_value)  # noqa: B010


def _whole(param: Any, value: Any) -> int | None:
    """``value`` as a whole number when it is plain digits within the option's bounds (None:
    for Typer to check, and word its refusal)."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    info = param.type_descriptor.parameter_info
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        return None
    return number


def _refusal(ctx: Any, param: Any, value: str, what: str) -> UsageError:
    """``--limit: '1e26' is not a whole number``: the option, the value as typed, and why."""
    name = str(param.name).upper() if param.param_type_name == "argument" else next(
        (opt for opt in param.opts if opt.startswith("--")), param.opts[0])  # fmt: skip
    shown = value if len(value) <= 30 else value[:29] + "…"
    return UsageError(f"{name}: {shown!r} is {what}", ctx)


def _bounds(ctx: Any, param: Any, value: str, *, whole: bool) -> None:
    """Refuse a number beyond the option's bounds, saying the bound (Typer would say it as
    "Input should be less than or equal to ...")."""
    text = value.strip()
    number: float
    if whole:
        if not text.isascii() or not re.fullmatch(r"[+-]?\d+", text):
            return  # not plainly a number: Typer's check says whether it is one at all
        number = int(text)
    else:
        try:
            number = float(text)
        except ValueError:
            return
        if number != number:  # nan
            raise _refusal(ctx, param, value, "not a number")
    info = param.type_descriptor.parameter_info
    if info.max is not None and number > info.max:
        raise _refusal(ctx, param, value, f"too large (at most {info.max})")
    if info.min is not None and number < info.min:
        raise _refusal(ctx, param, value, f"too small (at least {info.min})")


class Bash(BashComplete):
    """Bash's completion, with each value escaped as typed on a command line: bash inserts a
    value as it is, and "Ann Lee" must arrive as one argument (``Ann\\ Lee``)."""

    quoted = False

    def get_completion_args(self) -> tuple[list[str], str]:
        raw = os.environ.get("COMP_WORDS", "")
        words = raw.split("\n") if "\n" in raw else raw.split()
        at = int(os.environ.get("COMP_CWORD", "0") or 0)
        # inside an open quote ("Ann L<Tab>), bash finishes the quoting: no escapes then
        self.quoted = 0 <= at < len(words) and words[at][:1] in ("'", '"')
        return super().get_completion_args()

    def format_completion(self, item: CompletionItem) -> str:
        if self.quoted:
            return str(item.value)
        return re.sub(r"([^\w@%+=:,./-])", r"\\\1", str(item.value))


def use_our_shells() -> None:
    """Put our bash completion in the place of Typer's (which registers its own when the
    app is built)."""
    add_completion_class(Bash, "bash")
