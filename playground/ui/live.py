"""The live panel: run buttons, then counters and charts redrawn by a fragment.

While training, each run of the fragment advances the trainer by what the
Speed setting owes since the last run (pacing.py), never more than fits in
its training budget ('max': all that fits), so the pace does not depend on
the frame rate. It trains and draws that as a few frames (pacing.MAX_PARTS),
which the browser shows one after another until the next run. While paused,
the fragment does not rerun.

The charts clock the fragment (plotly_live.py's tick): the browser asks for
the next run run_tick() after it asked for the last one, and not before
that one has arrived. So a session
never has more than one frame waiting, and a busy server (a classroom on a
small container) gives every session fewer frames instead of dropping them:
with run_every, the browser's next request was already waiting when a slow
frame ended, and Streamlit dropped the finished frame's unsent output (ten
sessions on two cores got 0.1 frames/s). Changing the interval needs no page
run either: it travels with each frame.
"""
from __future__ import annotations

import statistics
import threading
import time
from typing import Iterator

import streamlit as st

from .. import inspect
from . import inputs, pacing, state, touch
from .live_charts import CHART_CONFIG, colour_bound, grids, live_charts
from .run_controls import buttons

FRAME_S = 0.07
# Frames of different sessions are computed one at a time. Python runs one
# thread at a time anyway; letting ten sessions' frames contend for it starved
# the server's event loop, which sends the finished frames.
_FRAME_SLOT = threading.Lock()
PERIOD_WINDOW = 9  # gaps between frames the period is the median of
BUSY_NOTICE = 3.0  # say frames are slow once they come this many times rarer than asked
# While training each fragment also gets a slow run_every: if a chart's frame
# is lost (Streamlit drops a run's unsent output when the same fragment runs
# again), nothing would ask for the next one and the chart would stand still.
# Constant, so it never needs a page run to change.
WATCHDOG_S = 5.0
NETWORK_FRAME_S = 1.0
NETWORK_FRAMES_PER_LIVE = 4  # on a busy server, one network drawing per this many live frames at most
TRAIN_BUDGET_S = 0.02  # a drawn frame's training at most (each part of a run: pacing.MAX_PARTS)
MAX_STEPS_PER_FRAME = 5000


def advance(trainer, budget_s: float = TRAIN_BUDGET_S, limit: int | None = None, clock=None) -> int:
    """Run the trainer for up to `limit` steps (MAX_STEPS_PER_FRAME when None)
    and about budget_s seconds at most, in growing chunks."""
    clock = clock or pacing.clock
    limit = MAX_STEPS_PER_FRAME if limit is None else min(limit, MAX_STEPS_PER_FRAME)
    start, taken, chunk = clock(), 0, 1
    while taken < limit and not trainer.diverged:
        took = trainer.run(min(chunk, limit - taken))
        taken += took
        if not took or clock() - start > budget_s:  # none: no training points (all erased in Draw)
            break
        chunk = min(chunk * 2, 256)
    return taken


# The browser asks for a frame a tick after it asked for the last one (or, if
# that frame came later, soon after it arrives), so frames come every tick
# when the server keeps up; steps are due every step interval, and a frame a
# little early still takes its step (pacing.STEP_EARLY).
STEP_TIMER_SHARE = 1.0


def tick_interval(s=None) -> float:
    """Seconds between two drawn frames while training (more when the server
    is slow; a run draws several, see MAX_PARTS): FRAME_S, but no less than
    STEP_TIMER_SHARE of the time between two optimiser steps at the session's
    speed (a frame with no step due shows nothing new)."""
    s = state.ss() if s is None else s
    return max(FRAME_S, STEP_TIMER_SHARE * pacing.step_interval(s.trainer, s.cfg.speed))


def note_frame(now: float, s=None) -> None:
    """Count a timed frame (now: the session's clock): the median gap between
    the last PERIOD_WINDOW of them is frame_period()."""
    s = state.ss() if s is None else s
    if s.frame_at is not None:
        s.frame_gaps = s.frame_gaps[1 - PERIOD_WINDOW:] + [now - s.frame_at]
    s.frame_at = now


def frame_period(s=None) -> float:
    """Seconds between this session's recent frames as they really came (tick,
    round trip and the wait for a busy server); FRAME_S before two frames."""
    s = state.ss() if s is None else s
    return statistics.median(s.frame_gaps) if s.frame_gaps else FRAME_S


