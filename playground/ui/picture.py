"""Panels that read the picture while the model trains: the test set's
confusion matrix and the hidden-space view. Each draws its chart in a
fragment that its chart reruns every PANEL_FRAME_S while training (less often
when the session's live frames come rarer); the whole figure goes once per
model, data or view choice and on a page run, and a patch on every other frame."""
from __future__ import annotations

import streamlit as st

from .. import inspect, plots
from . import inputs, state
from .live import WATCHDOG_S, slow_tick
from .live_charts import CHART_CONFIG, colour_bound
from .plotly_live import holds, live_plotly

PANEL_FRAME_S = 0.5
PANEL_FRAMES_PER_LIVE = 4  # at most one panel frame per this many live frames on a busy server


def _live(name: str, draw) -> None:
    """Run draw(trainer, full) now and, while training, every PANEL_FRAME_S;
    full is True on the page run (a new element needs the whole figure)."""
    _panel(name)["in_page_run"] = True

    def frame() -> None:
        panel = _panel(name)
        full, panel["in_page_run"] = panel["in_page_run"], False
        draw(state.ss().trainer, full)

    running = bool(state.ss().running)
    inputs.fragment(frame, run_every=WATCHDOG_S if running else None, key=f"panel_{name}")()


def _send(name: str, key: tuple, make_figure, make_patch, full: bool) -> None:
    """The chart under key chart_<name>: the whole figure when key changed or
    full, else only make_patch()'s patch."""
    panel = _panel(name)
    if full or panel.get("key") != key or not holds(f"chart_{name}", 0, panel.get("version")):
        panel["fig"], panel["key"] = make_figure(), key
        panel["version"] = panel.get("version", 0) + 1
        patch = None
    else:
        patch = make_patch()
    live_plotly(panel["fig"], key=f"chart_{name}", config=CHART_CONFIG, versions=[panel["version"]],
                patches=[patch], tick=slow_tick(PANEL_FRAME_S, PANEL_FRAMES_PER_LIVE))


def _panel(name: str) -> dict:
    """What the named panel's chart holds: fig, key, version, in_page_run."""
    return state.ss().panels.setdefault(name, {})



# ------------------------------------------------------------ confusion matrix
def _confusion_frame(trainer, full: bool) -> None:
    counts, which = inspect.confusion_on_test(trainer.network, trainer.dataset)
    key = (state.ss().model_version, id(trainer.dataset))
    _send("confusion", key, lambda: plots.confusion_figure(counts, which),
          lambda: plots.confusion_patch(counts, which), full)


def confusion_tab(trainer) -> None:
    if trainer.dataset.task != "classification":
        st.info("The confusion matrix is for classification; this dataset is a regression.")
        return
    st.caption("Each row is a true class, each column the class the model predicts; the diagonal is what it "
               "gets right. Counted on the test set (the training set when there is none), live while training.")
    _live("confusion", _confusion_frame)


# ---------------------------------------------------------------- hidden space
def _layer_label(net, layer: int) -> str:
    return f"Layer {layer} ({net.dims_[layer]} units, {net.activations_[layer - 1]})"


def _valid(key: str, options: list, default) -> None:
    """A view choice that no longer exists (a smaller network) goes back to default."""
    w = state.widgets()
    if w.get(key) not in options:
        w[key] = default


def _hidden_frame(trainer, full: bool) -> None:
    s, w, net, data = state.ss(), state.widgets(), trainer.network, trainer.dataset
    layer = w.w_hs_layer
    units = (w.w_hs_x, w.w_hs_y)
    if layer not in range(1, len(net.dims_) - 1) or not all(u in range(net.dims_[layer]) for u in units):
        return  # the network changed since the page drew the choices; its next page run draws them anew
    space = inspect.hidden_space(net, data, layer, units)
    bound = colour_bound(trainer)
    key = (s.model_version, id(data), layer, units)
    titles = tuple(f"unit {u + 1} of layer {layer}" for u in units)

    def figure():
        return plots.hidden_space_figure(space, data.y_train, data.task, data.n_classes, titles,
                                         f"The data as layer {layer} sees it", bound=bound)
    _send("hidden", key, figure, lambda: plots.hidden_space_patch(space, data.y_train, data.task, data.n_classes),
          full)


def hidden_space_tab(trainer) -> None:
    net = trainer.network
    layers = list(range(1, len(net.activations_) + 1))
    if not layers:
        st.info("The network has no hidden layer: add one under Network to see its space.")
        return
    _valid("w_hs_layer", layers, 1)
    c1, c2, c3 = st.columns(3)
    layer = c1.selectbox("Hidden layer", layers, key="w_hs_layer", format_func=lambda l: _layer_label(net, l))
    units = list(range(net.dims_[layer]))
    _valid("w_hs_x", units, 0)
    _valid("w_hs_y", units, min(1, len(units) - 1))
    c2.selectbox("Across: unit", units, key="w_hs_x", format_func=lambda u: f"unit {u + 1}")
    c3.selectbox("Up: unit", units, key="w_hs_y", format_func=lambda u: f"unit {u + 1}")
    st.caption("Each point is a training point at the activations of two units of this layer; the lines are "
               "a grid of the input plane (grey: x2 fixed, tan: x1 fixed) mapped through the network to it. "
               "While training, watch the layer bend the plane until the classes come apart.")
    _live("hidden", _hidden_frame)
