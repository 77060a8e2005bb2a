"""Streamlit's per-run work that does not change from run to run, done once.

Streamlit starts every script run, fragment runs included, with a new_session
message, and fills its theme part anew each time: six config sections, each
found by walking all of Streamlit's ~200 config options. With 30 sessions
training on two cores that took 7% of the server's CPU (py-spy --gil), the
largest single cost outside the app. The theme only changes when the config
files are parsed again, so each section's theme message is built once with
Streamlit's own function and copied into every later message; a new parse
clears the copies.

The process-wide cache holds only what Streamlit derives from its config
files, the same for every session; no session's state goes into it.
"""
from __future__ import annotations

import threading

from streamlit import config
from streamlit.runtime import app_session

_lock = threading.Lock()
_built: dict[str, object] = {}  # config section -> the theme message Streamlit built for it


def theme_message_cached() -> bool:
    """True once the theme cache is in place."""
    return getattr(app_session._populate_theme_msg, "playground_original", None) is not None


def cache_theme_message() -> None:
    """Make Streamlit build each theme section's message once per config parse (idempotent)."""
    with _lock:
        if theme_message_cached():
            return
        original = app_session._populate_theme_msg

        def populate_theme_msg(msg, section: str = "theme") -> None:
            built = _built.get(section)
            if built is None:
                # Streamlit's function leaves the message untouched only when every option of the
                # section is None; otherwise the message is present even if all it holds are defaults
                # (base = "light", an empty colour), which a merge of an empty message would not say.
                touched = any(value is not None for value in config.get_options_for_section(section).values())
                message = type(msg)()
                original(message, section)
                built = _built[section] = (touched, message)
            if built[0]:
                msg.SetInParent()
                msg.MergeFrom(built[1])

        populate_theme_msg.playground_original = original
        app_session._populate_theme_msg = populate_theme_msg
        config.on_config_parsed(_built.clear, force_connect=True)
