"""Starting the app under streamlit.testing.v1.AppTest, shared by the UI tests."""
import os

from streamlit.testing.v1 import AppTest

APP = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "app.py")


def start(query: dict | None = None) -> AppTest:
    """A fresh session (optionally opened from a link's query string), run once."""
    at = AppTest.from_file(APP, default_timeout=60)
    if query:
        at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
