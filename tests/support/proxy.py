"""Several replicas of the app behind HAProxy on localhost, with the very
configuration file the container deployment uses (deploy/haproxy.cfg), for
tests/test_replicas.py and bench/load.py --replicas.

deploy/haproxy.cfg takes its addresses from the environment (PROXY_BIND,
APP1_ADDR, APP2_ADDR, ...); here they are free localhost ports, in
deploy/compose.yaml the replicas' service names.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request

from .server import ROOT, StreamlitServer, free_port

CONFIG = os.path.join(ROOT, "deploy", "haproxy.cfg")
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def sticky_cookie(config: str = CONFIG) -> str:
    """The name of the cookie HAProxy inserts to pin a browser to a replica."""
    with open(config) as handle:
        match = re.search(r"^\s*cookie\s+(\S+)\s+insert\b", handle.read(), re.MULTILINE)
    if not match:
        raise ValueError(f"{config} has no 'cookie <name> insert' line")
    return match.group(1)


def replica_cookies(config: str = CONFIG) -> dict[str, str]:
    """Address variable -> the cookie value of its server line ('APP1_ADDR' -> 'app1')."""
    with open(config) as handle:
        lines = re.findall(r'^\s*server\s+\S+\s+"\$\{(\w+)\}".*?\bcookie\s+(\S+)', handle.read(), re.MULTILINE)
    return dict(lines)


def proxy_env(bind: str, replicas: list[str]) -> dict[str, str]:
    """The environment deploy/haproxy.cfg reads: where to listen, where replica k is."""
    env = {k: v for k, v in os.environ.items() if not re.fullmatch(r"APP\d+_ADDR|PROXY_BIND", k)}
    env["PROXY_BIND"] = bind
    env.update({f"APP{k}_ADDR": address for k, address in enumerate(replicas, start=1)})
    return env


def check_config(env: dict[str, str], config: str = CONFIG) -> subprocess.CompletedProcess:
    """`haproxy -c`: parse and validate the configuration with this environment."""
    return subprocess.run([HAPROXY, "-c", "-f", config], env=env, capture_output=True, text=True, timeout=30)


class Replicas:
    """`n` app servers (StreamlitServer) and HAProxy in front of them; `url` is the proxy's."""

    def __init__(self, n: int = 2):
        self.n = n
        self.servers: list[StreamlitServer] = []
        self.process: subprocess.Popen | None = None
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cookie = sticky_cookie()

    def __enter__(self) -> "Replicas":
        try:
            for k in range(1, self.n + 1):
                self.servers.append(StreamlitServer(log_name=f".streamlit-test-server-{k}.log").__enter__())
            env = proxy_env(f"127.0.0.1:{self.port}", [f"127.0.0.1:{s.port}" for s in self.servers])
            self.log = open(os.path.join(ROOT, ".haproxy-test.log"), "w")
            # -db: stay in the foreground, so terminate() stops it
            self.process = subprocess.Popen([HAPROXY, "-db", "-f", CONFIG], env=env, cwd=ROOT,
                                            stdout=self.log, stderr=subprocess.STDOUT)
            self._wait_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("haproxy exited early; see .haproxy-test.log")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"haproxy did not answer within {timeout} s")

    def replica_names(self) -> list[str]:
        """The sticky-cookie value that names each replica, in order."""
        return [replica_cookies()[f"APP{k}_ADDR"] for k in range(1, self.n + 1)]

    def pids(self) -> list[int]:
        return [s.pid() for s in self.servers]

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if getattr(self, "log", None):
            self.log.close()
        for server in reversed(self.servers):
            server.__exit__()


async def moved_sessions(clients, cookie: str) -> list[str]:
    """One error per paused session (StreamlitClient) that did not stay on its
    replica: it never got the sticky cookie; a new page load with its cookies
    went elsewhere (HAProxy sets the cookie again whenever it does); or, after
    its websocket dropped and came back, it was not resumed at the step it had
    (another process would start a new session at step 0)."""
    import asyncio

    from .wsclient import load_page
    again = await asyncio.gather(*(asyncio.to_thread(load_page, c.page_url, c.cookies) for c in clients))
    errors = [f"session {i} got no {cookie} cookie" for i, c in enumerate(clients) if cookie not in c.cookies]
    errors += [f"session {i} moved from {c.cookies.get(cookie)} to {a[cookie]}"
               for i, (c, a) in enumerate(zip(clients, again)) if cookie in a]
    held = [c.steps for c in clients]
    await asyncio.gather(*(c.reconnect() for c in clients))
    resumed = await asyncio.gather(*(c.wait_for(lambda c: c.counter_text, timeout=60) for c in clients),
                                   return_exceptions=True)
    return errors + [f"session {i} on {c.cookies.get(cookie)} was not resumed after a reconnect: step {c.steps}, "
                     f"had {h}" for i, (c, h, r) in enumerate(zip(clients, held, resumed)) if r is not None
                     or c.steps != h]
