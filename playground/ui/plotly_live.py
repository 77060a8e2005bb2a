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
from typing import Callable

import plotly.graph_objects as go
from plotly.io.json import to_json_plotly
import streamlit as st

_JS = """
function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__playgroundPlotly) {
    window.__playgroundPlotly = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = new URL('app/static/plotly.min.js', document.baseURI).href;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => reject(new Error('could not load plotly.min.js'));
      document.head.appendChild(script);
    });
  }
  return window.__playgroundPlotly;
}

// Plotly.react compares by identity. Where the new figure equals the one
// sent before, hand Plotly back the objects it drew last time (it adds keys
// such as axis types to them, so they cannot be compared directly).
// next: the new figure; sent: the previous one as it arrived; drawn: the
// previous one as given to Plotly. Mutates next.
function share(next, sent, drawn) {
  if (typeof next !== 'object' || next === null || typeof sent !== 'object' || sent === null
      || typeof drawn !== 'object' || drawn === null || Array.isArray(next) !== Array.isArray(sent)) return next;
  const keys = Object.keys(next);
  let same = keys.length === Object.keys(sent).length;
  for (const key of keys) {
    const value = next[key];
    if (typeof value !== 'object' || value === null) {
      if (value !== sent[key]) same = false;
      continue;
    }
    next[key] = share(value, sent[key], drawn[key]);
    if (next[key] !== drawn[key]) same = false;
  }
  return same ? drawn : next;
}

// A patch is a list of [op, path, value]: op 'set' puts value at path; or of
// ['splice', path, start, values]: the array at path is cut at start and the
// values appended. Copy-on-write along the path, so
// every object Plotly drew before stays the same object where nothing changed
// (Plotly.react compares by identity) and changed parts are new objects.
function patched(figure, ops) {
  const root = {...figure};
  for (const [op, path, ...args] of ops) {
    let node = root;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i];
      node[key] = Array.isArray(node[key]) ? node[key].slice() : {...node[key]};
      node = node[key];
    }
    const last = path[path.length - 1];
    node[last] = op === 'splice' ? (node[last] || []).slice(0, args[0]).concat(args[1]) : args[0];
  }
  return root;
}

// Each message updates the chart's model at once (a full figure, or a patch
// of the version the chart holds), so no patch is ever lost; drawing the model
// is coalesced: frames that arrive while a draw is under way are drawn once,
// as the newest model.
function receive(el, json, ops, version, height, config) {
  el.style.height = height + 'px';
  if (json) {
    el.__pending = {json, version};
  } else if (ops && ops.length === 0) {
    return;  // nothing changed since the last frame
  } else if (ops && el.__version === version && el.__model) {
    el.__model = patched(el.__model, ops);
    el.__dirty = true;
  } else {
    return;  // a patch for a figure this chart does not hold: the next full figure mends it
  }
  if (el.__drawing) return;
  el.__drawing = true;
  loadPlotly().then(async (Plotly) => {
    while (el.__pending || el.__dirty) {
      if (el.__pending) {
        const {json, version} = el.__pending;
        el.__pending = null;
        el.__model = share(JSON.parse(json), el.__sent || null, el.__model || null);
        el.__sent = JSON.parse(json);
        el.__version = version;
      }
      el.__dirty = false;
      const figure = el.__model;
      // Plotly re-reads a config it is given on every call (~3 ms): give it once.
      const configText = JSON.stringify(config);
      const newConfig = configText === el.__config ? undefined : config;
      el.__config = configText;
      await Plotly.react(el, figure.data, figure.layout, newConfig);
      if (el.__onDrawn) el.__onDrawn();
      el.__draws = (el.__draws || 0) + 1;  // read by the benchmarks' frame counter
    }
  }).catch((error) => { el.textContent = String(error); })
    .finally(() => { el.__drawing = false; });
}

// User input on a chart goes back to Python as one trigger value, "event":
// {chart, kind, id, ...}. kinds a chart listens for (data.events[i]):
// 'plane': a click anywhere in the plot area, {x, y} in data coordinates;
// 'point': a click on a trace's point, {curve, index, customdata};
// 'hover': the pointer enters a point ({curve, index, customdata}) or
// leaves it (curve null). id is unique per page and event, so Python can
// count each real click once however often Streamlit delivers it.
function pointOf(event) {
  const point = event && event.points && event.points[0];
  return point ? {curve: point.curveNumber, index: point.pointNumber ?? point.pointIndex ?? null,
                  customdata: point.customdata ?? null} : {curve: null, index: null, customdata: null};
}

function planeOf(el, event) {
  const layout = el._fullLayout, drag = el.querySelector('.nsewdrag');
  if (!layout || !layout.xaxis || !layout.yaxis || !drag) return null;
  const box = drag.getBoundingClientRect();
  const px = event.clientX - box.left, py = event.clientY - box.top;
  if (px < 0 || py < 0 || px > box.width || py > box.height) return null;
  return {x: layout.xaxis.p2l(px), y: layout.yaxis.p2l(py)};
}

const RECENT_EVENTS = 8;

function listen(el, row, i) {
  if (el.__listening || !el.on) return;
  el.__listening = true;
  const emit = (kind, detail) => {
    if (!(row.__events[i] || []).includes(kind) || !row.__emit) return;
    row.__seq = (row.__seq || 0) + 1;
    const event = {chart: i, kind, id: `${row.__page}-${row.__seq}`, ...detail};
    // Streamlit keeps only the newest value of a trigger that arrives before
    // the last one was run, so each one also carries the events before it.
    row.__recent = [...(row.__recent || []), event].slice(-RECENT_EVENTS);
    row.__emit('event', {...event, recent: row.__recent});
  };
  // Plotly turns a press and release without movement into one click on the plot.
  el.addEventListener('click', (event) => {
    const at = planeOf(el, event);
    if (at) emit('plane', at);
  });
  el.on('plotly_click', (event) => emit('point', pointOf(event)));
  el.on('plotly_hover', (event) => emit('hover', pointOf(event)));
  el.on('plotly_unhover', () => emit('hover', pointOf(null)));
}

export default function (component) {
  const { parentElement, setTriggerValue } = component;
  const data = component.data[0];  // see payload() in Python
  let row = parentElement.querySelector('.pg-row');
  if (!row) {
    row = document.createElement('div');
    row.className = 'pg-row';
    row.style.cssText = 'display:flex;flex-wrap:wrap;gap:0;width:100%';
    parentElement.appendChild(row);
    row.__page = Math.random().toString(36).slice(2);
  }
  row.__emit = setTriggerValue;
  row.__events = data.events || [];
  data.versions.forEach((version, i) => {
    let el = row.children[i];
    if (!el) {
      el = document.createElement('div');
      el.className = 'pg-plot';
      row.appendChild(el);
    }
    el.style.flex = `${data.widths[i]} 1 300px`;
    el.style.minWidth = '300px';
    el.__onDrawn = () => listen(el, row, i);
    receive(el, data.figures[i], data.patches[i], version, data.height, data.config);
  });
  while (row.children.length > data.versions.length) row.lastChild.remove();
}
"""


