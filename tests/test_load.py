"""Several sessions at once against one real server, driven over the websocket
the way the front end drives it (tests/support/wsclient.py): every session keeps
getting frames, trains its own network, and stops when paused."""
import asyncio
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
from tests.support.server import StreamlitServer, session_query, session_width  # noqa: E402
from tests.support.wsclient import StreamlitClient  # noqa: E402

SESSIONS = 10
WINDOW_S = 8.0
# Every session gets a frame every 2 s at least: this many in the window (less
# two for jitter). Before the sessions paced themselves they got 0.1 frames/s here.
MIN_FRAMES = int(WINDOW_S / 2.0) - 2


async def classroom(url: str) -> list[dict]:
    clients = [StreamlitClient(url, session_query(i)) for i in range(SESSIONS)]
    await asyncio.gather(*(c.connect() for c in clients))
    await asyncio.gather(*(c.wait_for(lambda c: "Train" in c.buttons and c.counter_text) for c in clients))
    opened_runs = [c.page_runs for c in clients]
    await asyncio.gather(*(c.click("Train") for c in clients))
    await asyncio.sleep(2.0)
    before = [(c.live_frames, c.steps) for c in clients]
    await asyncio.sleep(WINDOW_S)
    during = [(c.live_frames - f, c.steps - s) for c, (f, s) in zip(clients, before)]
    await asyncio.gather(*(c.click("Pause") for c in clients))
    await asyncio.gather(*(c.wait_for(lambda c: not c.clocked, timeout=60) for c in clients))
    await asyncio.sleep(2.0)
    held = [c.steps for c in clients]
    await asyncio.sleep(1.5)
    results = [{"frames": f, "steps": s, "held": h == c.steps, "weights": frozenset(c.network_weights()),
                "errors": list(c.errors), "opened_runs": o, "page_runs": c.page_runs - o}
               for c, (f, s), h, o in zip(clients, during, held, opened_runs)]
    await asyncio.gather(*(c.close() for c in clients))
    return results


def test_ten_sessions_each_get_frames_train_their_own_network_and_pause():
    with StreamlitServer() as server:
        results = asyncio.run(classroom(server.url))
    for i, r in enumerate(results):
        width = session_width(i)
        assert r["errors"] == [], (i, r["errors"])
        assert r["frames"] >= MIN_FRAMES and r["steps"] > 0, (i, r)  # paced, never stopped
        assert r["held"], f"session {i} kept training after Pause"
        # The page run that opened it, then one for Train and one for Pause, and no other: the pace
        # changes with the frames, not by rerunning the page (bench/load.py counts these runs).
        assert r["opened_runs"] >= 1 and r["page_runs"] == 2, (i, r["opened_runs"], r["page_runs"])
        assert len(r["weights"]) == 2 * width + width * width + width  # its own 2-w-w-1 network
    assert len({r["weights"] for r in results}) == SESSIONS  # no session shows another's weights
