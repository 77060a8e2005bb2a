"""A live app for tests and benchmarks: `streamlit run app.py` on a free
localhost port, Debian's Chromium for Playwright, and the page probe."""
from __future__ import annotations

import os
import time

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# A page function returning the live boundary chart's Plotly element (plots mark it with layout.meta 'live')
LIVE_PLOT_JS = """() => [...document.getElementsByClassName('js-plotly-plot')].find(g => g.layout && g.layout.meta === 'live')"""
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def session_width(i: int) -> int:
    return 3 + i % 6  # every session gets a network of its own


def session_query(i: int) -> str:
    """A link that gives session i a network no other session has."""
    width = session_width(i)
    return f"dataset=moons&layers={width},{width}&act=tanh,tanh&keep=1,1&seed={i}&lr=0.03"


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`streamlit run app.py` on a free localhost port, for tests and benchmarks."""

    def __init__(self, app: str = "app.py", extra_args: tuple = (), root: str = ROOT, wrapper: tuple = (),
                 env: dict | None = None, log_name: str = ".streamlit-test-server.log"):
        """root: the checkout to serve (its folder is the server's working
        directory); wrapper: a command the server runs under (e.g. unshare);
        env: extra environment variables; log_name: the server's log file."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app, self.extra_args, self.process, self.log_name = app, extra_args, None, log_name
        self.root, self.wrapper, self.env = root, tuple(wrapper), env or {}

    def __enter__(self) -> "StreamlitServer":
        import subprocess
        import sys
        import urllib.request
        self.log = open(os.path.join(ROOT, self.log_name), "w")
        self.process = subprocess.Popen(
            [*self.wrapper, sys.executable, "-m", "streamlit", "run", self.app, "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1", *self.extra_args],
            cwd=self.root, stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, **self.env})
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {self.log_name}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("streamlit did not answer within 60 s")

    def pid(self) -> int:
        return self.process.pid

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except Exception:  # noqa: BLE001
                self.process.kill()
        if getattr(self, "log", None):
            self.log.close()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# JavaScript run in the page: counts boundary-chart redraws, step-counter
# changes and time during which any chart is drawn faded.
# Each time the live chart shows a new boundary image: the page time, the
# counter's epoch and the test accuracy on the page at that moment.
LEARNING_PROBE = r"""
() => {
  const seen = window.__learning = [];
  let last = null;
  function tick(now) {
    const live = [...document.getElementsByClassName('js-plotly-plot')].find(g => g.layout && g.layout.meta === 'live');
    const h = [...document.querySelectorAll('h3')].find(e => e.textContent.startsWith('Epoch'));
    if (live && h && live.layout.images[0].source !== last) {
      last = live.layout.images[0].source;
      seen.push([now, h.textContent, h.parentElement.parentElement.textContent]);
    }
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
}
"""


def learning_frames(page) -> list[tuple[float, int, float]]:
    """What LEARNING_PROBE saw: (page ms, epoch, test score) per new boundary image."""
    import re
    frames = []
    for now, head, text in page.evaluate("() => window.__learning || []"):
        score = re.search(r"test (?:accuracy|R²)\s*(-?[0-9.]+|nan)", text)
        frames.append((now, int(re.search(r"Epoch (\d+)", head).group(1)), float(score.group(1)) if score else float("nan")))
    return frames


PAGE_PROBE = r"""
() => {
  if (window.__probe) return;
  const p = window.__probe = {frames: 0, images: 0, counterChanges: [], fadedMs: 0, sampledMs: 0, lastData: null,
                              lastText: null};
  const counter = () => [...document.querySelectorAll('h3')].find(e => e.textContent.startsWith('Epoch'));
  function tick(now) {  // cheap checks only: this runs on every animation frame
    for (const gd of document.getElementsByClassName('js-plotly-plot')) {
      if (gd.layout && gd.layout.meta === 'live') { p.frames = gd.__draws || 0; p.images += (gd.layout.images[0].source !== p.lastData); p.lastData = gd.layout.images[0].source; }
    }
    const h = counter();
    const text = h ? h.textContent : null;
    if (text !== p.lastText) { p.lastText = text; p.counterChanges.push([now, text]); }
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
  const every = 100;  // sample fading ten times a second
  setInterval(() => {
    p.sampledMs += every;
    for (const gd of document.getElementsByClassName('js-plotly-plot')) {
      let node = gd, opacity = 1;
      while (node && node !== document.body) { opacity *= parseFloat(getComputedStyle(node).opacity); node = node.parentElement; }
      if (opacity < 0.95) { p.fadedMs += every; break; }
    }
  }, every);
}
"""


ARTIFACTS = os.path.join(ROOT, "test-artifacts")  # browser tests' screenshots


def browser_server(log_name: str = ".streamlit-test-server.log"):
    """A live app for a module's browser tests (a generator for a pytest
    fixture): fails, rather than skips, when Chromium is missing."""
    import pytest
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium "
                    "(or set PLAYGROUND_SKIP_BROWSER=1 to leave out the browser tests)")
    with StreamlitServer(log_name=log_name) as server:
        yield server


def browser_page(viewport: dict | None = None, **options):
    """A fresh Chromium page (a generator for a pytest fixture); options go to new_page."""
    from playwright.sync_api import sync_playwright
    os.makedirs(ARTIFACTS, exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield browser.new_page(viewport=viewport or {"width": 1500, "height": 1100}, **options)
        browser.close()
