"""A Streamlit session driven over its websocket, the way the browser front end
drives it, without drawing anything.

Thirty Chromium tabs on the two cores that also run the server starve it, so
bench/load.py can use these clients instead. Each one speaks the same
protocol as the front end (streamlit.proto BackMsg/ForwardMsg over
/_stcore/stream): it asks for the first run with its query string, clicks a
button by sending its trigger, and honours the server's auto_rerun and
stop_auto_rerun messages with the same timers the front end sets for
@st.fragment(run_every=...), and, like the live charts' JavaScript
(playground/ui/plotly_live.js), sends a chart's 'tick' trigger the chart's
tick seconds after each frame of it. The server therefore does the same work
per session; bench/load.py --compare runs both kinds side by side to show it.

What a client records: the step counter ("### Epoch N · step M", carried by the live charts' element),
the frames of the live chart it received, the latest network figure (for the
isolation check), exceptions shown, and protocol errors.

Like a browser it first loads the page and keeps the cookies it sets: behind
deploy/haproxy.cfg one of them names the replica that holds the session (the
sticky-session cookie), and the websocket handshake carries it there.
"""
from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.request
from http.cookies import SimpleCookie

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.components.v2.bidi_component.main import _make_trigger_id  # the front end's trigger widget id

from playground.ui.plotly_live import payload as live_payload

TICK_RETRY_MIN_S, TICK_RETRY_ROUND_TRIPS, ARRIVAL_SHARE = 0.5, 4, 0.25  # as in plotly_live.js (…_MS there)
COUNTER = re.compile(r"Epoch (\d+) · step (\d+)")


