"""What one browser session keeps between runs, as one typed object.

A Session lives under a single key of st.session_state (state.ss() returns
it), so two tabs never share a model and every module reads the same named
fields instead of string keys. Widget values are the exception: Streamlit
keeps them under their own keys (`w_<setting>`, see state.widget_key), and
state.widgets() reads them.

One key instead of some sixty also matters for speed: Streamlit copies every
key of session state at the start of each run, fragment runs included.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

SESSION_KEY = "playground"


def new_rate() -> dict:
    """The steps/s readout's running count (live._rate)."""
    return {"steps": 0, "since": time.perf_counter(), "steps_per_s": 0.0}


@dataclass(slots=True)
class Session:
    # the model: state.build makes these together
    cfg: Any = None  # playground.config.Config
    trainer: Any = None  # playground.engine.Trainer
    model_version: int = 0  # goes up with each new model: cached figures and grids key on it
    running: bool = False
    run_start_epoch: int = 0  # patience counts the epochs of this run
    # messages, each shown where it belongs until replaced
    notices: list = field(default_factory=list)  # about the link (bad keys, hide= names)
    stop_notice: str | None = None  # why training paused itself
    reset_notice: str | None = None  # shown once, after a model was rebuilt
    upload_error: str | None = None  # the configuration / weights uploader
    csv_error: str | None = None
    # uploaded CSV data
    csv_points: Any = None  # the uploaded Dataset, before features are chosen
    csv_upload_id: Any = None  # which upload csv_points came from
    csv_fresh: bool = False  # a new upload waits to be built into a model
    # recorders and results
    rate: dict = field(default_factory=new_rate)
    snapshots: Any = None  # engine.Recorder: boundaries over training (History panel)
    layer_log: Any = None  # engine.Recorder: per-layer statistics (Inside the layers)
    gradcheck: dict | None = None
    kept: list = field(default_factory=list)  # kept runs (Compare runs), at most state.MAX_KEPT_RUNS
    kept_count: int = 0
    # pacing (ui/pacing.py): the clock is injectable for tests
    clock: Callable[[], float] = time.perf_counter
    pace_at: float | None = None  # when the last frame's training was owed up to
    pace_owed: float = 0.0  # the fraction of a step carried to the next frame
    touched_at: float | None = None  # the last click or widget change (ui/inputs.py)
    page_inputs: tuple = ({}, ())  # the page widgets' values and button keys, as the last page run left them
    # frame rate (ui/live.py frame_period())
    frame_at: float | None = None  # when the last timed frame ran (the clock above)
    frame_gaps: list = field(default_factory=list)
    frame_parts: int = 1  # the frames the last run trained and drew (ui/live.py train_frame)
    frame_in_page_run: bool = False
    charts_stale: bool = False  # something besides training changed what the live charts show (ui/touch.py)
    # what the charts hold (ui/live_charts.py)
    grid: Any = None
    small_grid: Any = None
    grid_key: Any = None
    colour_bound: float = 1.0  # regression's colour scale for the current data, with the grids
    boundary_fig: Any = None
    boundary_key: Any = None
    boundary_version: int = 0
    curves_fig: Any = None
    curves_key: Any = None
    curves_version: int = 0
    curves_marks: list = field(default_factory=list)
    curves_ranges: dict = field(default_factory=dict)
    panels: dict = field(default_factory=dict)  # the live panels' charts (ui/picture.py), by panel name
    # the touchable network drawing (ui/touch.py)
    touch_model: int | None = None  # the model_version the touch state below belongs to
    touch_hover: tuple | None = None  # the neuron under the pointer
    touch_pin: tuple | None = None  # the neuron a click holds
    touch_edit: tuple | None = None  # the weight or bias in the editor
    touch_error: str | None = None
    network_fig: Any = None
    network_key: Any = None
    network_theta: Any = None  # the parameters the drawing shows
    network_version: int = 0
    # drawing data (ui/draw.py)
    data_edits: int = 0  # points drawn or erased so far
    boundary_edits: int = 0  # the data_edits the boundary chart's points show
    points_frame: int | None = None  # the first frame with those points, until the browser has it (ui/live_charts.py)
    draw_error: str | None = None
    draw_shows_test: bool = False  # a drawing turned "Show test data" on once
    # presentation mode (ui/presentation.py): read from the first link, then kept
    present: bool | None = None
    chart_height: int | None = None  # the live charts' height when not the default
    network_height: int | None = None  # the network drawing's, at most
    blas_pinned: bool = False


# The Session found in this script run, per script thread: a lookup in
# st.session_state takes ~15 µs and a live frame makes dozens (3% of the
# server's CPU with 30 sessions). Keyed by the run's context and the cursors
# dict Streamlit makes anew for every run, so no run reuses another's answer.
_this_run = threading.local()


def ss() -> Session:
    """This browser session's state (one Session under one key)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    run = (ctx, getattr(ctx, "cursors", None))
    found = getattr(_this_run, "found", None)
    if ctx is not None and found is not None and found[0] is run[0] and found[1] is run[1]:
        return found[2]
    session = st.session_state.get(SESSION_KEY)
    if session is None:
        session = st.session_state[SESSION_KEY] = Session()
    _this_run.found = (*run, session)
    return session
