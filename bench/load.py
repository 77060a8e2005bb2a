"""A classroom at once: N sessions training against one server.

    python bench/load.py                       # N = 1, 10, 30; 60 s of training each
    python bench/load.py --sessions 5 --seconds 20
    python bench/load.py --client browser      # Chromium sessions instead of websocket clients
    python bench/load.py --compare 1,10        # both kinds at the same N, side by side
    python bench/load.py --soak 600            # one session for 10 minutes, RSS sampled (--client too)
    python bench/load.py --sessions 30 --replicas 1,2   # one process, then two behind HAProxy

Each session opens a different setup through its URL (its own seed and layer
sizes), presses Train and trains. Sessions are websocket clients by default
(tests/support/wsclient.py: the front end's protocol and timers, no drawing), because
thirty Chromium tabs on the two cores that run the server starve it: a first
attempt was still opening them after 20 minutes. --client browser uses
Playwright contexts with plotly.js blocked (the real front end, no chart
drawing); --compare runs both at the same N to show the server sees the same
load. A frame is a change of the step counter the session received: a
server run of the live fragment carries up to four (ui/pacing.py MAX_PARTS),
which the browser shows in turn and a websocket client counts as they
arrive; "live runs/s" counts the runs.

Printed per N: errors (exceptions shown, failed waits, dropped connections),
frames/s and steps/s per session (mean and minimum), server CPU use, server
RSS with one session and at the end, RSS per extra session, and isolation
(every session shows its own network: its layer sizes and weights that no
other session has).

--replicas 2 starts two app processes behind HAProxy with deploy/haproxy.cfg
(tests/support/proxy.py; websocket clients only): CPU and RSS are summed over
the replicas ("RSS 1 session": one session on each), each session must stay
on the replica its sticky cookie names (and resume there after a reconnect),
and the table gives total frames/s against one process at the same N.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from common import cpu_seconds, rss_mb, write_results  # noqa: E402
from tests.support.server import (PAGE_PROBE, StreamlitServer, launch_chromium, session_query,  # noqa: E402
                                  session_width)


def session_url(base: str, i: int) -> str:
    return f"{base}/?{session_query(i)}"


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


def run_browser(n: int, seconds: float) -> dict:
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
        start, cpu_start = time.perf_counter(), cpu_seconds(server.pid())
        probe = "() => ({f: window.__probe.counterChanges.length, t: window.__probe.lastText})"
        before = [page.evaluate(probe) for _, page in sessions]
        time.sleep(seconds)
        elapsed = time.perf_counter() - start
        cpu = (cpu_seconds(server.pid()) - cpu_start) / elapsed
        frames, steps, isolated = [], [], True
        for i, ((_, page), b) in enumerate(zip(sessions, before)):
            try:
                a = page.evaluate(probe)
                frames.append((a["f"] - b["f"]) / elapsed)
                steps.append((steps_of(a["t"]) - steps_of(b["t"])) / elapsed)
                width = session_width(i)
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
    return summary("browser", n, elapsed, errors, frames, steps, cpu, base_rss, one_rss, opened_rss, end_rss, isolated)


def summary(client, n, elapsed, errors, frames, steps, cpu, base_rss, one_rss, opened_rss, end_rss, isolated,
            page_runs=None, tick_retries=None, live_runs=None) -> dict:
    errors = errors + [f"session {i} received no frames while training" for i, f in enumerate(frames) if f <= 0]
    return {"client": client, "replicas": 1, "sessions": n, "seconds": elapsed, "errors": len(errors),
            "error_samples": errors[:5],
            "frames_per_s_mean": sum(frames) / max(len(frames), 1), "frames_per_s_min": min(frames, default=0),
            "frames_per_s_total": sum(frames),
            "steps_per_s_mean": sum(steps) / max(len(steps), 1), "steps_per_s_min": min(steps, default=0),
            "server_cpu_cores": cpu,
            # server CPU seconds per frame delivered (all replicas together)
            "server_cpu_ms_per_frame": 1000.0 * cpu / sum(frames) if sum(frames) else float("nan"),
            "rss_start_mb": base_rss, "rss_one_session_mb": one_rss, "rss_opened_mb": opened_rss,
            "rss_end_mb": end_rss,
            "rss_per_extra_session_mb": (opened_rss - one_rss) / (n - 1) if n > 1 and one_rss else 0.0,
            "isolated": isolated,
            # full page runs per session per minute while training (websocket clients only): each one
            # rebuilds the sidebar and sends every figure whole, so they show where frame CPU goes
            # live chart messages (server runs of the live fragment) per session per second, websocket
            # clients only: a run carries up to pacing.MAX_PARTS of the frames counted above
            "live_runs_per_s_mean": None if live_runs is None else sum(live_runs) / max(len(live_runs), 1),
            "page_runs_per_session_min": None if page_runs is None else 60.0 * sum(page_runs) / max(len(page_runs), 1),
            # ticks a chart sent again because no frame answered it (plotly_live.js), all sessions, per minute
            "tick_retries_per_min": None if tick_retries is None else 60.0 * tick_retries / elapsed}


async def measure_ws(server, pids: list[int], n: int, seconds: float, replicas: int = 1) -> dict:
    """N websocket clients (tests/support/wsclient.py) against `server` (one
    app, or `replicas` behind HAProxy), whose processes are `pids`: open them,
    press Train, measure `seconds` of training, press Pause, check isolation."""
    from tests.support.proxy import moved_sessions
    from tests.support.wsclient import StreamlitClient
    errors: list[str] = []

    async def session(i: int):
        client = StreamlitClient(server.url, session_query(i))
        await client.connect()
        await client.wait_for(lambda c: "Train" in c.buttons and c.counter_text)
        return client

    rss = lambda: sum(rss_mb(p) for p in pids)  # noqa: E731
    cpu_now = lambda: sum(cpu_seconds(p) for p in pids)  # noqa: E731
    base_rss = rss()
    clients, one_rss = [], None
    for i in range(replicas):  # round robin: one session on each replica
        clients.append(await session(i))
    await asyncio.sleep(2)
    one_rss = rss()  # imports done, one session open on each replica
    opened = await asyncio.gather(*(session(i) for i in range(replicas, n)), return_exceptions=True)
    for i, result in enumerate(opened, start=replicas):
        if isinstance(result, BaseException):
            errors.append(f"session {i} did not open: {result!r}")
        else:
            clients.append(result)
    opened_rss = rss()
    trained_at = [c.page_runs + 1 for c in clients]  # the window opens once every Train click has run
    await asyncio.gather(*(c.click("Train") for c in clients), return_exceptions=True)
    await asyncio.gather(*(c.wait_for(lambda c, runs=runs: c.page_runs >= runs) for c, runs in zip(clients, trained_at)),
                         return_exceptions=True)
    await asyncio.sleep(1.0)
    start, cpu_start, each_start = time.perf_counter(), cpu_now(), [cpu_seconds(p) for p in pids]
    before = [(c.counter_changes, c.steps) for c in clients]
    runs_before = [c.page_runs for c in clients]
    live_before = [c.live_frames for c in clients]
    retries_before = sum(c.tick_retries for c in clients)
    await asyncio.sleep(seconds)
    elapsed = time.perf_counter() - start
    cpu = (cpu_now() - cpu_start) / elapsed
    each_cpu = [(cpu_seconds(p) - s) / elapsed for p, s in zip(pids, each_start)]
    frames = [(c.counter_changes - f) / elapsed for c, (f, _) in zip(clients, before)]
    steps = [(c.steps - s) / elapsed for c, (_, s) in zip(clients, before)]
    page_runs = [(c.page_runs - r) / elapsed for c, r in zip(clients, runs_before)]
    live_runs = [(c.live_frames - r) / elapsed for c, r in zip(clients, live_before)]
    tick_retries = sum(c.tick_retries for c in clients) - retries_before
    await asyncio.gather(*(c.click("Pause") for c in clients), return_exceptions=True)
    # the page rerun after Pause stops the timers and draws the final network
    await asyncio.gather(*(c.wait_for(lambda c: not c.clocked) for c in clients), return_exceptions=True)
    await asyncio.sleep(1.0 + n * 0.1)
    end_rss = rss()
    if replicas > 1:
        errors.extend(await moved_sessions(clients, server.cookie))
    isolated = True
    drawn = [frozenset(c.network_weights()) for c in clients]
    for i, (c, weights) in enumerate(zip(clients, drawn)):
        width = session_width(i)
        expected = 2 * width + width * width + width  # W1, W2 and W3 of 2-w-w-1
        if len(weights) != expected or any(weights == other for j, other in enumerate(drawn) if j != i):
            isolated = False
            errors.append(f"session {i} does not show its own {width}-unit network ({len(weights)} weights)")
        errors.extend(f"session {i}: {e}" for e in c.errors)
    await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
    result = summary("websocket", n, elapsed, errors, frames, steps, cpu, base_rss, one_rss, opened_rss,
                     end_rss, isolated, page_runs, tick_retries, live_runs)
    if replicas > 1:
        landed = [c.cookies.get(server.cookie) for c in clients]
        result.update(replicas=replicas, rss_per_extra_session_mb=(opened_rss - one_rss) / max(n - replicas, 1),
                      replica_cpu_cores=dict(zip(server.replica_names(), each_cpu)),
                      replica_sessions={name: landed.count(name) for name in server.replica_names()})
    return result


def run_ws(n: int, seconds: float, replicas: int = 1) -> dict:
    """measure_ws against one server, or `replicas` servers behind HAProxy (tests/support/proxy.py)."""
    from tests.support.proxy import Replicas
    if replicas == 1:
        with StreamlitServer() as server:
            return asyncio.run(measure_ws(server, [server.pid()], n, seconds))
    with Replicas(replicas) as proxied:
        return asyncio.run(measure_ws(proxied, proxied.pids(), n, seconds, replicas))


def soak(seconds: float, client: str = "ws") -> dict:
    """One session training for `seconds`; server RSS sampled every 30 s."""
    samples: list[tuple[int, float]] = []
    errors: list[str] = []

    def sample_for(server) -> None:
        start = time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds:
            samples.append((round(elapsed), round(rss_mb(server.pid()), 1)))
            time.sleep(min(30.0, seconds - elapsed))
        samples.append((round(time.perf_counter() - start), round(rss_mb(server.pid()), 1)))

    with StreamlitServer() as server:
        if client == "ws":
            import threading

            from tests.support.wsclient import StreamlitClient
            done, started = threading.Event(), threading.Event()

            async def train() -> None:  # in its own thread, while this one samples
                session = StreamlitClient(server.url, session_query(0))
                await session.connect()
                await session.click("Train")
                started.set()
                while not done.is_set():
                    await asyncio.sleep(0.5)
                errors.extend(session.errors)
                if session.steps == 0:
                    errors.append("the session did not train")
                await session.close()

            trainer = threading.Thread(target=asyncio.run, args=(train(),))
            trainer.start()
            started.wait(120)
            sample_for(server)
            done.set()
            trainer.join()
        else:
            from playwright.sync_api import sync_playwright
            with sync_playwright() as p:
                browser = launch_chromium(p)
                context, page = open_session(browser, session_url(server.url, 0), errors)
                page.get_by_role("button", name="Train", exact=True).click(timeout=60_000)
                sample_for(server)
                context.close()
                browser.close()
    late = [r for t, r in samples if t >= seconds / 3]
    return {"client": client, "seconds": seconds, "errors": len(errors), "rss_samples": samples,
            "rss_growth_after_first_third_mb": (late[-1] - late[0]) if len(late) > 1 else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", default="1,10,30")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--client", choices=("ws", "browser"), default="ws")
    parser.add_argument("--compare", default="", help="N values to run with both kinds of client")
    parser.add_argument("--soak", type=float, default=0, help="seconds of a one-session soak instead")
    parser.add_argument("--replicas", default="1", help="app processes behind HAProxy, e.g. 1,2 (ws only)")
    args = parser.parse_args()
    if args.soak:
        result = soak(args.soak, args.client)
        table = [["minute", "server RSS MB"]] + [[f"{t / 60:.1f}", f"{r}"] for t, r in result["rss_samples"]]
        table.append(["growth after the first third", f"{result['rss_growth_after_first_third_mb']:.1f}"])
        write_results(f"soak-{args.client}", result, table)
        return
    if args.compare:
        plan = [(kind, int(n), 1) for n in args.compare.split(",") for kind in ("ws", "browser")]
        name = "load-compare"
    else:
        counts = [int(r) for r in args.replicas.split(",")]
        if args.client != "ws" and counts != [1]:
            parser.error("--replicas needs --client ws")
        plan = [(args.client, int(n), r) for r in counts for n in args.sessions.split(",")]
        name = "load"
    results = []
    for kind, n, replicas in plan:
        results.append(run_ws(n, args.seconds, replicas) if kind == "ws" else run_browser(n, args.seconds))
        one = {r["sessions"]: r["frames_per_s_total"] for r in results if r["replicas"] == 1}
        table = [["client", "replicas", "sessions", "errors", "frames/s mean (min)", "total frames/s (× 1 process)",
                  "steps/s mean (min)", "server CPU cores", "CPU ms/frame", "live runs/s per session",
                  "page runs/min per session",
                  "tick retries/min",
                  "RSS 1 session MB", "RSS end MB", "MB per extra session (at open)", "isolated"]]
        for r in results:
            ratio = f" ({r['frames_per_s_total'] / one[r['sessions']]:.2f}×)" if one.get(r["sessions"]) else ""
            table.append([r["client"], str(r["replicas"]), str(r["sessions"]), str(r["errors"]),
                          f"{r['frames_per_s_mean']:.1f} ({r['frames_per_s_min']:.1f})",
                          f"{r['frames_per_s_total']:.1f}{ratio}",
                          f"{r['steps_per_s_mean']:.0f} ({r['steps_per_s_min']:.0f})", f"{r['server_cpu_cores']:.2f}",
                          f"{r.get('server_cpu_ms_per_frame', float('nan')):.1f}",
                          "-" if r.get("live_runs_per_s_mean") is None else f"{r['live_runs_per_s_mean']:.1f}",
                          page_runs_cell(r),
                          "-" if r.get("tick_retries_per_min") is None else f"{r['tick_retries_per_min']:.1f}",
                          f"{r['rss_one_session_mb']:.0f}", f"{r['rss_end_mb']:.0f}",
                          f"{r['rss_per_extra_session_mb']:.1f}", str(r["isolated"])])
        write_results(name, {"runs": results}, table)  # after every N: a long run keeps what it measured


def page_runs_cell(result: dict) -> str:
    """The table's page-run column: '-' where the client kind does not count them (browser runs)."""
    value = result.get("page_runs_per_session_min")
    return "-" if value is None else f"{value:.1f}"


if __name__ == "__main__":
    main()
