"""The row above the charts: Train / Pause, Step, Step epoch, Reset and New
weights, then the "Run" settings (weights seed, speed, stopping). A link's
hide= can leave out any of them (a teacher's fixed exercise)."""
from __future__ import annotations

import secrets
from dataclasses import replace

import streamlit as st

from . import controls, state

RUN_BUTTONS = ("train", "step", "step_epoch", "reset", "new_weights")  # names in settings.UI_CONTROLS
ROW_KEY = "run_controls"
ROW_CSS = f".st-key-{ROW_KEY} button {{ padding-left: 0.4rem; padding-right: 0.4rem; }}"
NEW_SEED_LIMIT = 1_000_000  # new weights seeds stay short: easy to read off a projector and to type


def new_weights() -> None:
    """New random starting weights on the same data: a fresh weights seed,
    shown in its box and kept in the link, so the run can be had again."""
    s = state.ss()
    seed = s.cfg.weights_seed
    while seed == s.cfg.weights_seed:
        seed = secrets.randbelow(NEW_SEED_LIMIT)
    state.build(replace(s.cfg, init_seed=seed), s.trainer.dataset)
    state.widgets().w_init_seed = seed
    s.reset_notice = f"New random starting weights (weights seed {seed}); the data is unchanged."


def buttons(running: bool) -> None:
    names = [name for name in RUN_BUTTONS if controls.shown(name)]
    n_settings = controls.group_size("Run")
    if not names and not n_settings:
        return
    with st.container(key=ROW_KEY):  # CSS class st-key-run_controls: narrow button padding (ROW_CSS)
        columns = st.columns([1] * len(names) + [1.15] * n_settings, vertical_alignment="bottom", gap="xsmall")
    column = dict(zip(names, columns))
    if "train" in column and running:
        column["train"].button("Pause", key="btn_pause", on_click=state.pause, type="primary", width="stretch")
    elif "train" in column:
        column["train"].button("Train", key="btn_train", on_click=state.start, type="primary", width="stretch")
    if "step" in column:
        column["step"].button("Step", key="btn_step", on_click=state.step_once, width="stretch",
                              help="One optimiser step (one batch)")
    if "step_epoch" in column:
        column["step_epoch"].button("Step epoch", key="btn_epoch", on_click=state.step_epoch, width="stretch")
    seed = state.ss().cfg.weights_seed
    if "reset" in column:
        column["reset"].button("Reset", key="btn_reset", on_click=state.reset, width="stretch",
                               help=f"Back to the same starting weights (weights seed {seed})")
    if "new_weights" in column:
        column["new_weights"].button("New weights", key="btn_new_weights", on_click=new_weights, width="stretch",
                                     help="New random starting weights (a new weights seed); the data stays")
    controls.group_widgets("Run", columns[len(names):])
