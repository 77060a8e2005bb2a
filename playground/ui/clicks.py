"""One click, one action: recognising a button click that Streamlit delivers twice.

A click on a button outside every fragment is sent in a full rerun. But the
front end sends all widget states with every fragment rerun (a chart's tick), and a click's trigger is
among them when a tick fires between the click and the click's own message
(the widget manager sends that one from a zero-delay timeout). Streamlit then
runs the button's callback in that fragment run, and again in the full rerun
that follows. The full rerun always comes (the click sends it), so the fragment
run's delivery is the one to ignore: no time window, and clicks as fast as a
user can make them each count once.
"""
from __future__ import annotations

import functools

from streamlit.runtime.scriptrunner import get_script_run_ctx


def repeated_delivery() -> bool:
    """True when a callback of a button outside every fragment runs in a
    fragment run: that is a click delivered a second time."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def once_per_click(callback):
    """Wrap the on_click of a button outside every fragment so a repeated
    delivery does nothing (for callbacks that must not run twice for one
    click: a step, a counter). A button inside a fragment must not use it."""
    @functools.wraps(callback)
    def run(*args, **kwargs):
        if not repeated_delivery():
            callback(*args, **kwargs)
    return run
