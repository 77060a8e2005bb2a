"""What the user set on the page, and the page run Streamlit's front end can lose.

Streamlit's front end sends the widget changes of one moment as one rerun
request, for one fragment: its widget manager keeps the first fragment id it
is given in that moment. A live chart's tick asks for a run of its fragment;
a click on a page widget (a panel, a sidebar control, a run button) asks for a
page run. When the tick comes first and the click lands before the request
goes out, the click travels in the fragment's request: the widget's new
value arrives and its callback runs, but the page is not drawn again (a
panel chosen while training never appeared; CI saw it, and
tests/test_folded_page_run.py makes it happen on purpose).

So the page's inputs are remembered on every page run, and each fragment
made with fragment() first compares them: a changed page widget, or a page
button's click, reruns the page before the fragment draws anything.

A button's click folded that way is delivered once, in the fragment run:
its callback runs there (the pinned front end never sends a click twice,
and Streamlit never runs a callback twice for one trigger), and the page
rerun that follows carries no click. So a button's callback must act in
whatever run it is called.
"""
from __future__ import annotations

import functools
from typing import Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from . import state

WIDGET_PREFIX = "w_"
CLICK_PREFIXES = ("btn_", "dl_")  # keys of buttons: True in the run a click caused
# Widgets drawn inside a fragment: a change of one reruns that fragment alone, as it should.
FRAGMENT_WIDGETS = frozenset({"w_draw_mode"})  # ui/draw.py's _modes


def page_values() -> tuple[dict, tuple]:
    """The page widgets' values now, each as something that compares by
    content, and the page buttons' keys."""
    w = state.widgets()
    keys = [key for key in list(w.keys()) if isinstance(key, str)]  # ~0.7 ms: once per page run
    values = {key: _comparable(w[key]) for key in keys if key.startswith(WIDGET_PREFIX) and key not in FRAGMENT_WIDGETS}
    return values, tuple(key for key in keys if key.startswith(CLICK_PREFIXES))


def touched_since_page() -> bool:
    """True when a page button was clicked in this run or a page widget holds
    another value than the last page run left it with. Reads only the keys
    that run had: listing the keys of st.session_state, or asking whether it
    holds one, costs more than reading them (so a widget drawn for the first
    time is no change)."""
    values, buttons = state.ss().page_inputs
    return any(_read(key) is True for key in buttons) or any(
        _comparable(_read(key, before)) != before for key, before in values.items())


def _read(key: str, missing=None):
    """A widget's value, or `missing` when it is gone since (a panel closed)."""
    try:
        return state.widgets()[key]
    except KeyError:
        return missing


def note_page_run(now: float) -> None:
    """Call at the start of every page run (now: the session's clock). A run
    the user caused (a click, a changed widget, the first run of a session)
    counts as a touch for the idle pause (ui/pacing.py); reruns the app makes
    itself change no widget and click no button, so they do not."""
    s = state.ss()
    if touched_since_page() or s.touched_at is None:
        s.touched_at = now
    remember_page()


def remember_page() -> None:
    """The page's inputs as later runs compare them: at the start of a page
    run (so one cut short is remembered too) and at its end (values the run
    itself set, such as a view choice that no longer exists, are no change)."""
    state.ss().page_inputs = page_values()


def fragment_run() -> bool:
    """True in a run of fragments alone (not a page run)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def fragment(body: Callable, **options) -> Callable:
    """st.fragment(body, **options), whose fragment runs first rerun the page
    when its inputs changed since the last page run."""
    @functools.wraps(body)
    def run(*args, **kwargs):
        if fragment_run() and touched_since_page():
            s = state.ss()
            s.touched_at = s.clock()  # the page rerun may not see a click the fragment run took
            st.rerun()
        return body(*args, **kwargs)
    return st.fragment(run, **options)


def _comparable(value):
    """A widget value as something that compares by content (an uploaded
    file by its id)."""
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(_comparable(v) for v in value)
    return getattr(value, "file_id", type(value).__name__)
