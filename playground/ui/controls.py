"""Sidebar widgets, drawn from the settings table: each setting's widget
keeps its value under `w_<name>` (per layer `w_<name>_<i>`) in session state,
so a Config can be written into the widgets (links, presets) and read back."""
from __future__ import annotations

import streamlit as st

from ..settings import BY_NAME, CSV, MAX_HIDDEN_LAYERS, SETTINGS, SIDEBAR_GROUPS, Setting
from . import state


def _regenerate() -> None:
    w = state.widgets()
    w.w_seed = (int(w.w_seed) + 1) % 2**31


def shown(name: str) -> bool:
    """Whether a setting's widget or a UI control is drawn (a link's hide= leaves it out)."""
    return name not in state.widgets().get("w_hide", [])


def widget(setting: Setting, key: str, label: str, where=st) -> None:
    """The setting's widget, in `where` (the sidebar or one of its columns)."""
    if setting.widget == "number" and setting.follows:  # may be left empty: then it takes another's value
        followed = BY_NAME[setting.follows]
        where.number_input(label, setting.low, setting.high, value=None, key=key, step=1, help=setting.help,
                           placeholder=f"= {followed.label.lower()} {getattr(state.ss().cfg, followed.name)}")
    elif setting.widget == "number":
        where.number_input(label, setting.low, setting.high, key=key, step=1, help=setting.help)
    else:
        draw = {"selectbox": where.selectbox, "select_slider": where.select_slider,
                "multiselect": where.multiselect}[setting.widget]
        options = setting.offered(state.widgets().get(key))
        draw(label, list(options), key=key, format_func=setting.text, help=setting.help)


def group_widgets(group: str, columns) -> None:
    """The widgets of a group drawn outside the sidebar (e.g. "Run", beside
    the run buttons), one per column, in the table's order."""
    for setting, column in zip((s for s in SETTINGS if s.group == group and shown(s.name)), columns):
        widget(setting, state.widget_key(setting), setting.label, column)


def group_size(group: str) -> int:
    """How many of a group's widgets are shown."""
    return sum(1 for s in SETTINGS if s.group == group and shown(s.name))


def csv_upload() -> None:
    s = state.ss()
    upload = st.file_uploader("CSV with columns x1, x2, label", type=["csv", "txt"], key="w_csv")
    if upload is not None and s.csv_upload_id != upload.file_id:
        s.csv_upload_id = upload.file_id
        s.csv_error = state.upload_csv(upload.getvalue())
        s.csv_fresh = s.csv_error is None
    if s.csv_error:
        st.error(s.csv_error)
    elif s.csv_points is None:
        st.info("Upload a CSV file (x1, x2, label; up to 10,000 rows). The previous data stays until then.")


def layer_controls() -> None:
    """How many hidden layers, then a row of per-layer settings for each."""
    per_layer = [setting for setting in SETTINGS if setting.per_layer]
    if shown("hidden"):
        st.number_input("Hidden layers", 0, MAX_HIDDEN_LAYERS, key="w_n_layers", step=1)
    for i in range(int(state.widgets().get("w_n_layers", len(state.ss().cfg.hidden)))):
        state.fill_new_layer(i)
        columns = st.columns([1.1, 1.2, 1][:len(per_layer)])
        for setting, column in zip(per_layer, columns):
            if shown(setting.name):
                label = f"Layer {i + 1} neurons" if setting.name == "hidden" else f"{setting.label} {i + 1}"
                widget(setting, state.widget_key(setting, i), label, column)


def sidebar() -> None:
    state.write_widgets(state.ss().cfg, only_missing=True)
    with st.sidebar:
        st.title("NN playground")
        for group in SIDEBAR_GROUPS:
            st.subheader(group)
            if group == "Network":
                layer_controls()
            for setting in (s for s in SETTINGS if s.group == group and not s.per_layer):
                if shown(setting.name):
                    widget(setting, state.widget_key(setting), setting.label)
                if setting.name == "dataset" and state.widgets().get("w_dataset") == CSV:
                    csv_upload()
            if group == "Data" and shown("regenerate"):
                st.button("Regenerate", key="btn_regenerate", on_click=_regenerate, help="New random data (the seed goes up by one)")