class StreamlitClient:
    def __init__(self, url: str, query_string: str):
        self.page_url = url.rstrip("/") + "/?" + query_string
        self.ws_url = url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.cookies: dict[str, str] = {}  # what the page load set; sent on the handshake
        self.query_string = query_string
        self.page_script_hash = ""
        self.session_id = ""  # the server's id for this session, asked for again on reconnect()
        self.buttons: dict[str, str] = {}  # label -> widget id
        self.counter_text = ""
        self.counter_changes = 0
        self.live_frames = 0
        self.page_runs = 0  # full script runs the server started for this session (a fragment run is not one)
        self.network_json: str | None = None
        self.errors: list[str] = []
        self._timers: dict[str, tuple[float, asyncio.Task]] = {}
        self._ticks: dict[str, asyncio.Task] = {}  # chart element id -> its pending tick
        self._held: dict[str, list] = {}  # chart element id -> the figure version each of its charts holds
        self._asks = 0
        self.tick_retries = 0  # ticks sent again because no frame answered (see plotly_live.js)
        self._round_trip: dict[str, float] = {}  # chart element id -> seconds from its last tick to its frame
        self._tick_sent: dict[str, float] = {}  # when a tick now waiting for its frame was sent
        self._asked: dict[str, float] = {}  # when the chart last asked for a frame
        self._ws = None
        self._reader: asyncio.Task | None = None

    # ---------------------------------------------------------------- protocol
    async def connect(self) -> None:
        self.cookies = await asyncio.to_thread(load_page, self.page_url)
        await self._open(["streamlit"])

    async def reconnect(self) -> None:
        """Drop the websocket and open a new one asking for the same session, as the
        front end does after a network blip. Only the process that holds the
        session can resume it (with its model); any other starts a new one."""
        await self.close()
        self.counter_text = ""
        # Sec-WebSocket-Protocol entries: subprotocol, XSRF token (unused here), session to resume
        await self._open(["streamlit", "-", self.session_id])

    async def _open(self, subprotocols: list[str]) -> None:
        headers = {"Cookie": cookie_header(self.cookies)} if self.cookies else None
        self._ws = await websockets.connect(self.ws_url, subprotocols=subprotocols, max_size=None,
                                            open_timeout=120, ping_interval=None, additional_headers=headers)
        moved = {k: v for k, v in set_cookies(self._ws.response.headers.get_all("Set-Cookie")).items()
                 if k in self.cookies and self.cookies[k] != v}
        if moved:  # the proxy sent the handshake elsewhere than the page
            self.errors.append(f"the websocket handshake changed cookies {moved} (had {self.cookies})")
        self._reader = asyncio.create_task(self._read())
        await self._rerun()

    async def close(self) -> None:
        for _, task in self._timers.values():
            task.cancel()
        self._timers.clear()
        for task in self._ticks.values():
            task.cancel()
        self._ticks.clear()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()

    async def _send(self, message: BackMsg) -> None:
        try:
            await self._ws.send(message.SerializeToString())
        except websockets.ConnectionClosed as error:
            self.errors.append(f"send on a closed connection: {error}")

    async def _rerun(self, fragment_id: str = "", trigger: str | None = None, auto: bool = False,
                     json_trigger: tuple[str, object] | None = None) -> None:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.fragment_id = fragment_id
        state.is_auto_rerun = auto
        state.widget_states.SetInParent()
        if trigger is not None:
            state.widget_states.widgets.append(WidgetState(id=trigger, trigger_value=True))
        if json_trigger is not None:  # a component's trigger: (widget id, [{event, value}])
            state.widget_states.widgets.append(WidgetState(id=json_trigger[0],
                                                           json_trigger_value=json.dumps(json_trigger[1])))
        await self._send(message)

    async def click(self, label: str, timeout: float = 120) -> None:
        """Press the button with this label once it has been drawn."""
        deadline = time.monotonic() + timeout
        while label not in self.buttons:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {label!r} button after {timeout} s")
            await asyncio.sleep(0.05)
        await self._rerun(trigger=self.buttons[label])

    async def wait_for(self, predicate, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not predicate(self):
            if time.monotonic() > deadline:
                raise TimeoutError("condition not met in time")
            await asyncio.sleep(0.05)

    async def _auto_rerun(self, fragment_id: str, interval: float) -> None:
        while True:  # like the front end's setInterval: fixed period, not after each run
            await asyncio.sleep(interval)
            await self._rerun(fragment_id=fragment_id, auto=True)

    async def _tick(self, element_id: str, fragment_id: str, seconds: float, frame) -> None:
        """What a live chart does after drawing a frame: wait, then ask for the
        next, and ask again when no frame answers in time (plotly_live.js)."""
        asked = self._asked.get(element_id)  # when the frame just received was asked for
        since = time.monotonic() - asked if asked is not None else 0.0
        await asyncio.sleep(max(ARRIVAL_SHARE * self._round_trip.get(element_id, 0.0), seconds - since))
        self._tick_sent[element_id] = self._asked[element_id] = time.monotonic()
        while True:
            self._asks += 1
            report = {"frame": frame, "held": self._held.get(element_id, []), "ask": self._asks}  # what it holds
            trigger = (_make_trigger_id(element_id, "events"), [{"event": "tick", "value": report}])
            await self._rerun(fragment_id=fragment_id, json_trigger=trigger)
            await asyncio.sleep(max(TICK_RETRY_MIN_S, TICK_RETRY_ROUND_TRIPS * self._round_trip.get(element_id, 0.0)))
            self.tick_retries += 1

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                message = ForwardMsg()
                message.ParseFromString(data)
                self._handle(message)
        except websockets.ConnectionClosed as error:
            if error.rcvd is None or error.rcvd.code != 1000:
                self.errors.append(f"connection closed: {error}")
        except Exception as error:  # noqa: BLE001 - recorded, reported by the benchmark
            self.errors.append(f"reader failed: {error!r}")

    def _handle(self, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.page_script_hash = message.new_session.page_script_hash
            self.session_id = message.new_session.initialize.session_id
            if not message.metadata.run.fragment_ids:  # a full run: the front end drops every timer
                self.page_runs += 1
                for _, task in self._timers.values():
                    task.cancel()
                self._timers.clear()
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            self._element(message.delta.new_element, message.delta.fragment_id)
        elif kind == "auto_rerun":
            fragment, interval = message.auto_rerun.fragment_id, message.auto_rerun.interval
            current = self._timers.get(fragment)
            if current and current[0] == interval:
                return
            if current:
                current[1].cancel()
            self._timers[fragment] = (interval, asyncio.get_running_loop().create_task(
                self._auto_rerun(fragment, interval)))
        elif kind == "stop_auto_rerun":
            for fragment in message.stop_auto_rerun.fragment_ids:
                timer = self._timers.pop(fragment, None)
                if timer:
                    timer[1].cancel()

    def _element(self, element, fragment_id: str = "") -> None:
        kind = element.WhichOneof("type")
        if kind == "button":
            self.buttons[element.button.label] = element.button.id
        elif kind == "bidi_component":
            payload = live_payload(element.bidi_component)
            # the step counter rides in the live charts' element, one for the run's frame and
            # one for each further frame of the run (shown later; counted as they arrive)
            parts = payload.get("later") if isinstance(payload.get("later"), list) else []
            for counter in [payload.get("counter")] + [p.get("counter") for p in parts if isinstance(p, dict)]:
                if isinstance(counter, str) and COUNTER.search(counter) and counter != self.counter_text:
                    self.counter_text = counter
                    self.counter_changes += 1
            held = self._held.setdefault(element.bidi_component.id, [])
            for i, (figure, version) in enumerate(zip(payload.get("figures", []), payload.get("versions", []))):
                held.extend([None] * (i + 1 - len(held)))
                held[i] = version if figure else held[i]  # a patch changes no version
            self._clock(element.bidi_component.id, fragment_id, payload)
            if element.bidi_component.id.endswith("chart_live"):
                self.live_frames += 1
            elif element.bidi_component.id.endswith("chart_network"):
                self.network_json = payload.get("figures", [None])[0] or self.network_json  # None: a patch
        elif kind == "exception":
            self.errors.append(f"exception shown: {element.exception.message[:200]}")

    def _clock(self, element_id: str, fragment_id: str, payload: dict) -> None:
        """A chart's new frame replaces its pending tick (plotly_live.js clockFrames)."""
        pending = self._ticks.pop(element_id, None)
        if pending:
            pending.cancel()
        sent = self._tick_sent.pop(element_id, None)
        if sent is not None:
            self._round_trip[element_id] = time.monotonic() - sent
        if payload.get("tick") is not None and fragment_id:
            self._ticks[element_id] = asyncio.get_running_loop().create_task(
                self._tick(element_id, fragment_id, payload["tick"], payload.get("frame")))

    # ------------------------------------------------------------- readings
    @property
    def clocked(self) -> bool:
        """True while a fragment timer or a chart's tick will ask for another frame."""
        return bool(self._timers or self._ticks)

    @property
    def steps(self) -> int:
        match = COUNTER.search(self.counter_text)
        return int(match.group(2)) if match else 0

    def network_weights(self) -> list[str]:
        """The hover texts 'W1[j,i] = w' of the network drawing last received."""
        if not self.network_json:
            return []
        figure = json.loads(self.network_json)
        return [t for trace in figure["data"] for t in (trace.get("text") or []) if str(t).startswith("W")]


def set_cookies(headers: list[str]) -> dict[str, str]:
    """name -> value of Set-Cookie header values."""
    jar = SimpleCookie()
    for header in headers:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def load_page(url: str, cookies: dict[str, str] | None = None, timeout: float = 120) -> dict[str, str]:
    """GET the page as a browser would (with `cookies` if given); the cookies its response sets."""
    request = urllib.request.Request(url, headers={"Cookie": cookie_header(cookies)} if cookies else {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        response.read()
        return set_cookies(response.headers.get_all("Set-Cookie") or [])
