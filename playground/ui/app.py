"""Page layout: sidebar controls, the live panel, shapes and options."""
from __future__ import annotations

import re

import streamlit as st

from .. import inspect
from . import controls, draw, extras, live, state

# Streamlit dims elements it considers stale while a fragment reruns; on a
# chart redrawn ten times a second that reads as flicker, so keep them opaque.
NO_FADE_CSS = """
<style>
div[data-testid="stElementContainer"][data-stale="true"] { opacity: 1 !important; transition: none !important; }
div[data-stale="true"] { opacity: 1 !important; }
section[data-testid="stSidebar"] { min-width: 370px; }
</style>
"""


def plain(text: str) -> str:
    """Text for a Markdown element, shown as written: a link's value such as
    __init__, a*b or $x$ must not turn bold, italic, maths or a link."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~<>$:&])", r"\\\1", text)


def _threads() -> None:
    """One BLAS thread: at playground sizes a second thread only adds overhead."""
    if "blas_pinned" not in st.session_state:
        try:
            from threadpoolctl import threadpool_limits
            threadpool_limits(1, user_api="blas")
        except Exception:  # noqa: BLE001 - best effort, never fatal
            pass
        st.session_state.blas_pinned = True


def shapes_panel() -> None:
    trainer = state.ss().trainer
    m = trainer.Xc.shape[1] if trainer.batch_size is None else min(trainer.batch_size, trainer.Xc.shape[1])
    st.markdown(f"**Shapes for a batch of m = {m}** (X is {trainer.network.dims_[0]} × {m}: one example per column)")
    st.table(inspect.shape_rows(trainer.network, m), hide_index=True)


def main() -> None:
    st.set_page_config(page_title="NumPy NN playground", layout="wide", page_icon="🧠")
    st.html(NO_FADE_CSS)
    _threads()
    state.init_session(st.query_params.to_dict())
    s = state.ss()
    controls.sidebar()
    cfg, problems = state.read_widgets()
    if s.get("csv_fresh"):
        s.csv_fresh = False
        state.build(cfg)
        s.reset_notice = "Your CSV data is loaded; the model starts from new initial weights."
    else:
        notice = state.apply(cfg)
        if notice:
            s.reset_notice = notice
    query = s.cfg.to_query()  # as applied: a new dataset drops drawn points (drawn.after_change)
    if s.get("w_hide"):
        query["hide"] = ",".join(s.w_hide)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    for message in s.get("notices", []):
        st.warning(plain(message))
    for message in problems:
        st.warning(plain(message))
    if s.get("reset_notice"):
        st.info(s.reset_notice)
        s.reset_notice = None
    draw.picker()  # what a click on the boundary plot adds
    live.live_panel()
    o1, o2, o3 = st.columns(3)
    o1.toggle("Show test data", key="w_show_test")
    o2.toggle("Discretize output", key="w_discretize")
    o3.toggle("Log-scale cost", key="w_log_cost")
    net_col, shapes_col = st.columns([1.3, 1])
    with net_col:
        live.network_panel()
    with shapes_col:
        shapes_panel()
    extras.extras(s.trainer)
