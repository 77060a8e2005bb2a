"""Starting the app under streamlit.testing.v1.AppTest, shared by the UI tests."""
import os

from streamlit.testing.v1 import AppTest

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
