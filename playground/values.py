"""How setting values are written in links and messages, and read back as
numbers: the text side of the settings table (playground/settings.py)."""
from __future__ import annotations

import json
import math
from typing import Any

FULL_BATCH = "full"  # how a batch size of None (full batch) is written


def show(value: Any) -> str:
    """A value as it is written in a link (and in messages)."""
    if value is None:
        return FULL_BATCH
    if isinstance(value, (tuple, list)):
        return ",".join(show(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def quoted(value: Any, limit: int = 40) -> str:
    """A user's value for a message, short and as they wrote it: link text
    as it is, anything else in its JSON form (true, null, [1, 2])."""
    if not isinstance(value, str):
        try:
            value = json.dumps(list(value) if isinstance(value, tuple) else value)
        except (TypeError, ValueError):
            value = type(value).__name__
    return repr(value[:limit] + ("…" if len(value) > limit else ""))


def one_of(what: str, choices: tuple) -> str:
    return f"{what} must be one of " + ", ".join(show(c) for c in choices)


def written(raw: Any, limit: int = 40) -> str:
    """A link's value as written, shortened, unprintable characters replaced."""
    text = raw if isinstance(raw, str) else ""
    shown = "".join(c if c.isprintable() else "\ufffd" for c in text[:limit])
    return shown + ("…" if len(text) > limit else "")


# ------------------------------------------------------------- value kinds
def as_number(value: Any, integer: bool = False) -> float | int:
    """A JSON or parsed number; booleans and non-finite values are not numbers."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not a finite number")
    if integer and value != int(value):
        raise ValueError("not a whole number")
    return int(value) if integer else value


def text_as_number(text: str, integer: bool = False) -> float | int:
    text = text.strip()
    if len(text) > 30:
        raise ValueError("not a number")
    try:
        return as_number(int(text) if integer else float(text), integer)
    except (ValueError, OverflowError):
        raise ValueError("not a " + ("whole number" if integer else "number")) from None
