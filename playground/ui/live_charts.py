"""The live charts of a frame: the boundary and the curves, each sent whole
once per model or view option and as a patch on every other frame (see
playground/plots/__init__.py for the patch format), and the grids behind them."""
from __future__ import annotations

from typing import Iterable

from .. import inspect, plots
from . import draw, state, touch
from .plotly_live import arrived, holds, live_plotly, next_frame

CHART_HEIGHT = 440
# Boundary grid points per side. 64² = 4,096 points keep the network's arrays
# in cache: the boundary's values take 0.5 ms here where 100² took 8 ms, and its
# PNG is 1.6 kB instead of 3.3 kB; the browser smooths the image as it scales.
BOUNDARY_RESOLUTION = 64
LIVE_KEY = "chart_live"
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def grids(trainer):
    """Boundary and neuron-map grids, cached per model and data."""
    s = state.ss()
    key = (s.model_version, id(trainer.dataset), trainer.dataset.extent)  # an id may be reused by new data
    if s.grid_key != key:
        s.grid = inspect.make_grid(trainer.dataset, trainer.network, BOUNDARY_RESOLUTION)
        s.small_grid = inspect.make_grid(trainer.dataset, trainer.network, 16)
        s.colour_bound = inspect.colour_bound(trainer.dataset)
        s.grid_key = key
    return s.grid, s.small_grid


def chart_height(s) -> int:
    """The live charts' pixels, which both figures are made with: presentation
    mode's (Session.chart_height) or CHART_HEIGHT."""
    return s.chart_height or CHART_HEIGHT


def colour_bound(trainer) -> float:
    """Regression's fixed colour scale for the current data (inspect.colour_bound), cached with the grids."""
    grids(trainer)
    return state.ss().colour_bound


def boundary_chart(trainer, values, full: bool):
    """The boundary chart for this frame: (figure, version, patch); the patch is
    None when the whole figure must go (a new model, data or view option)."""
    s, data = state.ss(), trainer.dataset
    grid, _ = grids(trainer)
    w = state.widgets()
    discretize, show_test = w.get("w_discretize", False), w.get("w_show_test", False)
    bound = colour_bound(trainer)  # regression: the scale is fixed by the targets, not by each frame
    key = (s.model_version, data.extent, discretize, show_test)
    title = draw.chart_title(data)
    touched = touch.boundary_ops(trainer, grid, title)  # a touched neuron's map in place of the boundary; the title
    if full or s.boundary_key != key or not holds(LIVE_KEY, 0, s.boundary_version):
        s.boundary_edits, s.points_frame = s.data_edits, None
        s.boundary_fig = plots.boundary_figure(grid.xs, grid.ys, values, data.task, data.points_train, data.y_train,
                                               data.points_test, data.y_test, title, show_test=show_test,
                                               discretize=discretize, height=chart_height(s), meta="live",
                                               bound=bound)
        touch.dress(s.boundary_fig, touched)
        s.boundary_key, s.boundary_version = key, s.boundary_version + 1
        return s.boundary_fig, s.boundary_version, None
    patch = plots.boundary_patch(grid.xs, grid.ys, values, data.task, discretize, bound)
    # Points drawn or erased (ui/draw.py): their traces go in every frame until
    # the browser reports a frame from then on (a frame may be dropped).
    if s.boundary_edits != s.data_edits:
        s.boundary_edits, s.points_frame = s.data_edits, next_frame(LIVE_KEY)
    elif s.points_frame is not None and arrived(LIVE_KEY, s.points_frame):
        s.points_frame = None
    if s.points_frame is not None:
        patch += plots.points_patch(s.boundary_fig, data.task, data.n_classes, data.points_train, data.y_train,
                                    data.points_test, data.y_test)
    return s.boundary_fig, s.boundary_version, patch + touched


CURVE_OVERLAP_FRAMES = 8  # a patch resends the rows of this many frames (see curves_chart)


def curves_chart(trainer, full: bool):
    """The curves chart for this frame: (figure, version, patch). A patch
    replaces the curves' tail from the row count of CURVE_OVERLAP_FRAMES frames
    ago: Streamlit drops a fragment run's output when the next run starts before
    it is sent, and the overlap mends such a gap. When the history was thinned
    or rewritten since then, the patch replaces every row. The whole figure
    goes only for a new model or view option, or when the browser lost it."""
    s, h = state.ss(), trainer.history
    history = {k: h.column(k) for k in ("epoch", *plots.CURVE_KEYS)}
    log_cost = state.widgets().get("w_log_cost", False)
    key = (s.model_version, log_cost)
    marks = s.curves_marks  # (rows sent, last of them) of recent frames, oldest first
    start = _kept_rows(h, marks[0]) if marks else 0
    marks = (marks + [_mark(h)])[-CURVE_OVERLAP_FRAMES:]
    if full or s.curves_key != key or not holds(LIVE_KEY, 1, s.curves_version):
        score = "R²" if trainer.network.task_ == "regression" else "Accuracy"
        s.curves_fig = plots.curves_figure(history, score, log_cost, height=chart_height(s))
        s.curves_key, s.curves_version, s.curves_marks = key, s.curves_version + 1, marks[-1:]
        s.curves_ranges = plots.figure_ranges(s.curves_fig)
        return s.curves_fig, s.curves_version, None
    s.curves_marks = marks
    patch, s.curves_ranges = plots.curves_patch(s.curves_ranges, history, start, log_cost)
    return s.curves_fig, s.curves_version, patch


