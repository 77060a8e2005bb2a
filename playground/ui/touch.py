"""Touching the network drawing, as in TF Playground: hover or click a neuron
to see its output large in place of the decision boundary; click an edge or
a bias to edit its value, which the live model takes at once.

The drawing reports hovers and clicks through live_plotly's event channel;
the targets carry customdata (plots/network.py: ['n', layer, unit],
['W', layer, i, j], ['b', layer, i]). The callback only changes session state
and picks what reruns: the live fragment (keyed LIVE_FRAGMENT; its boundary
chart then sends a patch with the neuron's image and name, or its own image
and title back), and the network fragment only when the editor opens or a
value changes. Neither sends a whole figure for a hover: the network drawing
is resent only when the weights changed (or on a page run)."""
from __future__ import annotations

import numpy as np
import streamlit as st
from streamlit.errors import StreamlitAPIException

from .. import inspect, plots
from ..plots import neuron as neuron_plot
from ..plots.network import neuron_label
from . import inputs, state
from .plotly_live import holds, live_plotly

LIVE_FRAGMENT, NETWORK_FRAGMENT = "live_frame", "network_frame"  # st.fragment keys (ui/live.py)
NETWORK_KEY = "chart_network"
VALUE_KEY = "touch_value"  # the editor's number input


# ------------------------------------------------------------------ state
def _current(s):
    """The session's touch state, cleared when the model changes."""
    if s.touch_model != s.model_version:
        s.touch_model, s.touch_hover, s.touch_pin, s.touch_edit = s.model_version, None, None, None
    return s


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def target_of(network, data) -> tuple | None:
    """A drawing target's customdata (from the browser: anything) as
    ('n', l, j), ('W', l, i, j) or ('b', l, i) when it names a unit, weight
    or bias of this network; else None."""
    if not isinstance(data, (list, tuple)) or not data or data[0] not in ("n", "W", "b") \
            or not all(_whole(v) for v in data[1:]):
        return None
    dims, kind, numbers = network.dims_, data[0], list(data[1:])
    if kind == "n" and len(numbers) == 2 and 0 <= numbers[0] < len(dims) and 0 <= numbers[1] < dims[numbers[0]]:
        return ("n", *numbers)
    if kind in ("W", "b") and len(numbers) == (3 if kind == "W" else 2) and 1 <= numbers[0] < len(dims) \
            and 0 <= numbers[1] < dims[numbers[0]] and (kind == "b" or 0 <= numbers[2] < dims[numbers[0] - 1]):
        return (kind, *numbers)
    return None


def shown(s=None) -> tuple | None:
    """The neuron (layer, unit) shown in place of the boundary: the hovered
    one, else the clicked one; None: the boundary."""
    s = _current(state.ss() if s is None else s)
    return s.touch_hover or s.touch_pin


def on_event(event: dict) -> None:
    """A hover or click on the network drawing (see the module docstring)."""
    s = _current(state.ss())
    before = shown(s)
    target = target_of(s.trainer.network, event.get("customdata"))
    neuron = target[1:] if target and target[0] == "n" else None
    if event.get("kind") == "hover":
        s.touch_hover = neuron
    elif event.get("kind") == "point" and neuron:
        if s.touch_pin == neuron:  # a second click puts the boundary back, under the pointer too
            s.touch_pin = s.touch_hover = None
        else:
            s.touch_pin = neuron
    elif event.get("kind") == "point" and target:
        open_editor(target)
        return  # the network fragment reruns and shows the editor
    if shown(s) != before:
        _rerun(LIVE_FRAGMENT)  # only the boundary redraws


def _rerun(*fragments: str) -> None:
    """Rerun these fragments instead of the one the event came from. Only
    in a fragment run: when an event arrives with a page run (which draws
    everything anyway), a targeted rerun would replace that run and drop
    what else changed in it."""
    state.ss().charts_stale = True  # the live frame must draw even if no step is due
    if inputs.fragment_run():
        try:
            st.rerun(scope=list(fragments))
        except StreamlitAPIException:  # one of them is not on the page: the event's own fragment reruns
            pass


# ---------------------------------------------------------------- boundary
def boundary_ops(trainer, grid, title: str) -> list:
    """Patch ops that go after the boundary chart's own: the shown neuron's
    map and name, or the chart's own title back (its image is the boundary)."""
    neuron = shown()
    if neuron is None:
        return neuron_plot.title_patch(title)
    net, (layer, unit) = trainer.network, neuron
    n_layers = len(net.dims_)
    kind = net.activations_[layer - 1] if 0 < layer < n_layers - 1 else (net.output_ if layer else None)
    A = inspect.neuron_map(net, grid, layer, unit)
    features = list(trainer.dataset.features)
    name = neuron_label(layer, unit, n_layers, kind, features[unit] if layer == 0 else None)
    return neuron_plot.neuron_patch(neuron_plot.neuron_rgb(A, layer, unit, n_layers, kind, net.output_), name)


