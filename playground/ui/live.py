"""The live panel: run buttons, then counters and charts redrawn by a fragment.

While training, the fragment reruns every FRAME_S seconds; each run advances
the trainer by what the Speed setting owes since the last frame (pacing.py),
never more than fits in TRAIN_BUDGET_S ('max': all that fits), and then draws
one frame, so the pace does not depend on the frame rate. While paused, the
fragment does not rerun at all.

On a busy server (a classroom on a small container) a frame takes longer
than FRAME_S, so the browser's next request is already waiting when a frame
ends. Streamlit then starts the next run at once and drops the finished
frame's unsent output: measured with ten sessions on two cores, sessions got
0.1 frames/s while the server ran flat out. So each session paces itself:
its frame interval follows what its frames cost (pace()), and a busy server
gives every session fewer frames instead of none.
"""
from __future__ import annotations

import statistics
import threading
import time

import streamlit as st

from .. import inspect
from . import pacing, state, touch
from .live_charts import CHART_CONFIG, colour_bound, grids, live_charts
from .run_controls import buttons

FRAME_S = 0.07
MAX_FRAME_S = 2.0
# Frames of different sessions are computed one at a time. Python runs one
# thread at a time anyway; letting ten sessions' frames contend for it starved
# the server's event loop, which sends the finished frames (see pace()).
_FRAME_SLOT = threading.Lock()
PACE_MARGIN = 1.3  # frame interval / frame cost: room for Streamlit to send the frame
PACE_UP, PACE_DOWN = 1.5, 2.0  # change the interval only when it is this far off: each change reruns the page
PACE_HOLD_S = 2.0  # and at most this often
PACE_WINDOW, PACE_MIN_FRAMES = 9, 5  # frame costs the median is taken over; frames before the first change
BUSY_NOTICE = 2.0  # say the server is busy once the interval is this many times FRAME_S
NETWORK_FRAME_S = 1.0
NETWORK_FRAMES_PER_LIVE = 4  # on a busy server, one network drawing per this many live frames at most
TRAIN_BUDGET_S = 0.02
MAX_STEPS_PER_FRAME = 5000


def advance(trainer, budget_s: float = TRAIN_BUDGET_S, limit: int | None = None, clock=None) -> int:
    """Run the trainer for up to `limit` steps (MAX_STEPS_PER_FRAME when None)
    and about budget_s seconds at most, in growing chunks."""
    clock = clock or pacing.clock
    limit = MAX_STEPS_PER_FRAME if limit is None else min(limit, MAX_STEPS_PER_FRAME)
    start, taken, chunk = clock(), 0, 1
    while taken < limit and not trainer.diverged:
        taken += trainer.run(min(chunk, limit - taken))
        if clock() - start > budget_s:
            break
        chunk = min(chunk * 2, 256)
    return taken


def frame_interval(s=None) -> float:
    """Seconds between this session's frames (FRAME_S unless the server is busy)."""
    return (state.ss() if s is None else s).frame_interval or FRAME_S


# The front end starts a fragment's timer when its previous run's output has
# arrived, so frames come every timer + about 25 ms; a timer of 3/4 of the
# step interval still gives about one step per frame.
STEP_TIMER_SHARE = 0.75


def timer_interval(s=None) -> float:
    """The fragment timer while training: the frame interval, but no shorter
    than STEP_TIMER_SHARE of the time between two optimiser steps at the
    session's speed (a frame with no step due shows nothing new)."""
    s = state.ss() if s is None else s
    return max(frame_interval(s), STEP_TIMER_SHARE * pacing.step_interval(s.trainer, s.cfg.speed))


def pace(cost_s: float, now: float | None = None, s=None) -> bool:
    """Add one frame's cost (seconds, wall clock: it grows when other sessions
    hold the CPU) to the last PACE_WINDOW and pick the frame interval from
    their median.
    Returns True when the interval changed, which needs a page rerun: the
    fragment's timer is set when the page draws it. now (perf_counter
    seconds) and s (the session state) can be given, e.g. by tests.

    A median, and no change before PACE_MIN_FRAMES frames: a single slow
    frame (the first timed one of a run can also build a figure) used to
    raise the interval for good. Back to FRAME_S once frames fit in it again."""
    s = state.ss() if s is None else s
    now = time.perf_counter() if now is None else now
    costs = s.frame_costs[1 - PACE_WINDOW:] + [cost_s]
    s.frame_costs, s.frame_cost = costs, statistics.median(costs)
    current, wanted = frame_interval(s), PACE_MARGIN * s.frame_cost
    if len(costs) < PACE_MIN_FRAMES or now - s.paced_at < PACE_HOLD_S:
        return False
    back_to_back = s.frame_cost >= current  # the next request is waiting before the frame is sent
    if ((wanted > PACE_UP * current or back_to_back) and current < MAX_FRAME_S) \
            or ((wanted < current / PACE_DOWN or wanted <= FRAME_S) and current > FRAME_S):
        s.frame_interval, s.paced_at = min(MAX_FRAME_S, max(FRAME_S, wanted)), now
        return True
    return False


def busy_notice(interval: float) -> str:
    """The notice for a paced-down session: only when frames really are rarer
    (a frame that costs a little over FRAME_S on an idle server is no news)."""
    return f" · busy server: a frame every {interval:.2g} s" if interval >= BUSY_NOTICE * FRAME_S else ""


