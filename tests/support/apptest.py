"""Starting the app under streamlit.testing.v1.AppTest, shared by the UI tests."""
import os

from streamlit.testing.v1 import AppTest

from playground.config import Config
from playground.ui.session import SESSION_KEY, Session

APP = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "app.py")


def start(query: dict | None = None) -> AppTest:
    """A fresh session (optionally opened from a link's query string), run once.

    Unless the link says otherwise it trains at Speed max: an AppTest tick is
    one frame, and a paced frame's steps depend on the wall clock (the pace is
    tested with a clock of its own in tests/test_speed.py)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"speed": "max", **(query or {})})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def session_of(at: AppTest) -> Session:
    """The app's per-session state object (playground/ui/session.py) of an AppTest."""
    return at.session_state[SESSION_KEY]


class FakeWidgets(dict):
    """Widget values as st.session_state holds them, outside Streamlit."""
    __getattr__ = dict.__getitem__
    __setattr__ = dict.__setitem__


def fake_session(monkeypatch, cfg: Config | None = None) -> Session:
    """A Session and widget values outside Streamlit, for calling the UI's
    functions directly; a model built from cfg (default: the default Config)."""
    from playground.ui import state
    session, widgets = Session(), FakeWidgets()
    monkeypatch.setattr(state, "ss", lambda: session)
    monkeypatch.setattr(state, "widgets", lambda: widgets)
    cfg = cfg or Config()
    state.build(cfg, cfg.make_dataset())
    return session


def counter(at: AppTest) -> str:
    """The step counter's text the browser shows once it has shown this run's
    frames (the live charts' element carries it: playground/ui/live.counter_text):
    the last further part's when the run drew several."""
    from playground.ui.plotly_live import payload
    sent = next(payload(e.proto) for e in at.get("bidi_component") if e.proto.id.endswith("chart_live"))
    return ([sent["counter"]] + [part["counter"] for part in sent.get("later") or []])[-1]


def show(at: AppTest, panel: str) -> None:
    """Choose one of the "More" panels."""
    at.radio(key="w_panel").set_value(panel).run()
    assert not at.exception, [e.value for e in at.exception]


def train(at: AppTest, ticks: int = 2) -> None:
    """Train for a number of AppTest ticks (one frame each), then pause."""
    at.button(key="btn_train").click().run()
    for _ in range(ticks):
        at.run()
    at.button(key="btn_pause").click().run()
    assert not at.exception, [e.value for e in at.exception]
