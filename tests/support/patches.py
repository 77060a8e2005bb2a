"""A live frame's patch applied to a figure dict as the browser applies it,
written here from the patch format in playground/plots/__init__.py (not from
the JavaScript), for tests that check what a chart holds after its frames."""
from __future__ import annotations

import json


def apply(figure: dict, ops: list) -> dict:
    """A copy of figure with ops applied: ["set", path, value] puts value at
    path; ["splice", path, start, values] cuts the array at path at start and
    appends values (a missing array counts as empty)."""
    figure = json.loads(json.dumps(figure))
    for op, path, *args in ops:
        node = figure
        for key in path[:-1]:
            node = node[key]
        if op == "splice":
            node[path[-1]] = (node.get(path[-1]) or [])[:args[0]] + args[1]
        else:
            assert op == "set", op
            node[path[-1]] = args[0]
    return figure