def _rate(steps: int) -> float:
    """Steps per second over roughly the last second."""
    rate, now = state.ss().rate, time.perf_counter()
    rate["steps"] += steps
    if now - rate["since"] >= 1.0:
        rate["steps_per_s"] = rate["steps"] / (now - rate["since"])
        rate["steps"], rate["since"] = 0, now
    return rate["steps_per_s"]


def record(trainer) -> None:
    """Offer the current state to the bounded recorders (boundary snapshots and
    per-layer statistics); they keep an evenly thinned subset."""
    s = state.ss()
    grid, _ = grids(trainer)
    step = trainer.step_count
    bound = colour_bound(trainer)  # regression snapshots on the live chart's fixed scale
    s.snapshots.offer(step, lambda: (trainer.epoch, inspect.boundary_snapshot(trainer.network, grid, bound)))
    s.layer_log.offer(step, lambda: inspect.layer_stats(trainer.network, trainer.Xc, trainer.Yc))


def metrics(trainer, steps_per_s: float) -> None:
    """The counter and the numbers, in one element (cheap to redraw each frame)."""
    last = trainer.history.last() or {}
    score = "R²" if trainer.network.task_ == "regression" else "accuracy"
    st.markdown(
        f"### Epoch {trainer.epoch} · step {trainer.step_count}\n\n"
        f"Train {score} **{last.get('train_score', float('nan')):.3f}** · "
        f"test {score} **{last.get('test_score', float('nan')):.3f}** · "
        f"train cost **{last.get('train_cost', float('nan')):.4g}** · "
        f"test cost **{last.get('test_cost', float('nan')):.4g}** · "
        f"**{steps_per_s:,.0f}** steps/s" + learning_rate_readout(trainer.network)
        + busy_notice(frame_interval()))


def learning_rate_readout(network) -> str:
    """The step size in use, on the counter line when a schedule changes it."""
    if network.schedule == "constant":
        return ""
    return f" · learning rate **{network.current_learning_rate:.3g}** ({network.schedule} schedule)"


def network_chart(trainer) -> None:
    """The network drawing and its weight editor (ui/touch.py)."""
    touch.network_chart(trainer, grids(trainer)[1], CHART_CONFIG)


def train_frame(trainer) -> int:
    """One frame's training at the session's speed, then the stop checks:
    the steps taken. Pausing here is seen by the next fragment run, which
    reruns the page to swap Pause for Train."""
    s = state.ss()
    if not s.running:
        pacing.stop_paused()
        return 0
    now, cfg = pacing.clock(), s.cfg
    if pacing.idle(now):
        s.running, s.stop_notice = False, f"Training {pacing.IDLE_NOTICE} (at epoch {trainer.epoch})."
        return 0
    limit = pacing.owed_steps(trainer, cfg.speed, now)
    to_stop = pacing.steps_to_stop(trainer, cfg.stop_epoch)
    if to_stop is not None:
        limit = to_stop if limit is None else min(limit, to_stop)
    steps = advance(trainer, limit=limit)
    if trainer.diverged:
        s.running = False
        return steps
    reason = pacing.stop_reason(trainer, cfg, s.run_start_epoch)
    if reason:
        s.running, s.stop_notice = False, reason
    return steps


def _frame(created_running: bool) -> None:
    started, s = time.perf_counter(), state.ss()
    if s.running != created_running:
        # Training stopped or started since the page was drawn (a divergence
        # in the last frame, or another rerun): rerun the page so the buttons
        # and the fragment's timer match, before drawing anything twice.
        st.rerun()
    trainer = s.trainer
    drawn_with_page, s.frame_in_page_run = s.frame_in_page_run, False  # not a timed frame: the page run costs more
    with _FRAME_SLOT:
        steps = train_frame(trainer)
        if steps or drawn_with_page:
            record(trainer)
        if trainer.diverged:
            st.error(trainer.message)
        elif s.stop_notice:
            st.info(s.stop_notice)
        metrics(trainer, _rate(steps))
        # A rerun while paused comes from a user's action (a hover, an edit): draw it.
        changed, s.charts_stale = steps > 0 or not s.running or s.charts_stale, False
        live_charts(trainer, full=drawn_with_page, changed=changed)
    if s.running and not drawn_with_page and pace(time.perf_counter() - started):
        st.rerun()  # re-create the fragment with the new interval


def _network_frame() -> None:
    with _FRAME_SLOT:
        network_chart(state.ss().trainer)


def live_panel(network_beside: bool = False) -> None:
    """Run buttons, then the counter, boundary and curves at FRAME_S; the
    network drawing, which costs the most to draw, at NETWORK_FRAME_S.

    The buttons sit outside the fragment: a click on one reruns the page,
    which Train and Pause need anyway (they start and stop the timer), and
    the browser has four fewer elements to redraw on every frame. With
    network_beside (presentation mode) the network drawing sits to their right."""
    running = bool(state.ss().running)
    pacing.note_page_run(pacing.clock())
    buttons(running)
    state.ss().frame_in_page_run = True
    frame = st.fragment(_frame, run_every=timer_interval() if running else None, key=touch.LIVE_FRAGMENT)
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
    often when the session's frames are paced down)."""
    running = bool(state.ss().running)
    interval = max(NETWORK_FRAME_S, NETWORK_FRAMES_PER_LIVE * frame_interval())
    st.fragment(_network_frame, run_every=interval if running else None, key=touch.NETWORK_FRAGMENT)()
