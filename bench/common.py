"""Shared helpers for the benchmarks: timing, machine description, result files."""
from __future__ import annotations

import json
import os
import platform
import statistics
import time
from datetime import datetime, timezone

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def per_call_us(fn, n: int, repeats: int = 3) -> float:
    """Median over `repeats` of the mean µs per call of fn() run n times."""
    fn()  # warm-up
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        samples.append((time.perf_counter() - start) / n * 1e6)
    return statistics.median(samples)


def machine() -> dict:
    info = {"python": platform.python_version(), "cpu_count": os.cpu_count(),
            "machine": platform.machine(), "processor": _cpu_model()}
    try:
        from threadpoolctl import threadpool_info
        info["blas"] = [{k: p.get(k) for k in ("internal_api", "version", "num_threads", "architecture")}
                        for p in threadpool_info()]
    except ImportError:
        pass
    return info


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def write_results(name: str, results: dict, table: list[list[str]]) -> None:
    """bench/results/<name>.json (everything) and <name>.md (a short table)."""
    os.makedirs(RESULTS, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    payload = {"benchmark": name, "measured": stamp, "machine": machine(), "results": results}
    with open(os.path.join(RESULTS, f"{name}.json"), "w") as handle:
        json.dump(payload, handle, indent=2)
    lines = [f"Measured {stamp} on {payload['machine']['processor']} "
             f"({payload['machine']['cpu_count']} cores), Python {payload['machine']['python']}.", ""]
    lines.append("| " + " | ".join(table[0]) + " |")
    lines.append("|" + "---|" * len(table[0]))
    lines += ["| " + " | ".join(row) + " |" for row in table[1:]]
    with open(os.path.join(RESULTS, f"{name}.md"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
    print("\n".join(lines))


# ------------------------------------------------------- live server + browser
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`streamlit run app.py` on a free localhost port, for tests and benchmarks."""

    def __init__(self, app: str = "app.py", extra_args: tuple = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app, self.extra_args, self.process = app, extra_args, None

    def __enter__(self) -> "StreamlitServer":
        import subprocess
        import sys
        import urllib.request
        self.log = open(os.path.join(ROOT, ".streamlit-test-server.log"), "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", self.app, "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1", *self.extra_args],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("streamlit exited early; see .streamlit-test-server.log")
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
