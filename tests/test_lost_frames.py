"""A live chart's frame that never reaches the browser is sent again.

Streamlit drops a fragment run's output when the same fragment runs again
before it was sent (as a fast second click does), so a patch sent once can be
lost. With every tick and event the chart reports the newest frame it has and
the figure versions it holds (plotly_live.js report()); the server sends drawn
points again until a frame from then on has arrived, and a figure whole
again when the chart holds another version. An event that no frame answers
goes again (plotly_live.js sendEvent).

Here the loss is made on purpose: over the websocket (a frame the test never
applies), and in a real browser, where a Playwright route drops the frame
that answers the first click on a paused Draw plot.
"""
import asyncio
import json
import re

import pytest
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from playground import drawn
from playground.ui.plotly_live import payload as live_payload
from tests.support.server import LIVE_PLOT_JS as PLOT_JS, StreamlitServer, browser_page, browser_server
from tests.support.patches import apply
from tests.support.wsclient import StreamlitClient

DRAW = "dataset=draw&speed=max"


def point_count(figure: dict) -> int:
    return sum(len(t.get("x") or []) for t in figure["data"] if str(t.get("name", "")).startswith(("train", "test")))


class Frames(StreamlitClient):
    """A session that keeps every frame of the boundary chart, applies only
    the ones the test lets through, and reports what it holds like the JavaScript."""

    def __init__(self, url: str, query: str = DRAW):
        super().__init__(url, query)
        self.frames: list[dict] = []  # every payload of chart_live, in order
        self.element_id = self.fragment_id = ""
        self.held: dict = {}  # frame number, figures and versions the test's "browser" holds
        self.asks = 0

    def _element(self, element, fragment_id: str = "") -> None:
        if element.WhichOneof("type") == "bidi_component" and element.bidi_component.id.endswith("chart_live"):
            self.element_id, self.fragment_id = element.bidi_component.id, fragment_id
            self.frames.append(live_payload(element.bidi_component))
        super()._element(element, fragment_id)

    def _clock(self, element_id: str, fragment_id: str, payload: dict) -> None:
        pass  # no ticks of its own: each report the server gets is one the test sends

    def take(self, frame: dict) -> None:
        """What the browser does with a frame that arrives."""
        figures = self.held.setdefault("figures", [None, None])
        versions = self.held.setdefault("versions", [None, None])
        for i in range(2):
            if frame["figures"][i]:
                figures[i], versions[i] = json.loads(frame["figures"][i]), frame["versions"][i]
                if frame["patches"][i]:
                    figures[i] = apply(figures[i], frame["patches"][i])
            elif frame["patches"][i] and versions[i] == frame["versions"][i]:
                figures[i] = apply(figures[i], frame["patches"][i])
        for part in frame.get("later") or []:  # the run's further frames, shown after it
            for i in range(2):
                if part["patches"][i] and versions[i] == frame["versions"][i]:
                    figures[i] = apply(figures[i], part["patches"][i])
        self.held["frame"] = frame["frame"]

    async def send_event(self, event: dict, held: list | None = None) -> dict:
        """Send a click event with this client's report (or another held list); the frame that answers it."""
        self.asks += 1
        count = len(self.frames)
        value = {**event, "recent": [event], "frame": self.held.get("frame"),
                 "held": held if held is not None else self.held.get("versions"), "ask": self.asks}
        trigger = (_make_trigger_id(self.element_id, "events"), [{"event": "event", "value": value}])
        await self._rerun(fragment_id=self.fragment_id, json_trigger=trigger)
        await self.wait_for(lambda c: len(c.frames) > count, timeout=60)
        return self.frames[-1]


def test_points_and_figures_lost_on_the_way_are_sent_again():
    async def session():
        with StreamlitServer(log_name=".streamlit-test-server-lost.log") as server:
            client = Frames(server.url)
            await client.connect()
            await client.wait_for(lambda c: c.frames and c.frames[-1]["figures"][0], timeout=120)
            client.take(client.frames[-1])
            assert point_count(client.held["figures"][0]) == 0
            click = {"chart": 0, "kind": "plane", "id": "test-1", "x": 0.5, "y": 0.5}

            answer = await client.send_event(click)  # its frame "is lost": not taken
            assert answer["handled"] == "test-1" and answer["figures"] == [None, None]
            assert point_count(apply(client.held["figures"][0], answer["patches"][0])) == 1

            again = await client.send_event(click)  # the chart sends the event again: same id, same report
            assert again["handled"] == "test-1"
            client.take(again)
            assert point_count(client.held["figures"][0]) == 1  # the point, though its first frame was lost

            after = await client.send_event(click)  # the browser now has a frame from then on
            assert not [op for op in after["patches"][0] if op[1][-1] == "x"]  # the points are not sent again
            client.take(after)

            newest = client.held["frame"]
            client.held["frame"] = 0  # a report sent before the page's frame arrived: it is on its way
            on_its_way = await client.send_event(click, held=[None, None])
            assert on_its_way["figures"] == [None, None]
            client.held["frame"] = newest

            lost_figure = await client.send_event(click, held=[None, client.held["versions"][1]])
            assert lost_figure["figures"][0] and not lost_figure["figures"][1]  # only the figure it lacks, whole
            client.take(lost_figure)
            assert point_count(client.held["figures"][0]) == 1
            await client.close()
            return client.errors

    assert asyncio.run(session()) == []


