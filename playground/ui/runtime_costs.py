"""Streamlit's per-run work that does not change from run to run, done once.

Streamlit starts every script run, fragment runs included, with a new_session
message, and fills its theme part anew each time: six config sections, each
found by walking all of Streamlit's ~200 config options. With 30 sessions
training on two cores that took 7% of the server's CPU (py-spy --gil), the
largest single cost outside the app. The theme only changes when the config
files are parsed again, so each section's theme message is built once with
Streamlit's own function and copied into every later message; a new parse
clears the copies.

After every successful run each session's file watcher looks for modules
imported since its last look, by building a set of all ~2,500 names in
sys.modules and comparing it with the last one: 14% of the server's CPU with
30 sessions training (py-spy --gil), more than any part of the app's own
frame. watch_new_modules_only() makes that look happen only when the count of
imported modules changed or the watcher evicted modules since (a `git pull`:
the next run imports them again), which is when a name can have changed.

The process-wide cache holds only what Streamlit derives from its config
files, the same for every session; no session's state goes into it.
"""
from __future__ import annotations

import sys
import threading

from streamlit import config
from streamlit.runtime import app_session
from streamlit.watcher.local_sources_watcher import LocalSourcesWatcher

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


def watch_new_modules_only() -> None:
    """Make each session's file watcher look through sys.modules only when
    modules may have come or gone since its last look (idempotent)."""
    with _lock:
        if getattr(LocalSourcesWatcher.update_watched_modules, "playground_original", None) is not None:
            return
        look, evict = LocalSourcesWatcher.update_watched_modules, LocalSourcesWatcher.flush_pending_evictions

        def update_watched_modules(self) -> None:
            count = len(sys.modules)
            if getattr(self, "_playground_modules_seen", None) == count:
                return
            update_watched_modules.playground_original(self)
            self._playground_modules_seen = count

        def flush_pending_evictions(self) -> None:
            before = len(sys.modules)
            evict(self)
            if len(sys.modules) != before:  # the run about to start imports them again, maybe others instead
                self._playground_modules_seen = None

        update_watched_modules.playground_original = look
        flush_pending_evictions.playground_original = evict
        LocalSourcesWatcher.update_watched_modules = update_watched_modules
        LocalSourcesWatcher.flush_pending_evictions = flush_pending_evictions
