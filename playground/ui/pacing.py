"""How much one live frame trains, and when training pauses by itself.

The Speed setting asks for epochs per second. Each frame owes that speed
times the time since the previous frame, in optimiser steps (an epoch is
trainer.steps_per_epoch of them); the fraction of a step left over is kept
for the next frame, so any speed is met on average whatever the frame rate.
A gap longer than MAX_GAP_S, or two runs of the live fragment when those are
planned further apart (ui/live.py run_tick), counts as that much: a tab in
the background or a stalled server gets no burst of catching up. Steps the frame's training budget
cannot fit are dropped, not owed. A run of the live fragment may train and
draw its steps as several frames (parts, below).

Training pauses with a notice at the stop epoch, when the test cost has not
improved for `patience` epochs, and after IDLE_PAUSE_S without a click (a
forgotten tab must not hold a classroom's CPU).

All times come from clock(): the Session's clock, time.perf_counter unless
a test put another callable there.
"""
from __future__ import annotations

from ..settings import MAX_SPEED
from . import state

MAX_GAP_S = 0.5
# A frame takes a step owed within this fraction of a step: frame timers jitter,
# so a frame due exactly one step after the last would otherwise often owe
# 0.98 of a step, draw nothing new, and take two steps next time.
STEP_EARLY = 0.25
# Parts: while training, one run of the live fragment trains and draws up to
# MAX_PARTS frames, which the browser shows one after another, evenly spaced
# over the time to the next run (plotly_live.js). Streamlit's own cost of a
# fragment run (its thread, session state, messages; about two thirds of a
# frame's server CPU with 30 sessions) is then shared by several drawn
# frames, and the browser lays out one Streamlit element per run. The price:
# what is shown lags the training by up to one run, PARTS_SPAN_S when the
# server keeps up. A run plans enough parts to span PARTS_SPAN_S at the
# session's pace, and more when its runs come rarer (a busy server).
MAX_PARTS = 4
PARTS_SPAN_S = 0.3
IDLE_PAUSE_S = 600.0
IDLE_NOTICE = "paused after 10 minutes without a click, to share the server"


def clock() -> float:
    """This session's clock, in seconds."""
    return state.ss().clock()


def owed_steps(trainer, speed, now: float, max_gap: float = MAX_GAP_S) -> int | None:
    """Steps this frame owes at `speed` epochs per second (None for 'max':
    as many as the budget fits). The first frame of a run owes nothing: the
    time is counted from it; a gap longer than max_gap counts as max_gap."""
    s = state.ss()
    last, s.pace_at = s.pace_at, now
    if speed == MAX_SPEED:
        s.pace_owed = 0.0
        return None
    elapsed = 0.0 if last is None else min(max_gap, max(0.0, now - last))
    owed = s.pace_owed + speed * trainer.steps_per_epoch * elapsed
    steps = max(0, int(owed + STEP_EARLY))
    s.pace_owed = owed - steps  # may be a little below 0: the step was taken early
    return steps


def step_interval(trainer, speed) -> float:
    """Seconds between optimiser steps at `speed` (0 for 'max'). The frame
    timer runs no faster than this: a frame with nothing new to train would
    cost the server as much as one that has, and show nothing new."""
    if speed == MAX_SPEED:
        return 0.0
    return 1.0 / (speed * trainer.steps_per_epoch)


def planned_parts(shown: float) -> int:
    """The drawn frames a run plans while training, for frames `shown`
    seconds apart: as many as fit PARTS_SPAN_S, MAX_PARTS at most."""
    return min(MAX_PARTS, max(1, int(PARTS_SPAN_S / shown + 1e-9)))


def frame_parts(shown: float, period: float) -> int:
    """The drawn frames this run makes: those planned, or more when runs come
    `period` seconds apart, rarer than planned (a busy server); MAX_PARTS at
    most, and (ui/live.train_frame) no more than one per step owed."""
    return min(MAX_PARTS, max(planned_parts(shown), round(period / shown)))


def stop_paused() -> None:
    """Training is not running: the next run starts its own clock."""
    state.ss().pace_at = None


def steps_to_stop(trainer, stop_epoch: int) -> int | None:
    """Steps until the stop epoch (None when there is none)."""
    if not stop_epoch:
        return None
    return max(0, trainer.steps_left_in_epoch + (stop_epoch - trainer.epoch - 1) * trainer.steps_per_epoch)


def stop_reason(trainer, cfg, run_start_epoch: int) -> str | None:
    """Why training should pause now, or None. Patience counts only epochs
    of this run, so Train after such a stop gets `patience` more epochs."""
    if cfg.stop_epoch and trainer.epoch >= cfg.stop_epoch:
        return (f"Stopped at epoch {trainer.epoch}: the stop epoch is {cfg.stop_epoch}. "
                f"Raise “Stop at epoch” (or set it to 0, never) to train on.")
    if cfg.patience:
        stalled = min(trainer.history.epochs_since_best("test_cost"), trainer.epoch - run_start_epoch)
        if stalled >= cfg.patience:
            return (f"Stopped at epoch {trainer.epoch}: the test cost has not improved for {stalled} epochs "
                    f"(patience {cfg.patience}).")
    return None


def idle(now: float) -> bool:
    """True when the session has trained for IDLE_PAUSE_S since the last click
    (touched_at: ui/inputs.py)."""
    touched = state.ss().touched_at
    return touched is not None and now - touched >= IDLE_PAUSE_S
