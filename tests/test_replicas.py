"""Two replicas behind HAProxy with deploy/haproxy.cfg (tests/support/proxy.py):
the sticky cookie keeps each browser on one replica, so every session keeps
its own model and its frames. Also: the configuration is valid both for
localhost and for deploy/compose.yaml, and the compose file matches it."""
import asyncio
import os
import re

import yaml

from tests.support.proxy import CONFIG, Replicas, check_config, moved_sessions, proxy_env, replica_cookies
from tests.support.server import ROOT, session_query, session_width
from tests.support.wsclient import StreamlitClient

SESSIONS = 6
HALF_WINDOW_S = 3.0
COMPOSE = os.path.join(ROOT, "deploy", "compose.yaml")


def compose() -> dict:
    with open(COMPOSE) as handle:
        return yaml.safe_load(handle)


def test_haproxy_accepts_the_config_on_localhost_and_in_compose():
    local = check_config(proxy_env("127.0.0.1:18080", ["127.0.0.1:18501", "127.0.0.1:18502"]))
    assert local.returncode == 0, local.stdout + local.stderr
    env = {k: str(v) for k, v in compose()["services"]["proxy"]["environment"].items()}
    in_compose = check_config(proxy_env(env.pop("PROXY_BIND"), [env[f"APP{k}_ADDR"] for k in range(1, len(env) + 1)]))
    assert in_compose.returncode == 0, in_compose.stdout + in_compose.stderr
    missing = check_config(proxy_env("127.0.0.1:18080", []))  # the check can fail: no replica at all
    assert missing.returncode != 0


def test_compose_runs_every_replica_the_proxy_names_and_mounts_this_config():
    services = compose()["services"]
    proxy = services["proxy"]
    addresses = {k: v for k, v in proxy["environment"].items() if re.fullmatch(r"APP\d+_ADDR", k)}
    assert set(addresses) <= set(replica_cookies()), "haproxy.cfg has no server line for some APPn_ADDR"
    with open(os.path.join(ROOT, "deploy", "Dockerfile")) as handle:
        port = re.search(r"--server\.port=(\d+)", handle.read()).group(1)
    for address in addresses.values():
        host, _, service_port = address.rpartition(":")
        assert host in services and service_port == port, address  # a service of this file, on the app's port
        assert host in proxy["depends_on"]
    apps = {name for name, s in services.items() if s.get("build")}
    assert apps == {a.rpartition(":")[0] for a in addresses.values()}, "a replica the proxy does not know"
    assert any(v.startswith("./haproxy.cfg:") for v in proxy["volumes"]) and os.path.basename(CONFIG) == "haproxy.cfg"


async def classroom(url: str, cookie: str) -> list[dict]:
    clients = [StreamlitClient(url, session_query(i)) for i in range(SESSIONS)]
    await asyncio.gather(*(c.connect() for c in clients))
    ready = await asyncio.gather(*(c.wait_for(lambda c: "Train" in c.buttons and c.counter_text, timeout=60)
                                   for c in clients), return_exceptions=True)
    stuck = [(i, c.cookies, c.errors, c.counter_text) for i, (c, r) in enumerate(zip(clients, ready)) if r is not None]
    assert not stuck, f"sessions whose page never came: {stuck}"
    landed = [c.cookies.get(cookie) for c in clients]
    await asyncio.gather(*(c.click("Train") for c in clients))
    await asyncio.sleep(2.0)
    counts = [[c.live_frames for c in clients]]
    for _ in range(2):  # two windows: frames keep coming, not just a first burst
        await asyncio.sleep(HALF_WINDOW_S)
        counts.append([c.live_frames for c in clients])
    await asyncio.gather(*(c.click("Pause") for c in clients))
    await asyncio.gather(*(c.wait_for(lambda c: not c.clocked, timeout=60) for c in clients))
    await asyncio.sleep(1.5)
    moved = await moved_sessions(clients, cookie)  # a page load with its cookie reaches the same replica
    results = [{"landed": landed[i], "frames": [b[i] - a[i] for a, b in zip(counts, counts[1:])],
                "weights": frozenset(c.network_weights()), "errors": list(c.errors)} for i, c in enumerate(clients)]
    await asyncio.gather(*(c.close() for c in clients))
    return results, moved


def test_six_sessions_on_two_replicas_stay_put_and_keep_their_own_models():
    with Replicas(2) as replicas:
        results, moved = asyncio.run(classroom(replicas.url, replicas.cookie))
        names = replicas.replica_names()
    assert {r["landed"] for r in results} == set(names), [r["landed"] for r in results]  # spread over both
    assert moved == []
    for i, r in enumerate(results):
        width = session_width(i)
        assert r["errors"] == [], (i, r["errors"])  # includes a handshake routed elsewhere than the page
        assert all(f >= 2 for f in r["frames"]), (i, r["frames"])
        assert len(r["weights"]) == 2 * width + width * width + width  # its own 2-w-w-1 network
    assert len({r["weights"] for r in results}) == SESSIONS  # no session shows another's weights