def later_part(trainer, counter: str, values, mark: tuple) -> tuple[dict, tuple]:
    """One more drawn frame of a run, after the frame live_charts built (see
    pacing.MAX_PARTS): the boundary's new image (and a shown neuron's map), the
    curves' rows since `mark` (the history's (rows, last row) when the part
    before was drawn), and the counter. values: the boundary's values
    (inspect.boundary_values). Returns the part and the mark for the next."""
    s, data, h = state.ss(), trainer.dataset, trainer.history
    grid, _ = grids(trainer)
    w = state.widgets()
    boundary = plots.boundary_patch(grid.xs, grid.ys, values, data.task, w.get("w_discretize", False),
                                    colour_bound(trainer))
    boundary += touch.boundary_ops(trainer, grid, draw.chart_title(data))
    history = {k: h.column(k) for k in ("epoch", *plots.CURVE_KEYS)}
    curves, s.curves_ranges = plots.curves_patch(s.curves_ranges, history, _kept_rows(h, mark),
                                                 w.get("w_log_cost", False))
    return {"patches": [boundary, curves], "counter": counter}, _mark(h)


def _mark(h) -> tuple:
    """(rows, last row) of a history: what a later patch checks the rows against."""
    return len(h), h.rows[-1] if len(h) else None


def _kept_rows(h, mark: tuple) -> int:
    """The rows of `mark` still in the history as they were (0 when it was
    thinned or rewritten since: a patch then replaces every row)."""
    start, row = mark
    return start if 0 < start <= len(h) and h.rows[start - 1] == row else 0


def live_charts(trainer, full: bool = True, changed: bool = True, tick: float | None = None,
                values=None, counter: str | None = None, later: Iterable[tuple] = (),
                spacing: float | None = None) -> None:
    """Boundary (left) and cost and score curves (right). Each figure goes to
    the browser whole once per model or view option (and on a page run, which
    a reload or a new element needs); live frames send only patches: the new
    boundary image and the new points of the curves. Two figures, because a
    change to the curves makes Plotly redraw every trace of their figure, and
    the boundary's points are most of the drawing. A frame in which nothing
    changed (no step was due) sends empty patches: the charts must be drawn
    in every fragment run or Streamlit removes them. tick: seconds to the
    next frame (plotly_live.live_plotly), None when paused. values: the
    boundary's values (inspect.boundary_values) when the caller has them;
    counter: the step counter's text, drawn above the charts in their element.
    later: the run's further parts (pacing.MAX_PARTS), each trained as it is
    taken and given as (its counter's text, its boundary values); the
    browser shows them `spacing` seconds apart after this frame."""
    s = state.ss()
    held = holds(LIVE_KEY, 0, s.boundary_version) and holds(LIVE_KEY, 1, s.curves_version)
    if not changed and not full and held and s.points_frame is None and s.boundary_fig is not None \
            and s.curves_fig is not None:
        live_plotly([s.boundary_fig, s.curves_fig], key=LIVE_KEY, config=CHART_CONFIG, widths=[0.52, 0.48],
                    versions=[s.boundary_version, s.curves_version], patches=[[], []], tick=tick,
                    height=chart_height(s), counter=counter)
        return
    if values is None:
        values = inspect.boundary_values(trainer.network, grids(trainer)[0])
    charts = [boundary_chart(trainer, values, full), curves_chart(trainer, full)]
    parts, mark = [], s.curves_marks[-1]
    for text, part_values in later:
        part, mark = later_part(trainer, text, part_values, mark)
        parts.append(part)
    live_plotly([fig for fig, _, _ in charts], key=LIVE_KEY, config={**CHART_CONFIG, "doubleClick": False},
                widths=[0.52, 0.48], versions=[version for _, version, _ in charts],
                patches=[patch for _, _, patch in charts], events=[["plane"], []], on_event=draw.on_click,
                tick=tick, height=chart_height(s), counter=counter, later=parts, spacing=spacing)