def test_points_lost_while_training_slowly_are_sent_again():
    """At 1 epoch/s most frames take no step, and such a frame sends empty
    patches: not while the browser may lack the points."""
    points = drawn.encode(drawn.from_points(drawn.DRAW, [[-1, -1], [1, 1], [-1, 1], [1, -1]], [0, 1, 0, 1],
                                            [False] * 4, "classification", 2, frame=drawn.DRAW_FRAME))

    async def session():
        with StreamlitServer(log_name=".streamlit-test-server-lost-slow.log") as server:
            client = Frames(server.url, f"dataset=draw&speed=1&points={points}")
            await client.connect()
            await client.wait_for(lambda c: c.frames and c.frames[-1]["figures"][0] and "Train" in c.buttons,
                                  timeout=120)
            count = len(client.frames)
            await client.click("Train")
            await client.wait_for(lambda c: len(c.frames) > count and c.frames[-1]["figures"][0], timeout=60)
            client.take(client.frames[-1])  # the page run after Train: training, the whole figures
            assert client.frames[-1]["tick"] and point_count(client.held["figures"][0]) == 4
            click = {"chart": 0, "kind": "plane", "id": "test-1", "x": 0.5, "y": 0.5}
            answer = await client.send_event(click)  # lost on the way
            assert point_count(apply(client.held["figures"][0], answer["patches"][0])) == 5
            again = await client.send_event(click)  # at once: no step is due
            client.take(again)
            assert point_count(client.held["figures"][0]) == 5
            await client.close()
            return client.errors

    assert asyncio.run(session()) == []


# ------------------------------------------------------------ in a browser


@pytest.fixture(scope="module")
def server():
    yield from browser_server(".streamlit-test-server-lost-browser.log")


@pytest.fixture()
def page(server):
    yield from browser_page()


def is_click(message) -> bool:
    """A BackMsg from the page that carries a chart's click event."""
    if isinstance(message, str):
        return False
    back = BackMsg()
    back.ParseFromString(message)
    if back.WhichOneof("type") != "rerun_script":
        return False
    return any(w.json_trigger_value and '"plane"' in w.json_trigger_value
               for w in back.rerun_script.widget_states.widgets)


def forward_message(message) -> ForwardMsg | None:
    if isinstance(message, str):
        return None
    forward = ForwardMsg()
    forward.ParseFromString(message)
    return forward


def is_live_frame(forward: ForwardMsg) -> bool:
    return (forward.WhichOneof("type") == "delta" and forward.delta.WhichOneof("type") == "new_element"
            and forward.delta.new_element.WhichOneof("type") == "bidi_component"
            and forward.delta.new_element.bidi_component.id.endswith("chart_live"))


def test_a_click_whose_frame_is_dropped_still_shows_its_point(server, page):
    dropped = []

    def route(ws):
        upstream = ws.connect_to_server()
        armed = []

        def from_page(message):
            if is_click(message) and not dropped:
                armed.append(True)
            upstream.send(message)

        def from_server(message):
            forward = forward_message(message)
            if forward is None:
                ws.send(message)
            elif armed and not dropped and is_live_frame(forward):
                dropped.append(True)  # the frame that answers the first click never arrives
            elif dropped == [True] and forward.WhichOneof("type") == "script_finished":
                # as Streamlit marks a run whose output it dropped (forward_msg_queue.clear)
                forward.script_finished = ForwardMsg.FINISHED_EARLY_FOR_RERUN
                dropped.append(True)
                ws.send(forward.SerializeToString())
            else:
                ws.send(message)

        ws.on_message(from_page)
        upstream.on_message(from_server)


    page.route_web_socket(re.compile(r".*/_stcore/stream"), route)
    page.goto(server.url + "/?" + DRAW)
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    count_js = f"""() => {{ const gd = ({PLOT_JS})(); return gd ? gd.data.filter(t => /^(train|test)/.test(t.name))
        .reduce((n, t) => n + (t.x || []).length, 0) : null; }}"""
    page.wait_for_function(f"({count_js})() === 0", timeout=30_000)
    box = page.evaluate(f"() => {{ const r = ({PLOT_JS})().querySelector('.nsewdrag').getBoundingClientRect();"
                        " return {x: r.left, y: r.top, width: r.width, height: r.height}; }")
    page.mouse.click(box["x"] + 0.3 * box["width"], box["y"] + 0.3 * box["height"])
    page.wait_for_function(f"({count_js})() === 1", timeout=30_000)  # from the event sent again
    assert dropped == [True, True]
