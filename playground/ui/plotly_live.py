"""A Plotly chart that updates in place.

st.plotly_chart gives every new figure a new element identity, so while
training the browser tore down and rebuilt each chart on every frame
(Plotly.newPlot, then Plotly.react) and fell seconds behind. This small
Streamlit v2 component keeps one element per key and hands each new figure to
Plotly.react, which redraws only what changed. While training, a frame sends
only a patch (the new boundary image, the new points of the curves, changed
axis ranges); the whole figure goes once per model or view change. Plotly.react compares by
identity, so before each redraw the parts of the new figure that equal the
previous one (the template, the data points) are swapped for the previous
objects; otherwise every frame looks like all-new data and Plotly redraws
every trace. If frames arrive faster than
the browser can draw them, it draws the newest and drops the rest, so a click
on Pause is never stuck behind a queue of old frames.

plotly.js is static/plotly.min.js, committed with the app (a copy of the
pinned plotly package's own file; a test keeps the two equal) and served by
Streamlit's static file serving (server.enableStaticServing). The app never
writes it: a checkout may be read-only, and many sessions start at once.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import numpy as np
import orjson
import plotly.graph_objects as go
import streamlit as st

_JS = (Path(__file__).parent / "plotly_live.js").read_text(encoding="utf-8")  # the chart, clock and input code


_component = st.components.v2.component("playground_live_plotly", js=_JS, isolate_styles=False)


def live_plotly(figures: go.Figure | dict | list, key: str, config: dict | None = None,
                widths: list[float] | None = None, versions: list | None = None,
                patches: list | None = None, events: list | None = None,
                on_event: Callable[[dict], None] | None = None, tick: float | None = None,
                height: int | None = None, counter: str | None = None, later: list | None = None,
                spacing: float | None = None) -> None:
    """Draw one figure, or several side by side (relative widths; they wrap on
    a narrow screen), under a stable key; later calls with the same key
    update the same charts in place. One element for several charts is one
    update per frame for the browser to lay out instead of several.

    Sending only what changed: where patches[i] is a patch (see playground/plots/__init__.py:
    a list of [op, path, value]) and versions[i] names the figure the chart
    already holds, figures[i] may be None and only the patch goes out.

    Input: events[i] lists what chart i reports ('plane', 'point', 'hover';
    see the JavaScript above), and on_event(event) is called once per event
    (a repeat of an event id Streamlit delivers again is dropped).

    Clock: with tick (seconds), the charts rerun the fragment they are drawn
    in, tick seconds after this frame has been drawn (see the JavaScript);
    None stops that. Call it in every run of that fragment, with the tick
    for the next frame.

    What arrived: each tick and event reports the newest frame the browser
    has and the figure versions it holds (see reported(), holds() and
    arrived()), for the caller to send again what was lost.

    height: the element's pixels; by default the tallest figure's layout
    height (reading it from a Figure takes Plotly's validators, ~0.1 ms a frame).

    counter: a line of text drawn above the charts ('### title', a blank line,
    then text whose **parts** are bold; see showCounter in the JavaScript).
    It travels in the same element as the charts, so a live frame is one
    element for Streamlit to send and for the browser to lay out, not two;
    the element then takes the height of what it holds.

    later: more frames of this run, shown one after another `spacing`
    seconds apart after this one: each {"patches": one patch per chart,
    "counter": its text}, on the figures this call leaves (see pacing.MAX_PARTS).
    A new call shows any still waiting at once, before its own."""
    figures = [figures] if isinstance(figures, (go.Figure, dict)) else list(figures)
    count = len(figures)
    versions = versions or [0] * count
    patches = patches or [None] * count
    sent = [None if patch is not None else _json(fig) for fig, patch in zip(figures, patches)]
    height = height or max(int(_height(fig) or 450) for fig in figures)
    callbacks = {"on_tick_change": _keep_report(key)}
    if on_event:
        callbacks["on_event_change"] = _dispatch(key, on_event)
    frame = next_frame(key)  # a new value each run: the JavaScript runs again
    st.session_state[f"{key}__frame"] = frame
    whole = st.session_state.setdefault(f"{key}__whole", {})  # chart -> (version, frame) it last went whole in
    whole.update({i: (str(versions[i]), frame) for i in range(count) if sent[i] is not None})
    st.session_state.pop(f"{key}__report", None)  # used by this run; the next tick or event brings a new one
    seen = st.session_state.get(f"{key}__seen")
    # As JSON bytes: Streamlit forwards bytes as they are, where a dict or list
    # is searched for data frames and dumped to JSON twice (once more for the
    # element's identity), about 0.5 ms a frame.
    data = orjson.dumps({"figures": sent, "patches": patches, "versions": [str(v) for v in versions],
                         "widths": widths or [1] * count, "height": height, "config": config or {},
                         "events": events or [[]] * count, "tick": tick, "frame": frame,
                         "handled": seen[-1] if seen else None, "counter": counter,
                         "later": later or [], "spacing": spacing},
                        option=orjson.OPT_SERIALIZE_NUMPY)  # NaN goes as null
    _component(data=data, key=key, height=height if counter is None else "content", **callbacks)


def _json(figure) -> str:
    """A Figure's JSON, or a plain figure dict's (no Figure built: see
    plots.network_spec). A dict goes straight to orjson: plotly's to_json
    first walks it in Python, 2.5 ms for a 2-8-8-1 network's drawing where
    orjson takes 0.16 ms, for the same JSON."""
    if isinstance(figure, go.Figure):
        return figure.to_json()
    return orjson.dumps(figure, option=orjson.OPT_SERIALIZE_NUMPY, default=_plotly_part).decode()


def _plotly_part(value):
    """What orjson cannot write itself: a Plotly object (the template), an array that is not contiguous."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if hasattr(value, "to_plotly_json"):
        return value.to_plotly_json()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _height(figure):
    return figure.layout.height if isinstance(figure, go.Figure) else figure["layout"].get("height")


def payload(element) -> dict:
    """What live_plotly sent, from its element (a BidiComponent proto; for tests and clients):
    figures (JSON text or None), patches, versions, widths, height, config,
    events, tick (seconds to the next frame, or None), frame (a count),
    handled (the id of the last event handled, which answers it), counter
    (the text above the charts, or None), later (the run's further frames)
    and spacing (seconds between them)."""
    return json.loads(element.bytes) if element.bytes else {}


def next_frame(key: str) -> int:
    """The frame number this run's live_plotly(key=key) will send."""
    return st.session_state.get(f"{key}__frame", 0) + 1


def reported(key: str) -> dict | None:
    """What the browser said it holds, with the tick or event that started
    this run: {"frame": the newest frame number it has, "held": each chart's
    figure version}; None when this run came from elsewhere (a page run, a
    timer, another widget)."""
    report = st.session_state.get(f"{key}__report")
    return report if isinstance(report, dict) else None


def holds(key: str, index: int, version) -> bool:
    """False when the browser reported that chart `index` holds another
    figure than `version` although the frame that sent `version` whole (or a
    newer one) has arrived: that frame was dropped, so its patches are ignored;
    send the figure whole again. True without a report, or while that frame
    may still be on its way."""
    report = reported(key)
    held = report.get("held") if report else None
    if not isinstance(held, list) or (index < len(held) and held[index] == str(version)):
        return True
    sent_in = st.session_state.get(f"{key}__whole", {}).get(index)
    return sent_in is not None and sent_in[0] == str(version) and not arrived(key, sent_in[1])


def arrived(key: str, frame: int) -> bool:
    """True when the browser reported having frame `frame` or a newer one."""
    report = reported(key)
    newest = report.get("frame") if report else None
    return isinstance(newest, int) and newest >= frame


def _keep_report(key: str) -> Callable[[], None]:
    def callback() -> None:
        _note_report(key, getattr(st.session_state[key], "tick", None))
    return callback


def _note_report(key: str, value) -> None:
    if isinstance(value, dict) and "held" in value:
        st.session_state[f"{key}__report"] = {"frame": value.get("frame"), "held": value.get("held")}


SEEN_EVENTS = 64  # event ids remembered per chart to drop repeats
RECENT_EVENTS = 8  # events each trigger carries (the JavaScript's RECENT_EVENTS): coalesced clicks are not lost


def _dispatch(key: str, on_event: Callable[[dict], None]) -> Callable[[], None]:
    """The component's callback: the new event, once per id."""
    def callback() -> None:
        event = getattr(st.session_state[key], "event", None)
        if not isinstance(event, dict):
            return
        _note_report(key, event)
        seen = st.session_state.setdefault(f"{key}__seen", [])
        recent = event.get("recent") if isinstance(event.get("recent"), list) else [event]
        for item in recent[-RECENT_EVENTS:]:  # oldest first; the ones already handled are dropped
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or item["id"] in seen:
                continue
            seen.append(item["id"])
            del seen[:-SEEN_EVENTS]
            on_event(item)
    return callback
