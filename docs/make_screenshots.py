"""The README's screenshots, taken from the running app in headless Chromium.

    python docs/make_screenshots.py      # writes docs/draw.png, docs/neuron.png, docs/present.png

drawing: a Draw your own plot with points clicked in two classes, trained a
few seconds; neuron: the pointer on a hidden neuron, whose map is drawn in
place of the boundary; present: ?present=1 in a 1280×720 window.
"""
from __future__ import annotations

import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tests.support.server import StreamlitServer, launch_chromium  # noqa: E402

LIVE = "[...document.getElementsByClassName('js-plotly-plot')].find(g => g.layout && g.layout.meta === 'live')"
NETWORK = ("[...document.getElementsByClassName('js-plotly-plot')].find(g => g.layout && g.layout.title"
           " && String(g.layout.title.text).startsWith('Network'))")


def ready(page, url: str) -> None:
    page.goto(url)
    page.locator("h3", has_text="Epoch 0").wait_for(timeout=60_000)
    page.wait_for_function(f"() => {LIVE} && {LIVE}.__draws > 0", timeout=60_000)
    time.sleep(1.0)


def train_for(page, seconds: float) -> None:
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for(timeout=10_000)
    time.sleep(seconds)
    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_role("button", name="Train", exact=True).wait_for(timeout=10_000)
    time.sleep(1.0)


def element_shot(page, js: str, path: str, pad: int = 8) -> None:
    box = page.evaluate(f"() => {{ const r = ({js}).getBoundingClientRect(); "
                        "return {x: r.left, y: r.top, width: r.width, height: r.height}; }")
    page.screenshot(path=path, clip={"x": max(0, box["x"] - pad), "y": max(0, box["y"] - pad),
                                     "width": box["width"] + 2 * pad, "height": box["height"] + 2 * pad})


def drawing(page, url: str) -> None:
    ready(page, url + "/?dataset=draw&speed=30")
    box = page.evaluate(f"() => {{ const r = {LIVE}.querySelector('.nsewdrag').getBoundingClientRect(); "
                        "return {x: r.left, y: r.top, w: r.width, h: r.height}; }")
    ring = [(0.5 + 0.3 * math.cos(a / 7 * math.tau), 0.5 + 0.3 * math.sin(a / 7 * math.tau))
            for a in range(7)]
    for label, spots in ((0, ring), (1, [(0.5, 0.5), (0.45, 0.55), (0.55, 0.45), (0.52, 0.56)])):
        page.get_by_role("radiogroup").get_by_text(f"class {label}").click()
        for fx, fy in spots:
            page.mouse.click(box["x"] + fx * box["w"], box["y"] + fy * box["h"])
            time.sleep(0.2)
    time.sleep(1.0)
    train_for(page, 4.0)
    page.screenshot(path=os.path.join(HERE, "draw.png"), clip={"x": 0, "y": 0, "width": 1500, "height": 900})


def neuron(page, url: str) -> None:
    ready(page, url + "/?dataset=xor&layers=4&act=tanh&speed=30")
    train_for(page, 3.0)
    page.locator(".js-plotly-plot").last.scroll_into_view_if_needed()
    at = page.evaluate(f"""() => {{
        const g = {NETWORK}, t = g._fullData.find(d => d.name === 'neurons');
        const k = t.customdata.findIndex(c => JSON.stringify(c) === JSON.stringify(['n', 1, 2]));
        const L = g._fullLayout, box = g.getBoundingClientRect();
        return [box.left + L._size.l + L.xaxis.l2p(t.x[k]), box.top + L._size.t + L.yaxis.l2p(t.y[k])]; }}""")
    page.mouse.move(*at)
    page.wait_for_function(f"() => String({LIVE}.layout.title.text).startsWith('Layer 1, neuron 3')", timeout=15_000)
    time.sleep(0.5)
    page.screenshot(path=os.path.join(HERE, "neuron.png"), full_page=True)


def presentation(page, url: str) -> None:
    ready(page, url + "/?present=1&dataset=spiral&layers=8,8&act=tanh,tanh&speed=30")
    train_for(page, 6.0)
    page.screenshot(path=os.path.join(HERE, "present.png"))


def main() -> None:
    from playwright.sync_api import sync_playwright
    with StreamlitServer() as server, sync_playwright() as p:
        browser = launch_chromium(p)
        for shoot, size in ((drawing, (1500, 1000)), (neuron, (1500, 1300)), (presentation, (1280, 720))):
            page = browser.new_page(viewport={"width": size[0], "height": size[1]})
            shoot(page, server.url)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
