"""Streamlit's per-run work done once (playground/ui/runtime_costs.py) and the
session found once per run (playground/ui/session.ss): the same answers as
before, computed fewer times."""
import sys
import types

import pytest
from streamlit import config
from streamlit.proto.NewSession_pb2 import CustomThemeConfig
from streamlit.runtime import app_session

from playground.ui import runtime_costs
from tests.support.apptest import session_of, start, train

SECTIONS = ("theme", "theme.light", "theme.dark", "theme.sidebar", "theme.light.sidebar", "theme.dark.sidebar")


@pytest.fixture()
def themed(monkeypatch):
    """A parsed config with options in some theme sections (the repo's config.toml
    and two command-line flags) and none in others; parsed again afterwards."""
    runtime_costs.cache_theme_message()
    parse({"theme.textColor": "#222222"})
    yield
    config.get_config_options(force_reparse=True)


def parse(flags: dict) -> None:
    """Parse the config files again, with `streamlit run`'s flags (as the CLI passes them)."""
    config.get_config_options(force_reparse=True,
                              options_from_flags={"theme.sidebar.primaryColor": "#aa5500", **flags})


def built(populate, section: str) -> bytes:
    """The section's theme message inside its parent, as Streamlit fills it (so
    whether the part is present at all shows in the bytes)."""
    from streamlit.proto.NewSession_pb2 import NewSession
    parent = NewSession()
    part = parent.custom_theme
    for name in section.split(".")[1:]:
        part = getattr(part, name)
    populate(part, section)
    return parent.SerializeToString()


def theme_of(data: bytes) -> CustomThemeConfig:
    from streamlit.proto.NewSession_pb2 import NewSession
    return NewSession.FromString(data).custom_theme


def test_each_theme_section_is_the_message_streamlit_builds(themed):
    original = app_session._populate_theme_msg.playground_original
    assert app_session._populate_theme_msg is not original
    for section in SECTIONS:
        expected = built(original, section)
        assert built(app_session._populate_theme_msg, section) == expected, section
        assert built(app_session._populate_theme_msg, section) == expected, section  # from the cache
    assert built(original, "theme") and built(original, "theme.sidebar") and not built(original, "theme.dark")


def test_a_section_of_default_values_is_still_present(themed):
    """base = "light" or an empty colour sets nothing a message holds, yet
    Streamlit marks the part present (the browser then keeps the light theme)."""
    original = app_session._populate_theme_msg.playground_original
    parse({"theme.light.primaryColor": "", "theme.dark.sidebar.primaryColor": ""})
    for section in SECTIONS:
        assert built(app_session._populate_theme_msg, section) == built(original, section), section
    assert built(original, "theme.light") != built(original, "theme.dark")  # the empty colour made light present


def test_a_theme_section_is_read_from_the_config_once_per_parse(themed, monkeypatch):
    reads = []
    read = config.get_options_for_section
    monkeypatch.setattr(config, "get_options_for_section", lambda section: reads.append(section) or read(section))
    built(app_session._populate_theme_msg, "theme")  # the fixture's parse emptied the cache: one build
    one_build = len(reads)
    assert one_build >= 1 and set(reads) == {"theme"}
    for _ in range(3):
        built(app_session._populate_theme_msg, "theme")
    assert len(reads) == one_build  # from the cache
    parse({})  # a new parse: built again, once
    for _ in range(3):
        built(app_session._populate_theme_msg, "theme")
    assert len(reads) == 2 * one_build


def test_a_new_parse_brings_the_new_theme(themed):
    assert theme_of(built(app_session._populate_theme_msg, "theme")).text_color == "#222222"
    parse({"theme.textColor": "#123456"})
    assert theme_of(built(app_session._populate_theme_msg, "theme")).text_color == "#123456"


def _watcher_look():
    from streamlit.watcher.local_sources_watcher import LocalSourcesWatcher
    return LocalSourcesWatcher.update_watched_modules


@pytest.mark.parametrize("install, installed", [
    (runtime_costs.cache_theme_message, lambda: app_session._populate_theme_msg),
    (runtime_costs.watch_new_modules_only, _watcher_look),
], ids=["theme message", "watcher look"])
def test_installing_twice_wraps_once(install, installed):
    install()
    first = installed()
    install()
    assert installed() is first
    assert not hasattr(first.playground_original, "playground_original")