def busy_notice(period: float, tick: float) -> str:
    """The notice for frames that come much rarer than asked for (a busy
    server, or a slow browser): a frame that takes a little longer is no news."""
    return f" · slow frames: one every {period:.2g} s (a busy server or browser)" if period >= BUSY_NOTICE * tick else ""


def _rate(steps: int) -> float:
    """Steps per second over roughly the last second."""
    rate, now = state.ss().rate, time.perf_counter()
    rate["steps"] += steps
    if now - rate["since"] >= 1.0:
        rate["steps_per_s"] = rate["steps"] / (now - rate["since"])
        rate["steps"], rate["since"] = 0, now
    return rate["steps_per_s"]


def record(trainer, values=None) -> None:
    """Offer the current state to the bounded recorders (boundary snapshots and
    per-layer statistics); they keep an evenly thinned subset. values: this
    frame's boundary values, when computed already."""
    s = state.ss()
    grid, _ = grids(trainer)
    step = trainer.step_count
    bound = colour_bound(trainer)  # regression snapshots on the live chart's fixed scale
    s.snapshots.offer(step, lambda: (trainer.epoch,
                                     inspect.boundary_snapshot(trainer.network, grid, bound, values=values)))
    s.layer_log.offer(step, lambda: inspect.layer_stats(trainer.network, trainer.Xc, trainer.Yc))


def counter_text(trainer, steps_per_s: float) -> str:
    """The counter and the numbers, drawn above the live charts in their element
    (plotly_live.live_plotly's counter): '### title', then the numbers."""
    last = trainer.history.last() or {}
    score = "R²" if trainer.network.task_ == "regression" else "accuracy"
    return (f"### Epoch {trainer.epoch} · step {trainer.step_count}\n\n"
            f"Train {score} **{last.get('train_score', float('nan')):.3f}** · "
            f"test {score} **{last.get('test_score', float('nan')):.3f}** · "
            f"train cost **{last.get('train_cost', float('nan')):.4g}** · "
            f"test cost **{last.get('test_cost', float('nan')):.4g}** · "
            f"**{steps_per_s:,.0f}** steps/s" + learning_rate_readout(trainer.network)
            + busy_notice(shown_period(), tick_interval()))


def learning_rate_readout(network) -> str:
    """The step size in use, on the counter line when a schedule changes it."""
    if network.schedule == "constant":
        return ""
    return f" · learning rate **{network.current_learning_rate:.3g}** ({network.schedule} schedule)"


def network_chart(trainer, tick: float | None = None) -> None:
    """The network drawing and its weight editor (ui/touch.py)."""
    touch.network_chart(trainer, grids(trainer)[1], CHART_CONFIG, tick=tick)


def train_frame(trainer, parts: int = 1) -> Iterator[int]:
    """One run's training at the session's speed, in up to `parts` even
    pieces (no more than the steps owed; their count goes to the session's
    frame_parts), each followed by the stop checks: yields the steps of each
    piece, and stops yielding at a stop or a piece that took none. Each
    piece is one drawn frame's training: TRAIN_BUDGET_S and
    MAX_STEPS_PER_FRAME at most. Pausing here is seen by the next fragment
    run, which reruns the page to swap Pause for Train."""
    s = state.ss()
    if not s.running:
        pacing.stop_paused()
        yield 0
        return
    now, cfg = pacing.clock(), s.cfg
    if pacing.idle(now):
        s.running, s.stop_notice = False, f"Training {pacing.IDLE_NOTICE} (at epoch {trainer.epoch})."
        yield 0
        return
    # None: Speed max, as many as the budget fits. A gap of two runs is still a normal one.
    limit = pacing.owed_steps(trainer, cfg.speed, now, max_gap=max(pacing.MAX_GAP_S, 2 * run_tick(s)))
    to_stop = pacing.steps_to_stop(trainer, cfg.stop_epoch)
    if to_stop is not None:
        limit = to_stop if limit is None else min(limit, to_stop)
    if limit is not None:
        parts = max(1, min(parts, limit))
    s.frame_parts, taken = parts, 0
    for part in range(parts):
        share = None if limit is None else (limit - taken) // (parts - part)  # the remainder goes last
        steps = advance(trainer, limit=share)
        taken += steps
        if trainer.diverged:
            s.running = False
            yield steps
            return
        reason = pacing.stop_reason(trainer, cfg, s.run_start_epoch)
        if reason:
            s.running, s.stop_notice = False, reason
            yield steps
            return
        yield steps
        if not steps:
            return


