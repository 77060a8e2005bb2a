"""A classroom at once: N browser sessions training against one server.

    python bench/load.py                       # N = 1, 10, 30; 60 s of training each
    python bench/load.py --sessions 5 --seconds 20
    python bench/load.py --soak 600            # one session for 10 minutes, RSS sampled

Each session is its own Playwright browser context (its own cookies and
Streamlit session) opening a different setup through the URL (its own seed
and layer sizes), pressing Train and training. Thirty full browsers drawing
Plotly on the same 2 cores as the server starve it (a first attempt ran out
of its 25 minutes while opening them), so the sessions are thin clients: the
real Streamlit front end, websocket and timers, with plotly.js blocked. The
server does exactly the same work per frame (it builds and sends every
figure); only the drawing in the browser is skipped. A frame here is a change
of the step counter on screen. Printed per N: errors (page
errors, exception boxes, failed waits), frames/s and steps/s per session
(mean and minimum), server RSS at the end, RSS per extra session, and whether
each session still shows its own network (isolation).
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import PAGE_PROBE, StreamlitServer, launch_chromium, write_results  # noqa: E402


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            pids += [int(p) for p in handle.read().split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def session_url(base: str, i: int) -> str:
    width = 3 + i % 6  # every session gets a network of its own
    return f"{base}/?dataset=moons&layers={width},{width}&act=tanh,tanh&keep=1,1&seed={i}&lr=0.03"


def open_session(browser, url: str, errors: list, thin: bool = True):
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    if thin:
        context.route("**/plotly.min.js", lambda route: route.abort())
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.goto(url, timeout=120_000)
    page.locator("h3", has_text="Epoch 0").wait_for(timeout=120_000)
    return context, page


def steps_of(text: str | None) -> int:
    match = re.search(r"step (\d+)", text or "")
    return int(match.group(1)) if match else 0


def run(n: int, seconds: float) -> dict:
    from playwright.sync_api import sync_playwright
    errors: list[str] = []
    with StreamlitServer() as server, sync_playwright() as p:
        browser = launch_chromium(p)
        base_rss = rss_mb(server.pid())
        sessions, one_rss = [], None
        for i in range(n):
            try:
                sessions.append(open_session(browser, session_url(server.url, i), errors))
            except Exception as error:  # noqa: BLE001 - counted, reported
                errors.append(f"session {i} did not open: {error}")
            if i == 0:
                time.sleep(2)
                one_rss = rss_mb(server.pid())  # imports done, one session open
        opened_rss = rss_mb(server.pid())
        for i, (_, page) in enumerate(sessions):
            try:
                page.evaluate(PAGE_PROBE)
                page.get_by_role("button", name="Train", exact=True).click(timeout=60_000)
            except Exception as error:  # noqa: BLE001 - counted, reported
                errors.append(f"session {i} could not start training: {error}")
        start = time.perf_counter()
        probe = "() => ({f: window.__probe.counterChanges.length, t: window.__probe.lastText})"
        before = [page.evaluate(probe) for _, page in sessions]
        time.sleep(seconds)
        elapsed = time.perf_counter() - start
        frames, steps, isolated = [], [], True
        for i, ((_, page), b) in enumerate(zip(sessions, before)):
            try:
                a = page.evaluate(probe)
                frames.append((a["f"] - b["f"]) / elapsed)
                steps.append((steps_of(a["t"]) - steps_of(b["t"])) / elapsed)
                width = 3 + i % 6
                body = page.inner_text("body")
                if f"{width} × 2" not in body or "Traceback" in body:
                    isolated = False
                    errors.append(f"session {i} does not show its own {width}-unit network")
                if page.locator('[data-testid="stException"]').count():
                    errors.append(f"session {i} shows an exception")
            except Exception as error:  # noqa: BLE001
                errors.append(f"session {i} failed: {error}")
        end_rss = rss_mb(server.pid())
        for context, _ in sessions:
            context.close()
        browser.close()
    return {"sessions": n, "seconds": elapsed, "errors": len(errors), "error_samples": errors[:5],
            "frames_per_s_mean": sum(frames) / max(len(frames), 1), "frames_per_s_min": min(frames, default=0),
            "steps_per_s_mean": sum(steps) / max(len(steps), 1), "steps_per_s_min": min(steps, default=0),
            "rss_start_mb": base_rss, "rss_one_session_mb": one_rss, "rss_opened_mb": opened_rss,
            "rss_end_mb": end_rss,
            "rss_per_extra_session_mb": (opened_rss - one_rss) / (n - 1) if n > 1 and one_rss else 0.0,
            "isolated": isolated}


def soak(seconds: float) -> dict:
    """One session training for `seconds`; server RSS sampled every 30 s."""
    from playwright.sync_api import sync_playwright
    errors: list[str] = []
    samples = []
    with StreamlitServer() as server, sync_playwright() as p:
        browser = launch_chromium(p)
        context, page = open_session(browser, session_url(server.url, 0), errors)
        page.get_by_role("button", name="Train", exact=True).click(timeout=60_000)
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            samples.append((round(time.perf_counter() - start), round(rss_mb(server.pid()), 1)))
            time.sleep(30)
        samples.append((round(time.perf_counter() - start), round(rss_mb(server.pid()), 1)))
        context.close()
        browser.close()
    late = [r for t, r in samples if t >= seconds / 3]
    return {"seconds": seconds, "errors": len(errors), "rss_samples": samples,
            "rss_growth_after_first_third_mb": (late[-1] - late[0]) if len(late) > 1 else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", default="1,10,30")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--soak", type=float, default=0, help="seconds of a one-session soak instead")
    args = parser.parse_args()
    if args.soak:
        result = soak(args.soak)
        table = [["minute", "server RSS MB"]] + [[f"{t / 60:.1f}", f"{r}"] for t, r in result["rss_samples"]]
        table.append(["growth after the first third", f"{result['rss_growth_after_first_third_mb']:.1f}"])
        write_results("soak", result, table)
        return
    results = []
    for n in args.sessions.split(","):
        results.append(run(int(n), args.seconds))
        table = [["sessions", "errors", "frames/s mean (min)", "steps/s mean (min)", "RSS 1 session MB",
                  "RSS end MB", "MB per extra session (at open)", "isolated"]]
        for r in results:
            table.append([str(r["sessions"]), str(r["errors"]),
                          f"{r['frames_per_s_mean']:.1f} ({r['frames_per_s_min']:.1f})",
                          f"{r['steps_per_s_mean']:.0f} ({r['steps_per_s_min']:.0f})",
                          f"{r['rss_one_session_mb']:.0f}", f"{r['rss_end_mb']:.0f}",
                          f"{r['rss_per_extra_session_mb']:.1f}", str(r["isolated"])])
        write_results("load", {"runs": results}, table)  # after every N: a long run keeps what it measured


if __name__ == "__main__":
    main()
