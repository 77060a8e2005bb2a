"""The tabs beyond the main screen: maths, gradient check, inside the layers,
history, compared runs, classroom presets, export and import."""
from __future__ import annotations

import streamlit as st

from .. import inspect, maths, plots
from ..settings import CSV, SETTINGS
from ..data import to_csv
from ..drawn import DRAW, all_points
from ..engine import gradient_check
from ..export import export_script
from ..presets import PRESETS
from . import state
from .live_charts import colour_bound, grids
from .picture import confusion_tab, hidden_space_tab

GRADCHECK_POINTS = 32
GRADCHECK_ENTRIES = 30  # per parameter array, chosen at random
MAX_KEPT_RUNS = 8
SCORE_NAMES = {"classification": "accuracy", "regression": "R²"}  # what a run's score is, by its task


def maths_tab(trainer) -> None:
    net = trainer.network
    m = trainer.Xc.shape[1] if trainer.batch_size is None else min(trainer.batch_size, trainer.Xc.shape[1])
    st.caption(f"Generated from the running network's configuration, for a batch of m = {m}. "
               "One example per column, as in the seeds.")
    st.markdown("**Forward pass**")
    st.latex(maths.input_equation(trainer.dataset.features))
    for line in maths.forward_equations(net, m):
        st.latex(line)
    st.markdown("**Cost**")
    st.latex(maths.cost_equation(net))
    st.markdown("**Backward pass** (output layer first)")
    for line in maths.backward_equations(net, m):
        st.latex(line)
    st.markdown("**Update**")
    st.latex(maths.update_equation(net))


def _run_gradcheck() -> None:
    s = state.ss()
    t = s.trainer
    n = min(GRADCHECK_POINTS, len(t.dataset.y_train))
    if not n:  # a drawing with no training points yet
        s.gradcheck = None
        return
    report = gradient_check(t.network, t.dataset.X_train[:n], t.dataset.y_train[:n],
                            max_per_array=GRADCHECK_ENTRIES)
    s.gradcheck = {"step": t.step_count, "version": s.model_version, "points": n, "report": report}


def gradcheck_tab(trainer) -> None:
    st.caption("Compares every backpropagated gradient with a central difference "
               "(J(θ+ε) − J(θ−ε)) / 2ε, ε = 1e-6, dropout off. Agreement to about 1e-6 shows the backward "
               "pass computes the true derivative of the cost, L2 term included.")
    st.button("Run gradient check", key="btn_gradcheck", on_click=_run_gradcheck)
    result = state.ss().gradcheck
    if result is None:
        return
    rows = [{"parameter": name, "shape": f"{r['shape'][0]} × {r['shape'][1]}", "entries checked": r["checked"],
             "relative error": f"{r['relative_error']:.2e}", "max |difference|": f"{r['max_abs_error']:.2e}",
             "result": "pass" if r["relative_error"] < 1e-6 else ("close" if r["relative_error"] < 1e-4 else "FAIL")}
            for name, r in result["report"].items()]
    st.markdown(f"Checked at step {result['step']} on {result['points']} training points.")
    st.table(rows, hide_index=True)


def layers_tab(trainer) -> None:
    s = state.ss()
    steps, items = s.layer_log.keys, s.layer_log.items
    if not items:
        st.info("Train for a moment to record per-layer statistics.")
        return
    per = lambda key: [[stats[key][l] for stats in items] for l in range(len(items[0][key]))]  # noqa: E731
    c1, c2 = st.columns(2)
    c1.plotly_chart(plots.layer_lines(steps, per("grad_norm"), "Gradient norm ‖dW‖ per layer", log_y=True),
                    key="chart_grad_norm")
    c2.plotly_chart(plots.layer_lines(steps, per("weight_norm"), "Weight norm ‖W‖ per layer"), key="chart_w_norm")
    c3, c4 = st.columns(2)
    c3.plotly_chart(plots.layer_lines(steps, per("dead")[:-1], "Dead ReLU units (share)"), key="chart_dead")
    c4.plotly_chart(plots.layer_lines(steps, per("saturated")[:-1], "Saturated sigmoid/tanh outputs (share)"),
                    key="chart_saturated")
    net = trainer.network
    c5, c6 = st.columns(2)
    c5.plotly_chart(plots.histograms(net.weights, [f"W{l + 1}" for l in range(len(net.weights))],
                                     "Weights now"), key="chart_w_hist")
    acts = inspect.hidden_activations(net, trainer.Xc)
    if acts:
        c6.plotly_chart(plots.histograms(acts, [f"A{l + 1}" for l in range(len(acts))], "Hidden activations now"),
                        key="chart_a_hist")


def history_tab(trainer) -> None:
    s = state.ss()
    steps, items = s.snapshots.keys, s.snapshots.items
    if len(items) < 2:
        st.info("Train for a moment: snapshots of the boundary are kept as it learns (at most 100).")
        return
    index = st.slider("Snapshot", 0, len(items) - 1, len(items) - 1, key="w_snapshot")
    step, (epoch, snapshot) = steps[index], items[index]
    grid, _ = grids(trainer)
    data = trainer.dataset
    values = inspect.snapshot_values(snapshot)
    bound = colour_bound(trainer)  # the snapshots are kept on the live chart's fixed scale
    if data.task == "regression":
        values = (values * 2 - 1) * bound
    st.plotly_chart(plots.boundary_figure(grid.xs, grid.ys, values, data.task, data.points_train, data.y_train,
                                          data.points_test, data.y_test, f"Step {step} (epoch {epoch})",
                                          meta="snapshot", bound=bound),
                    key="chart_snapshot")