def shown_period(s=None) -> float:
    """Seconds between the frames this session's browser shows: its runs'
    period (frame_period) shared by the parts of the last run, and no less
    than a drawn frame's interval."""
    s = state.ss() if s is None else s
    return max(tick_interval(s), frame_period(s) / s.frame_parts)


def run_tick(s=None) -> float:
    """Seconds from asking for one run of the live fragment to asking for the
    next while training: a drawn frame's interval for each planned part."""
    shown = tick_interval(s)
    return shown * pacing.planned_parts(shown)


def _frame(created_running: bool) -> None:
    s = state.ss()
    if s.running != created_running:
        # Training stopped or started since the page was drawn (a divergence
        # or a stop in the last frame, or another rerun): rerun the page so the
        # buttons match, before drawing anything twice.
        st.rerun()
    trainer = s.trainer
    drawn_with_page, s.frame_in_page_run = s.frame_in_page_run, False
    with _FRAME_SLOT:
        s.frame_parts = 1
        parts = pacing.frame_parts(tick_interval(s), frame_period(s)) if s.running and created_running else 1
        pieces = train_frame(trainer, parts)
        steps = next(pieces)
        spacing = shown_period(s)  # the browser shows the run's parts this far apart
        # A stop now: the page run that swaps Pause for Train comes a drawn frame later, not a run.
        tick = (run_tick(s) if s.running else tick_interval(s)) if created_running else None
        values = None  # the boundary's values, computed once for the snapshot and the chart
        if steps or drawn_with_page:
            values = inspect.boundary_values(trainer.network, grids(trainer)[0])
            record(trainer, values)

        def later_parts() -> Iterator[tuple]:
            """Train the run's other parts one by one, each recorded and ending
            with (its counter's text, its boundary values) for live_charts to draw it."""
            for part_steps in pieces:
                if part_steps:
                    part_values = inspect.boundary_values(trainer.network, grids(trainer)[0])
                    record(trainer, part_values)
                    yield counter_text(trainer, _rate(part_steps)), part_values

        if trainer.diverged:
            st.error(trainer.message)
        elif s.stop_notice:
            st.info(s.stop_notice)  # a stop in a later part shows with the page run the next tick brings
        if s.running:
            note_frame(pacing.clock(), s)
        else:
            s.frame_at, s.frame_gaps = None, []
        # A rerun while paused comes from a user's action (a hover, an edit): draw it.
        changed, s.charts_stale = steps > 0 or not s.running or s.charts_stale, False
        # Ticks go on while the page shows Pause: the next frame sees a stop and reruns the page.
        live_charts(trainer, full=drawn_with_page, changed=changed, tick=tick, values=values,
                    counter=counter_text(trainer, _rate(steps)), later=later_parts(), spacing=spacing)


def _network_frame() -> None:
    with _FRAME_SLOT:
        network_chart(state.ss().trainer, tick=slow_tick(NETWORK_FRAME_S, NETWORK_FRAMES_PER_LIVE))


def slow_tick(fastest: float, per_live: int) -> float | None:
    """The tick of a chart redrawn beside the live one while training (None
    when paused): every `fastest` seconds, or every `per_live` shown live
    frames when those come rarer (a busy server)."""
    return max(fastest, per_live * shown_period()) if state.ss().running else None


def live_panel(network_beside: bool = False) -> None:
    """Run buttons, then the counter, boundary and curves at FRAME_S; the
    network drawing, which costs the most to draw, at NETWORK_FRAME_S.

    The buttons sit outside the fragment: a click on one reruns the page,
    which Train and Pause need anyway (they start and stop the timer), and
    the browser has four fewer elements to redraw on every frame. With
    network_beside (presentation mode) the network drawing sits to their right."""
    running = bool(state.ss().running)
    inputs.note_page_run(pacing.clock())
    buttons(running)
    state.ss().frame_in_page_run = True
    frame = inputs.fragment(_frame, run_every=WATCHDOG_S if running else None, key=touch.LIVE_FRAGMENT)
    if not network_beside:
        frame(running)
        return
    live_column, network_column = st.columns([2.3, 1])
    with live_column:
        frame(running)
    with network_column:
        network_panel()


def network_panel() -> None:
    """The network drawing, redrawn every NETWORK_FRAME_S while training (less
    often when the session's frames come rarer)."""
    running = bool(state.ss().running)
    inputs.fragment(_network_frame, run_every=WATCHDOG_S if running else None, key=touch.NETWORK_FRAGMENT)()
    touch.network_caption()