def test_the_app_runs_with_the_cache_and_every_run_sees_its_own_session():
    at = start()
    assert runtime_costs.theme_message_cached()
    train(at, ticks=2)
    first = session_of(at)
    steps = first.trainer.step_count
    assert steps > 0
    other = start()  # another browser session: its own Session, not the one found in the first one's runs
    assert session_of(other) is not first and session_of(other).trainer.step_count == 0
    at.run()
    assert session_of(at) is first and first.trainer.step_count == steps


class FakeRun:
    """A script run's context as session.ss reads it: Streamlit makes a new cursors dict for every run."""
    def __init__(self):
        self.cursors = {}


def test_the_session_is_looked_up_once_per_run_and_again_in_the_next(monkeypatch):
    from types import SimpleNamespace

    from playground.ui import session as session_module
    states = {"a": {}, "b": {}}
    current = {"ctx": None, "state": states["a"]}
    monkeypatch.setattr(session_module, "get_script_run_ctx", lambda suppress_warning=False: current["ctx"])
    monkeypatch.setattr(session_module, "st", SimpleNamespace(session_state=_Lookups(current)))
    run_a, run_b = FakeRun(), FakeRun()
    current.update(ctx=run_a, state=states["a"])
    first = session_module.ss()
    assert session_module.ss() is first and _Lookups.count == 1  # found once in a run
    states["a"][session_module.SESSION_KEY] = replaced = session_module.Session()
    current.update(ctx=run_b, state=states["b"])  # another session's run on the same thread
    other = session_module.ss()
    assert other is not first and other is not replaced and _Lookups.count == 2
    states["b"][session_module.SESSION_KEY] = replaced_b = session_module.Session()
    run_b.cursors = {}  # session b's next run, right after the last
    assert session_module.ss() is replaced_b and _Lookups.count == 3
    current.update(ctx=run_a, state=states["a"])
    run_a.cursors = {}
    assert session_module.ss() is replaced and _Lookups.count == 4
    current.update(ctx=None)  # outside a script run: looked up every time
    session_module.ss(), session_module.ss()
    assert _Lookups.count == 6


class _Lookups:
    """st.session_state of the session whose run is current, counting lookups."""
    count = 0

    def __init__(self, current):
        self.current = current
        _Lookups.count = 0

    def get(self, key):
        _Lookups.count += 1
        return self.current["state"].get(key)

    def __setitem__(self, key, value):
        self.current["state"][key] = value


@pytest.fixture()
def watcher(monkeypatch):
    """A session's file watcher (its sys.modules look counted) with the cheap look installed."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.watcher.local_sources_watcher import LocalSourcesWatcher

    from tests.support.apptest import APP
    runtime_costs.watch_new_modules_only()
    patched = LocalSourcesWatcher.update_watched_modules
    looks = []
    original = patched.playground_original
    monkeypatch.setattr(patched, "playground_original", lambda self: looks.append(set(sys.modules)) or original(self))
    watcher = LocalSourcesWatcher(PagesManager(APP))
    monkeypatch.setattr(watcher, "_register_necessary_watchers", lambda paths: None)  # no file watches in a test
    yield watcher, looks
    watcher.close()


def test_the_watcher_looks_through_sys_modules_only_when_modules_came_or_went(watcher, monkeypatch):
    watcher, looks = watcher
    watcher.update_watched_modules()
    assert len(looks) == 1  # the first look sees every module
    for _ in range(3):  # runs that imported nothing
        watcher.update_watched_modules()
    assert len(looks) == 1
    new = types.ModuleType("playground_module_imported_by_a_run")
    monkeypatch.setitem(sys.modules, new.__name__, new)
    watcher.update_watched_modules()
    assert len(looks) == 2 and new.__name__ in looks[-1]


def test_after_a_pull_the_watcher_looks_again_even_when_the_count_is_the_same(watcher, monkeypatch):
    """A pull evicts the watched modules; the next run imports them again, and
    new code may import a module in place of one it no longer uses."""
    watcher, looks = watcher
    old, new = types.ModuleType("playground_old_module"), types.ModuleType("playground_new_module")
    monkeypatch.setitem(sys.modules, old.__name__, old)
    watcher.update_watched_modules()
    assert len(looks) == 1
    watcher._pending_evictions.add(old.__name__)  # as on_path_changed does for a watched module
    watcher.flush_pending_evictions()  # the next run starts: evicted
    assert old.__name__ not in sys.modules
    monkeypatch.setitem(sys.modules, new.__name__, new)  # that run imports the new module instead
    watcher.update_watched_modules()
    assert len(looks) == 2 and new.__name__ in looks[-1]
