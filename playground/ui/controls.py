"""Sidebar widgets. Each widget's value lives under a w_* session-state key,
so a Config can be written into them (links, presets) and read back."""
from __future__ import annotations

import streamlit as st

from .. import nn
from ..config import (BATCH_SIZES, CSV, KEEP_PROBS, L2_RATES, LEARNING_RATES, MAX_HIDDEN_LAYERS,
                      MAX_UNITS, NOISE_LEVELS, SAMPLE_SIZES, TEST_RATIOS)
from ..data import DATASETS, FEATURES
from . import state
from .clicks import once_per_click

DATASET_LABELS = {"circles": "Circles", "moons": "Moons", "xor": "XOR", "gaussian": "Two Gaussians",
                  "spiral": "Spiral", "blobs3": "3-class blobs", "spiral3": "3-class spiral",
                  "plane": "Regression: plane", "gauss_bumps": "Regression: bumps", CSV: "Upload CSV…"}
ACTIVATION_LABELS = {"relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoid", "leaky_relu": "leaky ReLU",
                     "linear": "linear"}
INIT_LABELS = {"small": "small ×0.01 (seeds)", "he": "He", "xavier": "Xavier", "zeros": "zeros"}
OPT_LABELS = {"sgd": "SGD", "momentum": "momentum", "adam": "Adam"}


@once_per_click
def _regenerate() -> None:
    s = state.ss()
    s.w_seed = (int(s.w_seed) + 1) % 2**31


def _shown(name: str) -> bool:
    return name not in state.ss().get("w_hide", [])


def data_controls() -> None:
    st.subheader("Data")
    if _shown("dataset"):
        st.selectbox("Dataset", list(DATASETS) + [CSV], key="w_dataset", format_func=DATASET_LABELS.get)
    if state.ss().get("w_dataset") == CSV:
        upload = st.file_uploader("CSV with columns x1, x2, label", type=["csv", "txt"], key="w_csv")
        if upload is not None and state.ss().get("csv_upload_id") != upload.file_id:
            state.ss().csv_upload_id = upload.file_id
            state.ss().csv_error = state.upload_csv(upload.getvalue())
            state.ss().csv_fresh = state.ss().csv_error is None
        if state.ss().get("csv_error"):
            st.error(state.ss().csv_error)
        elif state.ss().get("csv_points") is None:
            st.info("Upload a CSV file (x1, x2, label; up to 10,000 rows). The previous data stays until then.")
    if _shown("noise"):
        st.select_slider("Noise", NOISE_LEVELS, key="w_noise")
    if _shown("points"):
        st.select_slider("Number of points", SAMPLE_SIZES, key="w_points")
    if _shown("test"):
        st.select_slider("Test ratio", TEST_RATIOS, key="w_test", format_func=lambda r: f"{r:.0%}")
    if _shown("features"):
        st.multiselect("Input features", list(FEATURES), key="w_features")
    if _shown("regenerate"):
        st.button("Regenerate", on_click=_regenerate, help="New random data (the seed goes up by one)")


def network_controls() -> None:
    st.subheader("Network")
    s = state.ss()
    if _shown("layers"):
        st.number_input("Hidden layers", 0, MAX_HIDDEN_LAYERS, key="w_layers", step=1)
    for i in range(int(s.get("w_layers", len(s.cfg.hidden)))):
        for prefix, default in (("w_units_", 4), ("w_act_", "relu"), ("w_keep_", 1.0)):
            if prefix + str(i) not in s:  # a new layer copies the one before it
                s[prefix + str(i)] = s.get(prefix + str(i - 1), default)
        c1, c2, c3 = st.columns([1.1, 1.2, 1])
        if _shown("layers"):
            c1.number_input(f"Layer {i + 1} neurons", 1, MAX_UNITS, key=f"w_units_{i}", step=1)
        if _shown("activation"):
            c2.selectbox(f"Activation {i + 1}", nn.HIDDEN_ACTIVATIONS, key=f"w_act_{i}",
                         format_func=ACTIVATION_LABELS.get)
        if _shown("dropout"):
            c3.selectbox(f"Keep prob {i + 1}", KEEP_PROBS, key=f"w_keep_{i}",
                         help="Dropout: the probability of keeping each unit while training (1 = off)")
    if _shown("init"):
        st.selectbox("Initialisation", nn.INIT_METHODS, key="w_init", format_func=INIT_LABELS.get)


def training_controls() -> None:
    st.subheader("Training")
    if _shown("lr"):
        st.select_slider("Learning rate", LEARNING_RATES, key="w_lr", format_func=lambda v: f"{v:g}")
    if _shown("l2"):
        st.select_slider("L2 regularisation λ", L2_RATES, key="w_l2", format_func=lambda v: f"{v:g}")
    if _shown("optimizer"):
        st.selectbox("Optimiser", ("sgd", "momentum", "adam"), key="w_opt", format_func=OPT_LABELS.get)
    if _shown("batch"):
        st.select_slider("Batch size", [b if b is not None else "full" for b in BATCH_SIZES], key="w_batch")
    if _shown("seed"):
        st.number_input("Seed", 0, 2**31 - 1, key="w_seed", step=1)


def sidebar() -> None:
    state.write_widgets(state.ss().cfg, only_missing=True)
    with st.sidebar:
        st.title("NN playground")
        data_controls()
        network_controls()
        training_controls()
