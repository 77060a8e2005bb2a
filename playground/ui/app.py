"""Page layout: sidebar controls, the live panel, shapes and options."""
from __future__ import annotations

import re

import streamlit as st

from .. import drawn, inspect
from ..settings import UI_CONTROLS
from . import controls, draw, extras, inputs, live, presentation, run_controls, runtime_costs, state

# Streamlit dims elements it considers stale while a fragment reruns; on a
# chart redrawn ten times a second that reads as flicker, so keep them opaque.
# Also: the open sidebar's width, the step counter above the live charts
# (drawn by plotly_live.js, as a Markdown heading and line would look), and
# the run buttons' narrow padding.
NO_FADE_CSS = """
<style>
div[data-testid="stElementContainer"][data-stale="true"] { opacity: 1 !important; transition: none !important; }
div[data-stale="true"] { opacity: 1 !important; }
section[data-testid="stSidebar"]:not([data-collapsed="true"]) { min-width: 370px; }
.pg-counter h3 { font-size: 1.75rem; font-weight: 600; line-height: 1.2; margin: 0; padding: 0.75rem 0 1rem; }
.pg-counter p { margin: 0 0 1rem; }
%s
</style>
""" % run_controls.ROW_CSS


def plain(text: str) -> str:
    """Text for a Markdown element, shown as written: a link's value such as
    __init__, a*b or $x$ must not turn bold, italic, maths or a link."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~<>$:&])", r"\\\1", text)


def _threads() -> None:
    """One BLAS thread: at playground sizes a second thread only adds overhead."""
    if not state.ss().blas_pinned:
        try:
            from threadpoolctl import threadpool_limits
            threadpool_limits(1, user_api="blas")
        except Exception:  # noqa: BLE001 - best effort, never fatal
            pass
        state.ss().blas_pinned = True


def shapes_panel() -> None:
    trainer = state.ss().trainer
    m = trainer.Xc.shape[1] if trainer.batch_size is None else min(trainer.batch_size, trainer.Xc.shape[1])
    st.markdown(f"**Shapes for a batch of m = {m}** (X is {trainer.network.dims_[0]} × {m}: one example per column)")
    st.table(inspect.shape_rows(trainer.network, m), hide_index=True)


TOGGLES = ("show_test", "discretize", "log_cost")  # view options; names in settings.UI_CONTROLS, keys w_<name>


def view_toggles() -> None:
    for name, column in zip([n for n in TOGGLES if controls.shown(n)], st.columns(3)):
        column.toggle(UI_CONTROLS[name], key=f"w_{name}")


def main() -> None:
    runtime_costs.cache_theme_message()
    runtime_costs.watch_new_modules_only()
    _threads()
    state.init_session(st.query_params.to_dict())  # state only: nothing is drawn before the page config
    s = state.ss()
    present = presentation.start(s, st.query_params.to_dict())
    st.set_page_config(page_title="NumPy NN playground", layout="wide", page_icon="🧠",
                       initial_sidebar_state="collapsed" if present else None)
    st.html(NO_FADE_CSS + (presentation.CSS if present else ""))
    controls.sidebar()
    cfg, problems = state.read_widgets()
    if s.csv_fresh:
        s.csv_fresh = False
        state.build(cfg)
        s.reset_notice = "Your CSV data is loaded; the model starts from new initial weights."
    else:
        notice = state.apply(cfg)
        if notice:
            s.reset_notice = notice
    query = s.cfg.to_query()  # as applied: a new dataset drops drawn points (drawn.after_change)
    hide = state.widgets().get("w_hide")
    if hide:
        query["hide"] = ",".join(hide)
    if present:
        query[presentation.KEY] = "1"
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    for message in s.notices:
        st.warning(plain(message))
    for message in problems:
        st.warning(plain(message))
    if s.reset_notice:
        st.info(s.reset_notice)
        s.reset_notice = None
    if present:  # a projector has no room for the drawing tools above the fold unless one is drawing
        with st.expander("Drawing tools", expanded=s.trainer.dataset.name == drawn.DRAW):
            draw.picker()
    else:
        draw.picker()  # what a click on the boundary plot adds
    live.live_panel(network_beside=present)  # presentation: the network beside the charts, all above the fold
    view_toggles()
    if present:
        shapes_panel()
    else:
        net_col, shapes_col = st.columns([1.3, 1])
        with net_col:
            live.network_panel()
        with shapes_col:
            shapes_panel()
    extras.extras(s.trainer)
    inputs.remember_page()  # values this run set itself are no change for the fragments (ui/inputs.py)