def keep_run() -> None:
    """Store the current run's settings, task, curves and final metrics (at most MAX_KEPT_RUNS)."""
    s = state.ss()
    t = s.trainer
    kept = list(s.kept)
    number = s.kept_count + 1
    s.kept_count = number
    kept.append({"label": f"run {number}", "config": s.cfg, "task": t.dataset.task, "epochs": t.epoch,
                 "steps": t.step_count, "final": t.evaluate(), **t.history.as_dict()})
    s.kept = kept[-MAX_KEPT_RUNS:]


def compare_tab(trainer) -> None:
    s = state.ss()
    st.button("Keep this run", key="btn_keep", on_click=keep_run,
              help=f"Store its settings, curves and final metrics (the last {MAX_KEPT_RUNS} are kept)")
    kept = s.kept
    if not kept:
        return
    st.plotly_chart(plots.compare_figure(kept), key="chart_compare")
    settings = [run["config"].to_query() for run in kept]  # as a link writes them: 8,8 not (8, 8)
    fields = [s.name for s in SETTINGS  # drawn points are data, not a setting to read in a table
              if s.widget != "none" and len({links[s.name] for links in settings}) > 1]
    names = [SCORE_NAMES[run["task"]] for run in kept]
    score = names[0] if len(set(names)) == 1 else "score"  # mixed tasks: each row says which score
    rows = []
    for run, links, name in zip(kept, settings, names):
        row = {"run": run["label"], **{f: links[f] for f in fields}, "epochs": run["epochs"]}
        row.update({"score": name} if score == "score" else {})
        row.update({f"train {score}": f"{run['final']['train_score']:.3f}",
                    f"test {score}": f"{run['final']['test_score']:.3f}",
                    "test cost": f"{run['final']['test_cost']:.4g}"})
        rows.append(row)
    st.table(rows, hide_index=True)
    cols = st.columns(len(kept))
    for col, run in zip(cols, kept):
        col.button(f"Restore {run['label']}", key=f"btn_restore_{run['label']}", on_click=state.load_config,
                   args=(run["config"],))


def presets_tab(trainer) -> None:
    for i, preset in enumerate(PRESETS):
        c1, c2 = st.columns([1, 3])
        c1.button(preset.name, key=f"btn_preset_{i}", on_click=state.load_config, args=(preset.config,),
                  width="stretch")
        c2.markdown(f"**Look:** {preset.look}  \n**Try next:** {preset.try_next}")
    st.multiselect("Hide these controls (for a demo; kept in the link)", list(state.HIDEABLE), key="w_hide",
                   format_func=state.HIDEABLE.get)


def export_tab(trainer) -> None:
    s = state.ss()
    cfg = s.cfg
    data_csv = to_csv(*all_points(trainer.dataset))  # x1, x2, label, split: the upload reads it back as it is
    own = cfg.dataset == CSV or trainer.dataset.edited or trainer.dataset.name == DRAW
    csv_text = data_csv if own else None
    c1, c2, c3, c4 = st.columns(4)
    c1.download_button("Configuration (.json)", cfg.to_json(), file_name="playground_config.json",
                       mime="application/json", key="dl_config")
    c2.download_button("Trained weights (.npz)", trainer.network.to_bytes({"app_config": cfg.to_json()}),
                       file_name="playground_weights.npz", mime="application/octet-stream", key="dl_weights")
    c3.download_button("Python script (.py)", export_script(cfg, trainer.step_count, trainer.epoch, csv_text),
                       file_name="playground_run.py", mime="text/x-python", key="dl_script")
    c4.download_button("Data (.csv)", data_csv, file_name="playground_data.csv", mime="text/csv", key="dl_data",
                       help="x1, x2, label and split (train/test); Dataset → Upload CSV… loads it back")
    st.caption("The script rebuilds the same data and network with the playground package and trains it for "
               f"the same {trainer.step_count} steps, to the same weights.")
    st.file_uploader("Load a configuration (.json) or weights (.npz)", type=["json", "npz"], key="w_upload",
                     on_change=state.load_upload, args=("w_upload",))
    if s.upload_error:
        st.error(s.upload_error)


PANELS = {"Maths": maths_tab, "Gradient check": gradcheck_tab, "Inside the layers": layers_tab,
          "Confusion matrix": confusion_tab, "Hidden space": hidden_space_tab,
          "History": history_tab, "Compare runs": compare_tab, "Presets": presets_tab, "Export / import": export_tab}
NO_PANEL = "None"


def extras(trainer) -> None:
    """One panel at a time, chosen by the user. Only the chosen panel exists
    on the page: every element on it costs the browser time on every frame
    while training (all tabs of st.tabs would, even hidden ones)."""
    choice = st.radio("More", [NO_PANEL, *PANELS], key="w_panel", horizontal=True,
                      help="Extra views; each one is drawn only while it is chosen")
    if choice in PANELS:
        PANELS[choice](trainer)
