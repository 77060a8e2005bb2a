"""Settings as a link writes them (query-string values), and the parsers that
read them back with messages in the link's own terms: the key, the value as
written, the values allowed (never a Python repr)."""
from __future__ import annotations

MAX_SHOWN = 40  # characters of a link's value quoted in a notice


def url_value(value) -> str:
    """A setting as a link writes it: 0.1, 8,8, relu,tanh, full (None)."""
    if value is None:
        return "full"
    if isinstance(value, (tuple, list)):
        return ",".join(map(url_value, value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def first(value):
    """The first of a repeated key's values."""
    return value[0] if isinstance(value, list) and value else value


def written(raw) -> str:
    """A link's value as written, shortened, unprintable characters replaced."""
    text = raw if isinstance(raw, str) else ""
    shown = "".join(c if c.isprintable() else "\ufffd" for c in text[:MAX_SHOWN])
    return shown + ("…" if len(text) > MAX_SHOWN else "")


def names(text: str) -> tuple[str, ...]:
    """Comma-separated items, blanks dropped."""
    if len(text) > 500:
        raise ValueError("the value is too long")
    return tuple(item.strip() for item in text.split(",") if item.strip())


def listing(options) -> str:
    return ", ".join(url_value(option) for option in options)


def one_of(options: tuple, what: str, parse=str):
    """A parser for a value that must be one of options (parse: text -> value)."""
    def parse_one(text: str):
        try:
            value = parse(text.strip())
        except (ValueError, OverflowError):
            value = text  # a string is never among numeric options
        if value in options:
            return value
        if all(isinstance(option, str) for option in options):
            raise ValueError(f"unknown {what} '{written(text)}' (choose from {listing(options)})")
        raise ValueError(f"{what} must be one of {listing(options)}")
    return parse_one


def per_layer(text: str, n: int, what: str, options: tuple) -> tuple:
    """One value per hidden layer (n of them), each one of options."""
    parse = one_of(options, what, float if isinstance(options[0], float) else str)
    items = tuple(parse(item) for item in names(text))
    if len(items) != n:
        raise ValueError(f"the network has {n} hidden layer{'s' * (n != 1)}, so it needs {n} "
                         f"{what} value{'s' * (n != 1)}, not {len(items)}")
    return items
