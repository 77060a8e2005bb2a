"""Faults found trying the app as a new user (issue 10, UI and deployment):
fast Step clicks, link notices, the Compare runs label, a read-only checkout
opened by thirty sessions at once, code updates on a running host, CI's Python
versions and the test dependencies.

The server tests run `streamlit run` from a fresh copy of the repository's
files and drive sessions over the websocket the way the front end does
(tests/support/wsclient.py)."""
import ast
import asyncio
import concurrent.futures
import hashlib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import urllib.request

import numpy as np
import plotly
import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from tests.support.apptest import counter, session_of, start
from tests.support.server import StreamlitServer, session_query
from tests.support.wsclient import COUNTER, StreamlitClient

from playground.config import Config
from playground.ui.app import plain
from playground.ui.plotly_live import payload as live_payload

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SESSIONS = 30
PLOTLY_JS = os.path.join(os.path.dirname(plotly.__file__), "package_data", "plotly.min.js")


# ----------------------------------------------------------------- helpers
class RecordingClient(StreamlitClient):
    """A websocket session that also records the runs the server starts, how
    they finish, session events, and which fragment draws the step counter."""

    def __init__(self, url: str, query_string: str = ""):
        super().__init__(url, query_string)
        self.runs: list[tuple[str, ...]] = []  # fragment ids of each run started; () = a full run
        self.finished: list[int] = []  # ForwardMsg.ScriptFinishedStatus of each run
        self.changed_on_disk = False
        self.counter_fragment = ""

    def _handle(self, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.runs.append(tuple(message.metadata.run.fragment_ids))
        elif kind == "script_finished":
            self.finished.append(message.script_finished)
        elif kind == "session_event" and message.session_event.script_changed_on_disk:
            self.changed_on_disk = True
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element" \
                and message.delta.new_element.WhichOneof("type") == "bidi_component" \
                and COUNTER.search(live_payload(message.delta.new_element.bidi_component).get("counter") or ""):
            self.counter_fragment = message.delta.fragment_id
        super()._handle(message)

    def full_runs_done(self) -> int:
        return self.finished.count(ForwardMsg.FINISHED_SUCCESSFULLY)

    async def ready(self) -> None:
        await self.wait_for(lambda c: c.full_runs_done() and c.counter_text and "Step" in c.buttons)

    async def click_in_fragment_run(self, label: str) -> None:
        """One click, delivered as the browser delivers it when it lands just
        after a chart's tick: once, inside the tick's fragment rerun (which
        carries every widget state, the click's trigger included), and no page
        run of its own (tests/test_folded_page_run.py sees it in a browser).
        Returns once a page run has finished: the app must start it itself."""
        button, done = self.buttons[label], self.full_runs_done()
        await self._rerun(fragment_id=self.counter_fragment, trigger=button)
        await self.wait_for(lambda c: c.full_runs_done() > done, timeout=30)

    async def click_once(self, label: str) -> None:
        """A click delivered once (no timer fired in between), after its full run."""
        done = self.full_runs_done()
        await self._rerun(trigger=self.buttons[label])
        await self.wait_for(lambda c: c.full_runs_done() > done)


def repository_files() -> list[str]:
    """The files a fresh clone of this repository has (plus new, not ignored ones)."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                         capture_output=True, check=True)
    return [p for p in out.stdout.decode().split("\0") if p and os.path.isfile(os.path.join(ROOT, p))]


def fresh_copy(target: str) -> str:
    for path in repository_files():
        os.makedirs(os.path.dirname(os.path.join(target, path)), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, path), os.path.join(target, path))
    return target


def snapshot(folder: str) -> dict:
    """Every file and folder under folder, with its content hash."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames:
            found[os.path.relpath(os.path.join(dirpath, name), folder)] = "dir"
        for name in filenames:
            with open(os.path.join(dirpath, name), "rb") as handle:
                found[os.path.relpath(os.path.join(dirpath, name), folder)] = hashlib.sha256(handle.read()).hexdigest()
    return found


READ_ONLY_MOUNT = ("unshare", "-m", "sh", "-c",
                   'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"')


def read_only_wrapper(folder: str) -> tuple:
    """A command prefix that runs a program with folder mounted read-only
    (a private mount namespace), or () where this machine cannot do that;
    then the tests still check that nothing under folder was written."""
    probe = subprocess.run([*READ_ONLY_MOUNT, folder, "touch", os.path.join(folder, "probe")],
                           capture_output=True, text=True)
    if probe.returncode != 0 and "Read-only file system" in probe.stderr:
        return (*READ_ONLY_MOUNT, folder)
    if os.path.exists(os.path.join(folder, "probe")):
        os.remove(os.path.join(folder, "probe"))
    print(f"no read-only mount here ({probe.stderr.strip()[:100]}); checking for writes only")
    return ()


# The server imports the app's package from its own copy, never from the tests' checkout,
# and leaves bytecode caches to the interpreter (skipped on a read-only disk anyway).
SERVER_ENV = {"PYTHONPATH": "", "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.fixture(scope="module")
def read_only_app(tmp_path_factory):
    """A fresh copy of the app on a read-only mount, served once for the module."""
    copy = fresh_copy(str(tmp_path_factory.mktemp("read-only-app")))
    before = snapshot(copy)
    wrapper = read_only_wrapper(copy)
    with StreamlitServer(root=copy, wrapper=wrapper, env=SERVER_ENV) as server:
        yield server, copy, before


# ------------------------------------------------------- 23: Step clicks
def test_twenty_step_clicks_in_consecutive_runs_take_twenty_steps():
    at = start()
    for _ in range(20):
        at.button(key="btn_step").click().run()
    assert session_of(at).trainer.step_count == 20
    for _ in range(3):
        at.button(key="btn_epoch").click().run()
    assert session_of(at).trainer.epoch == 23  # full batch: an epoch is one step
    assert re.search(r"Epoch 23 · step 23", counter(at))


def test_a_click_delivered_inside_a_fragment_run_counts_once_and_redraws_the_page(read_only_app):
    """Streamlit's front end folds a click that lands just after a chart's
    tick into the tick's fragment rerun: the click's only delivery. It must
    take its step, once, and the page must run again (playground/ui/inputs.py)."""
    server, _, _ = read_only_app

    async def session() -> list[int]:
        client = RecordingClient(server.url)
        await client.connect()
        await client.ready()
        assert client.counter_fragment  # the counter is drawn by the live fragment
        steps = []
        for label in ("Step", "Step epoch", "Step"):
            await client.click_in_fragment_run(label)
            steps.append(client.steps)
        await client.click_once("Step")  # and a click delivered once still counts
        steps.append(client.steps)
        assert client.errors == []
        await client.close()
        return steps

    assert asyncio.run(session()) == [1, 2, 3, 4]


# --------------------------------------------------------- 24: link notices
BAD_VALUES = [  # key, value as written, what the app uses instead (as a link writes it)
    ("dataset", "foo", "circles"), ("dataset", "csv", "circles"), ("noise", "abc", "0.1"), ("points", "7", "500"),
    ("test", "2", "0.3"), ("features", "x1,x9", "x1,x2"), ("layers", "0,3", "8,8"), ("layers", "1.5", "8,8"),
    ("act", "foo", "relu,relu"), ("act", "tanh", "relu,relu"), ("keep", "0.3,1", "1,1"), ("keep", "1", "1,1"),
    ("l2", "x", "0"), ("init", "bogus", "he"), ("opt", "rmsprop", "adam"), ("lr", "1e999", "0.01"),
    ("batch", "NaN", "full"), ("batch", "0", "full"), ("seed", "-5", "0"), ("seed", "9" * 60, "0"),
]


@pytest.mark.parametrize("key, value, used", BAD_VALUES)
def test_a_bad_link_value_is_named_by_its_key_and_value_as_written(key, value, used):
    cfg, notices = Config.from_query({key: value})
    assert cfg == Config()
    assert len(notices) == 1, notices
    shown = value if len(value) <= 40 else value[:40] + "…"
    assert notices[0].startswith(f"ignored {key}={shown}: "), notices
    assert notices[0].endswith(f"; using {used}"), notices
    assert not re.search(r"None|\(\d|\('|\\x", notices[0]), notices  # no Python forms


def test_bad_act_or_keep_are_not_blamed_on_layers_and_name_the_bad_item():
    cfg, notices = Config.from_query({"layers": "4,4", "act": "tanh,foo", "keep": "0.9,0.9"})
    assert cfg.hidden == (4, 4) and cfg.activations == ("relu", "relu") and cfg.keep_probs == (0.9, 0.9)
    assert len(notices) == 1 and notices[0].startswith("ignored act=tanh,foo: unknown activation 'foo'")
    _, notices = Config.from_query({"layers": "4", "keep": "0.9,0.9"})
    assert notices == ["ignored keep=0.9,0.9: the network has 1 hidden layer, so it needs 1 keep probability "
                       "value, not 2; using 1"]


def test_unknown_hide_names_are_named_with_the_value_as_written():
    at = start({"hide": "noise,seed,bogus"})
    texts = [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning]  # Markdown backslash escapes undone
    assert any(t.startswith("ignored hide=noise,seed,bogus: unknown control name bogus") and
               t.endswith("hiding noise,seed") for t in texts), texts


def test_notices_show_a_value_as_written_not_as_markdown():
    value = "__init__ *x* [a](b) $y$ :red[z] <i>"
    at = start({"act": value})
    notice = next(w.value for w in at.warning if "act" in w.value)
    assert not re.search(r"(?<!\\)[*_\[\]()$<>:]", notice)  # every Markdown character is escaped
    assert re.sub(r"\\(.)", r"\1", notice) == Config.from_query({"act": value})[1][0]
    assert plain("a_b") == r"a\_b"


# ----------------------------------------------------- 25: Compare runs label
def keep_a_run(at) -> None:
    at.button(key="btn_train").click().run()
    at.run()
    at.button(key="btn_pause").click().run()
    at.button(key="btn_keep").click().run()
    assert not at.exception, [e.value for e in at.exception]


def compare_table(at):
    return next(t.value for t in at.table if "run" in t.value.columns)


def test_a_csv_regression_run_is_labelled_by_its_task():
    rng = np.random.default_rng(0)
    points = rng.uniform(-1, 1, size=(60, 2))
    rows = "\n".join(f"{x:.4f},{y:.4f},{x * 0.5 - y + 0.1234:.4f}" for x, y in points)  # real-valued targets
    at = start()
    at.selectbox(key="w_dataset").select("csv").run()
    at.file_uploader(key="w_csv").set_value(("r.csv", ("x1,x2,target\n" + rows).encode(), "text/csv")).run()
    assert session_of(at).trainer.dataset.task == "regression" and not at.error
    at.radio(key="w_panel").set_value("Compare runs").run()
    keep_a_run(at)
    columns = list(compare_table(at).columns)
    assert "train R²" in columns and "test R²" in columns and not any("accuracy" in c for c in columns)


def test_runs_of_different_tasks_say_which_score_each_row_shows():
    at = start({"dataset": "plane"})
    at.radio(key="w_panel").set_value("Compare runs").run()
    keep_a_run(at)
    at.selectbox(key="w_dataset").select("moons").run()
    keep_a_run(at)
    table = compare_table(at)
    assert list(table["score"]) == ["R²", "accuracy"]
    assert list(table["dataset"]) == ["plane", "moons"]
    assert "train score" in table.columns


def test_compared_settings_are_shown_as_a_link_writes_them():
    at = start()
    at.radio(key="w_panel").set_value("Compare runs").run()
    keep_a_run(at)
    at.number_input(key="w_hidden_0").set_value(5).run()
    keep_a_run(at)
    assert list(compare_table(at)["hidden"]) == ["8,8", "5,8"]  # not "(8, 8)"


# ----------------------------------------------- 26: a read-only checkout
def test_the_committed_plotly_js_is_the_pinned_packages_file():
    with open(os.path.join(ROOT, "static", "plotly.min.js"), "rb") as ours, open(PLOTLY_JS, "rb") as pinned:
        assert hashlib.sha256(ours.read()).digest() == hashlib.sha256(pinned.read()).digest(), \
            f"copy {PLOTLY_JS} to static/ after upgrading plotly"
    assert "static/plotly.min.js" in repository_files()


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.status, response.read()


def test_a_fresh_read_only_copy_serves_thirty_sessions_opening_at_once(read_only_app):
    server, copy, before = read_only_app
    with open(PLOTLY_JS, "rb") as handle:
        plotly_js = handle.read()

    async def thirty() -> list[list[str]]:
        clients = [RecordingClient(server.url, session_query(i)) for i in range(SESSIONS)]
        with concurrent.futures.ThreadPoolExecutor(2 * SESSIONS) as pool:
            pages = [pool.submit(fetch, server.url + "/") for _ in range(SESSIONS)]
            scripts = [pool.submit(fetch, server.url + "/app/static/plotly.min.js") for _ in range(SESSIONS)]
            await asyncio.gather(*(c.connect() for c in clients))
            await asyncio.gather(*(c.wait_for(lambda c: c.full_runs_done() and c.live_frames and c.counter_text,
                                              timeout=300) for c in clients))
            assert all(p.result()[0] == 200 and b"<html" in p.result()[1].lower() for p in pages)
            assert all(s.result() == (200, plotly_js) for s in scripts)
        errors = [c.errors for c in clients]
        await asyncio.gather(*(c.close() for c in clients))
        return errors

    assert asyncio.run(thirty()) == [[]] * SESSIONS
    assert snapshot(copy) == before  # nothing written, nothing created


# ------------------------------------------- 27: new code after a git pull
def test_after_a_pull_the_running_server_runs_the_new_code(tmp_path):
    copy = fresh_copy(str(tmp_path / "app"))
    live = os.path.join(copy, "playground", "ui", "run_controls.py")  # where the run buttons are drawn
    with StreamlitServer(root=copy, env=SERVER_ENV) as server:
        async def pull() -> None:
            open_session = RecordingClient(server.url)
            await open_session.connect()
            await open_session.ready()
            with open(live) as handle:
                code = handle.read()
            assert code.count('"Step epoch"') == 1
            with open(live, "w") as handle:  # what `git pull` does to a module
                handle.write(code.replace('"Step epoch"', '"Step one epoch"'))
            await open_session.wait_for(lambda c: c.changed_on_disk, timeout=30)  # the page offers a rerun
            await open_session.click("Step")  # any rerun loads the new modules
            await open_session.wait_for(lambda c: "Step one epoch" in c.buttons, timeout=30)
            new_session = RecordingClient(server.url)
            await new_session.connect()
            await new_session.ready()
            assert "Step one epoch" in new_session.buttons and "Step epoch" not in new_session.buttons
            assert open_session.errors == new_session.errors == []
            await open_session.close()
            await new_session.close()

        asyncio.run(pull())


# ------------------------------------------------ 28, 29: CI and test tools
def test_ci_runs_the_suite_on_the_python_versions_cloud_defaults_to_and_the_newest():
    with open(os.path.join(ROOT, ".ci", "run")) as handle:
        ci = handle.read()
    versions = re.search(r"^for VERSION in ([\d. ]+); do$", ci, re.M)
    assert versions and {v.rsplit(".", 1)[0] for v in versions.group(1).split()} >= {"3.12", "3.13"}
    assert 'pytest -q -p no:cacheprovider' in ci.split("for VERSION in", 1)[1]
    for name in ("README.md", os.path.join(".ci", "run")):
        with open(os.path.join(ROOT, name)) as handle:
            assert not re.search(r"3\.11 (and|or) 3\.12|two versions Community Cloud", handle.read()), name


def pinned_distributions() -> set[str]:
    names = set()
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        with open(os.path.join(ROOT, requirements)) as handle:
            for line in handle:
                match = re.match(r"([A-Za-z0-9_.-]+)==", line.strip())
                if match:
                    names.add(match.group(1).lower().replace("_", "-"))
    return names


def test_every_package_the_tests_import_is_pinned():
    imported = set()
    for dirpath, _, filenames in os.walk(os.path.join(ROOT, "tests")):
        for name in filenames:
            if name.endswith(".py"):
                with open(os.path.join(dirpath, name)) as handle:
                    tree = ast.parse(handle.read())
                imported |= {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                             for alias in node.names}
                imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                             if isinstance(node, ast.ImportFrom) and node.module and node.level == 0}
    third_party = imported - set(sys.stdlib_module_names) - {"tests", "playground"}
    providers = importlib.metadata.packages_distributions()
    missing = {module: providers.get(module) for module in third_party
               if not {d.lower().replace("_", "-") for d in providers.get(module, [])} & pinned_distributions()}
    assert "websockets" in third_party and missing == {}, missing
