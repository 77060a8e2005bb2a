"""Drawing data on the decision-boundary plot: the picker above the live
charts (a class, a value or the eraser; the class count of a drawing; Clear)
and the click handler of the boundary chart (ui/live_charts.py). The points
themselves are edited by playground/drawn.py; here they reach the trainer,
which keeps its weights, and the link, which carries up to 200 of them."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from .. import drawn
from ..settings import CSV, DATASET_LABELS
from . import inputs, state

ERASE = "eraser"
ADD_VALUE = "value"
VALUES = tuple(round(v / 10, 1) for v in range(-10, 11))  # what a click adds to regression data


MARKS = ("orange", "blue", "green", "violet", "red", "gray")  # Streamlit's names for the class colours (plots/style.py)


def _mark(label: int) -> str:
    return f":{MARKS[label]}[●] " if label < len(MARKS) else ""


def _hidden() -> bool:
    return "draw" in state.widgets().get("w_hide", [])  # hide=draw: a puzzle the class cannot edit


def link_points(ds, cfg) -> str:
    """The `points` setting for ds: its link form, or '' when the link cannot
    carry it (uploaded data, too many points) or it is an empty two-class drawing."""
    if cfg.dataset == CSV or not (ds.edited or ds.name == drawn.DRAW) or drawn.link_problem(ds):
        return ""
    if ds.name == drawn.DRAW and not len(ds.y_train) + len(ds.y_test) and ds.n_classes == 2:
        return ""
    return drawn.encode(ds)


def use(ds) -> None:
    """Train on ds from now on, with the same weights; the link and the boundary chart follow."""
    s = state.ss()
    s.trainer.set_dataset(ds)
    s.cfg = replace(s.cfg, points=link_points(ds, s.cfg))
    s.data_edits += 1  # the boundary chart sends the new points as a patch
    s.charts_stale = True  # now, even if no training step is due
    if s.cfg.points:
        st.query_params["points"] = s.cfg.points
    elif "points" in st.query_params:
        del st.query_params["points"]
    if s.running:
        state.refused()  # erased down to too few points: pause with the hint


def on_click(event: dict) -> None:
    """A click on the boundary chart's plot area: add a point of the chosen class (or value), or erase one."""
    s = state.ss()
    if event.get("kind") != "plane" or event.get("chart") != 0 or _hidden():
        return
    w = state.widgets()
    ds, mode = s.trainer.dataset, w.get("w_draw_mode", 0)
    try:
        if mode == ERASE:
            new = drawn.erase_nearest(ds, event.get("x"), event.get("y"))
        else:
            label = w.get("w_draw_value", 0.0) if ds.task == "regression" else mode
            new = drawn.add_point(ds, event.get("x"), event.get("y"), label, s.cfg.test_ratio)
    except ValueError as error:
        s.draw_error = f"That click added no point: {error}."
        return
    s.draw_error = None
    if new is not ds:
        use(new)


def set_classes() -> None:
    """on_change of a drawing's class count: a new output layer, so a new model."""
    s = state.ss()
    n = int(state.widgets().w_draw_classes)
    ds, removed = drawn.with_classes(s.trainer.dataset, n)
    state.build(s.cfg, ds)
    use(ds)
    gone = f" The {removed} point{'s' * (removed != 1)} of class 2 went with the third class." if removed else ""
    s.reset_notice = (f"The drawing has {n} classes now, so the network ends in "
                      f"{'a sigmoid' if n == 2 else 'a softmax over 3 classes'} and starts from new initial "
                      f"weights.{gone}")


def clear() -> None:
    use(drawn.clear(state.ss().trainer.dataset))


def chart_title(ds) -> str:
    """The boundary chart's title; for drawn or edited data it counts the
    points (it is patched with them, so it is current after every click)."""
    title = "Prediction" if ds.task == "regression" else "Decision boundary"
    if not (ds.edited or ds.name == drawn.DRAW):
        return title
    link = " · too many for the link" if len(ds.y_train) + len(ds.y_test) > drawn.MAX_LINK_POINTS else ""
    return f"{title} · {'edited · ' if ds.edited else ''}{drawn.describe(ds)}{link}"


def data_line(ds) -> str:
    name = "Uploaded CSV" if ds.name == CSV else DATASET_LABELS.get(ds.name, ds.name)
    return f"**{name}{', edited' if ds.edited else ''}** · click on the plot to add a point, or pick the eraser"


def link_notice(ds, cfg) -> str | None:
    """Why the link does not hold this data, when the user drew or edited it."""
    if not (ds.edited or ds.name == drawn.DRAW):
        return None
    problem = "uploaded data is not kept in links" if cfg.dataset == CSV else drawn.link_problem(ds)
    return (f"The link does not hold this data ({problem}): save it with More → Export / import → "
            "Data (.csv), and load it again with Dataset → Upload CSV….") if problem else None


def _modes(options: list, classification: bool) -> None:
    """The class / value / eraser choice, in a fragment of its own: choosing
    reruns nothing else, so a click on the plot right after it is never
    caught up in a rerun of the whole page (where it could be lost)."""
    st.radio("A click on the plot adds", options, key="w_draw_mode", horizontal=True,
             format_func=lambda o: "eraser" if o == ERASE else (f"{_mark(o)}class {o}" if classification else
                                                                "a value"),
             help="A point of this class where you click (train or test by the test ratio); the eraser "
                  "removes the point nearest the click")


def picker() -> None:
    """What a click on the plot does, above the live charts."""
    s, w = state.ss(), state.widgets()
    if _hidden():
        return
    ds = s.trainer.dataset
    if ds.name == drawn.DRAW and not s.draw_shows_test:  # once: where every third click went
        w.w_show_test = s.draw_shows_test = True  # (before the toggle is drawn, further down the page)
    classification = ds.task == "classification"
    options = [*range(ds.n_classes), ERASE] if classification else [ADD_VALUE, ERASE]
    if w.get("w_draw_mode") not in options:
        w.w_draw_mode = options[0]
    c1, c2, c3, c4 = st.columns([3, 1.4, 0.8, 4], vertical_alignment="bottom")
    with c1:
        inputs.fragment(_modes)(options, classification)
    if classification and ds.name == drawn.DRAW:
        if w.get("w_draw_classes") != ds.n_classes:
            w.w_draw_classes = ds.n_classes
        c2.selectbox("Classes", drawn.DRAW_CLASSES, key="w_draw_classes", on_change=set_classes,
                     help="2: a sigmoid output; 3: a softmax (changing it starts a new model)")
    elif not classification:
        c2.select_slider("Value", VALUES, value=0.0, key="w_draw_value")
    c3.button("Clear", key="btn_draw_clear", on_click=clear, help="Remove every point")
    c4.markdown(data_line(ds))
    notice = link_notice(ds, s.cfg)
    if notice:
        st.info(notice)
    if s.draw_error:
        st.warning(s.draw_error)