def dress(fig, ops: list) -> None:
    """Apply 'set' ops to a whole figure before it is sent (a page run while
    a neuron is shown)."""
    for op, path, value in ops:
        node = fig
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value


# ------------------------------------------------------------------ editor
def _name(target: tuple) -> str:
    """'W[2][3,1]' or 'b[2][3]', counting units from 1 as the drawing's hover texts do."""
    if target[0] == "W":
        return f"W[{target[1]}][{target[2] + 1},{target[3] + 1}]"
    return f"b[{target[1]}][{target[2] + 1}]"


def _value(network, target: tuple) -> float:
    if target[0] == "W":
        return float(network.weights[target[1] - 1][target[2], target[3]])
    return float(network.parameters[f"b{target[1]}"][target[2], 0])


def open_editor(target: tuple) -> None:
    s = _current(state.ss())
    s.touch_edit, s.touch_error = target, None
    state.widgets()[VALUE_KEY] = round(_value(s.trainer.network, target), 4)


def close_editor() -> None:
    state.ss().touch_edit = None


def apply_edit() -> None:
    """The editor's value into the live model; the drawing and the boundary redraw."""
    s = _current(state.ss())
    target, value = s.touch_edit, state.widgets().get(VALUE_KEY)
    if target is None or value is None:
        return
    try:
        if target[0] == "W":
            s.trainer.network.set_weight(target[1], target[2], target[3], value)
        else:
            s.trainer.network.set_bias(target[1], target[2], value)
        s.touch_error = None
    except ValueError as error:
        s.touch_error = f"{_name(target)} not changed: {error}"
    _rerun(NETWORK_FRAGMENT, LIVE_FRAGMENT)


def editor(trainer) -> None:
    """Above the drawing, when an edge or bias was clicked: its value, editable."""
    s = _current(state.ss())
    target = s.touch_edit
    if target is None or target_of(trainer.network, list(target)) is None:
        return
    name = _name(target)
    what = (f"weight from neuron {target[3] + 1} of layer {target[1] - 1} to neuron {target[2] + 1} of layer "
            f"{target[1]}" if target[0] == "W" else f"bias of neuron {target[2] + 1} of layer {target[1]}")
    c1, c2, c3 = st.columns([2, 3, 1], vertical_alignment="bottom")
    c1.number_input(f"{name} =", key=VALUE_KEY, step=0.05, format="%.4f", on_change=apply_edit,
                    help=f"The {what}; the model takes it at once, paused or training.")
    c2.markdown(f"{what.capitalize()}: now **{_value(trainer.network, target):.4f}**")
    c3.button("Close", key="touch_close", on_click=close_editor, width="stretch")
    if s.touch_error:
        st.warning(s.touch_error)


# ----------------------------------------------------------------- drawing
def network_chart(trainer, small, config: dict, tick: float | None = None) -> None:
    """The editor, then the network drawing with its hover and click events.
    The figure goes whole on a page run and when the weights changed; a
    rerun for a hover or click sends an empty patch. tick: seconds to the
    next frame while training (plotly_live.live_plotly), None when paused."""
    s, net, data = state.ss(), trainer.network, trainer.dataset
    editor(trainer)
    key = (s.model_version, id(data))
    same = (inputs.fragment_run() and s.network_key == key and s.network_fig is not None
            and np.array_equal(s.network_theta, net.flat_parameters) and holds(NETWORK_KEY, 0, s.network_version))
    if not same:
        maps = [small.Xc.reshape(-1, len(small.ys), len(small.xs))] + inspect.neuron_maps(net, small)
        s.network_fig = plots.network_spec(net.dims_, inspect.layer_weights(net), maps, list(data.features),
                                           output=net.output_, activations=net.activations_,
                                           biases=inspect.layer_biases(net))
        if s.network_height:  # presentation mode: no taller than its row
            s.network_fig["layout"]["height"] = min(s.network_fig["layout"]["height"], s.network_height)
        s.network_key, s.network_theta = key, net.flat_parameters.copy()
        s.network_version += 1
    live_plotly([s.network_fig], key=NETWORK_KEY, config=config, versions=[s.network_version],
                patches=[[] if same else None], events=[["hover", "point"]], on_event=on_event, tick=tick)


def network_caption() -> None:
    """How to touch the drawing: below it, outside its fragment (static text
    the network's frames need not send again)."""
    st.caption("Hover over a neuron (or click it to hold it) to see its output in place of the boundary; "
               "click an edge or a bias (the square at a neuron's corner) to change its value.")