_component = st.components.v2.component("playground_live_plotly", js=_JS, isolate_styles=False)


def live_plotly(figures: go.Figure | dict | list, key: str, config: dict | None = None,
                widths: list[float] | None = None, versions: list | None = None,
                patches: list | None = None, events: list | None = None,
                on_event: Callable[[dict], None] | None = None) -> None:
    """Draw one figure, or several side by side (relative widths; they wrap on
    a narrow screen), under a stable key; later calls with the same key
    update the same charts in place. One element for several charts is one
    update per frame for the browser to lay out instead of several.

    Sending only what changed: where patches[i] is a patch (see playground/plots/__init__.py:
    a list of [op, path, value]) and versions[i] names the figure the chart
    already holds, figures[i] may be None and only the patch goes out.

    Input: events[i] lists what chart i reports ('plane', 'point', 'hover';
    see the JavaScript above), and on_event(event) is called once per event
    (a repeat of an event id Streamlit delivers again is dropped)."""
    figures = [figures] if isinstance(figures, (go.Figure, dict)) else list(figures)
    count = len(figures)
    versions = versions or [0] * count
    patches = patches or [None] * count
    sent = [None if patch is not None else _json(fig) for fig, patch in zip(figures, patches)]
    height = max(int(_height(fig) or 450) for fig in figures)
    callbacks = {"on_event_change": _dispatch(key, on_event)} if on_event else {}
    # A list around the payload: Streamlit checks each key of a dict for a
    # data frame to send as Arrow, which cost about 1 ms a frame.
    _component(data=[{"figures": sent, "patches": patches, "versions": [str(v) for v in versions],
                      "widths": widths or [1] * count, "height": height, "config": config or {},
                      "events": events or [[]] * count}],
               key=key, height=height, **callbacks)


def _json(figure) -> str:
    """A Figure's JSON, or a plain figure dict's (no Figure built: see plots.network_spec)."""
    return figure.to_json() if isinstance(figure, go.Figure) else to_json_plotly(figure)


def _height(figure):
    return figure.layout.height if isinstance(figure, go.Figure) else figure["layout"].get("height")


def payload(element_json: str) -> dict:
    """What live_plotly sent, from the element's JSON (for tests and clients):
    figures (JSON text or None), patches, versions, widths, height, config, events."""
    return json.loads(element_json)[0]


SEEN_EVENTS = 64  # event ids remembered per chart to drop repeats
RECENT_EVENTS = 8  # events each trigger carries (the JavaScript's RECENT_EVENTS): coalesced clicks are not lost


def _dispatch(key: str, on_event: Callable[[dict], None]) -> Callable[[], None]:
    """The component's callback: the new event, once per id."""
    def callback() -> None:
        event = getattr(st.session_state[key], "event", None)
        if not isinstance(event, dict):
            return
        seen = st.session_state.setdefault(f"{key}__seen", [])
        recent = event.get("recent") if isinstance(event.get("recent"), list) else [event]
        for item in recent[-RECENT_EVENTS:]:  # oldest first; the ones already handled are dropped
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or item["id"] in seen:
                continue
            seen.append(item["id"])
            del seen[:-SEEN_EVENTS]
            on_event(item)
    return callback
