"""Touching the network drawing in a real browser (Chromium through
Playwright): hovering a neuron shows its map large in place of the boundary,
moving away puts the boundary back, and editing a weight changes the model.
Screenshots go to test-artifacts/."""
import base64
import io
import os
import time

import numpy as np
import pytest
from PIL import Image

from tests.support.server import browser_page, browser_server
from tests.test_e2e import ARTIFACTS, SKIP

pytestmark = pytest.mark.skipif(SKIP, reason="PLAYGROUND_SKIP_BROWSER=1 was set explicitly")

LIVE = "[...document.getElementsByClassName('js-plotly-plot')].find(g => g.layout && g.layout.meta === 'live')"
NETWORK = ("[...document.getElementsByClassName('js-plotly-plot')].find(g => g.layout && g.layout.title"
           " && String(g.layout.title.text).startsWith('Network'))")


@pytest.fixture(scope="module")
def server():
    yield from browser_server(".streamlit-test-server-touch.log")


@pytest.fixture()
def page(server):
    yield from browser_page({"width": 1500, "height": 1300})


def boundary(page) -> tuple[str, np.ndarray]:
    """The boundary chart's title and image as the browser holds them."""
    title, source = page.evaluate(f"() => {{ const g = {LIVE}; return [g.layout.title.text, g.layout.images[0].source]; }}")
    image = Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1]))).convert("RGB")
    return title, np.asarray(image).astype(int)


def target(page, name: str, customdata: list) -> tuple[float, float]:
    """Page coordinates of the drawing's point with this customdata in trace `name`."""
    return page.evaluate(f"""([name, wanted]) => {{
        const g = {NETWORK};
        const t = g._fullData.findIndex(d => d.name === name), trace = g._fullData[t];
        const k = trace.customdata.findIndex(c => JSON.stringify(c) === JSON.stringify(wanted));
        const L = g._fullLayout, box = g.getBoundingClientRect();
        return [box.left + L._size.l + L.xaxis.l2p(trace.x[k]), box.top + L._size.t + L.yaxis.l2p(trace.y[k])];
    }}""", [name, customdata])


def wait_title(page, text: str, timeout: float = 15_000) -> None:
    page.wait_for_function(f"(t) => {{ const g = {LIVE}; return g && g.layout.title.text === t; }}", arg=text,
                           timeout=timeout)


def open_page(page, server, query: str = ""):
    page.goto(server.url + "/?dataset=xor&layers=4&act=tanh" + query)
    page.locator("h3", has_text="Epoch 0").wait_for(timeout=30_000)
    page.wait_for_function(f"() => {NETWORK} && {LIVE} && {NETWORK}.__draws > 0", timeout=30_000)
    page.locator(".js-plotly-plot").last.scroll_into_view_if_needed()
    time.sleep(0.5)


def test_hovering_a_neuron_shows_its_map_and_moving_away_restores_the_boundary(server, page):
    open_page(page, server)
    title, original = boundary(page)
    assert title == "Decision boundary"
    versions = f"() => [{LIVE}.__version, {NETWORK}.__version]"
    held = page.evaluate(versions)  # a whole figure would come with a new version

    page.mouse.move(*target(page, "neurons", ["n", 0, 0]))  # the input x1, paused
    wait_title(page, "Input 1: x1")
    _, x1 = boundary(page)
    assert x1.shape == original.shape
    assert (x1 == x1[:1]).all()  # x1 does not depend on x2: every row the same
    assert x1[0, 0, 0] > x1[0, 0, 2] and x1[0, -1, 2] > x1[0, -1, 0]  # orange at the left, blue at the right
    page.screenshot(path=os.path.join(ARTIFACTS, "touch-1-input.png"), full_page=True)

    page.mouse.move(*target(page, "neurons", ["n", 1, 2]))
    wait_title(page, "Layer 1, neuron 3: tanh output")
    _, hidden = boundary(page)
    assert not np.array_equal(hidden, x1) and not np.array_equal(hidden, original)
    page.screenshot(path=os.path.join(ARTIFACTS, "touch-2-hidden.png"), full_page=True)

    page.mouse.move(5, 5)  # away from the drawing
    wait_title(page, "Decision boundary")
    assert np.array_equal(boundary(page)[1], original)
    assert page.evaluate(versions) == held  # hovers sent patches only

    # while training: the neuron's map follows the training, the title stays
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for(timeout=10_000)
    time.sleep(1.0)
    page.mouse.move(*target(page, "neurons", ["n", 2, 0]))
    wait_title(page, "Output, neuron 1: sigmoid output")
    first = boundary(page)[1]
    page.wait_for_function(f"(s) => {LIVE}.layout.images[0].source !== s",
                           arg=page.evaluate(f"() => {LIVE}.layout.images[0].source"), timeout=15_000)
    assert boundary(page)[0] == "Output, neuron 1: sigmoid output"
    assert not np.array_equal(boundary(page)[1], first)
    page.mouse.move(5, 5)
    wait_title(page, "Decision boundary")
    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_role("button", name="Train", exact=True).wait_for(timeout=10_000)


def test_clicking_a_neuron_holds_its_map_until_clicked_again(server, page):
    open_page(page, server)
    at = target(page, "neurons", ["n", 1, 1])
    page.mouse.click(*at)
    wait_title(page, "Layer 1, neuron 2: tanh output")
    page.mouse.move(5, 5)
    time.sleep(1.0)
    assert boundary(page)[0] == "Layer 1, neuron 2: tanh output"  # held
    page.mouse.click(*at)
    wait_title(page, "Decision boundary")


def test_editing_a_weight_changes_the_boundary(server, page):
    open_page(page, server)
    _, before = boundary(page)
    source = page.evaluate(f"() => {LIVE}.layout.images[0].source")
    page.mouse.click(*target(page, "weights", ["W", 2, 0, 1]))  # W[2][1,2]: hidden unit 2 to the output
    field = page.get_by_role("spinbutton", name="W[2][1,2] =")
    field.wait_for(timeout=15_000)
    shown = page.evaluate(f"""() => {{ const t = {NETWORK}._fullData.find(d => d.name === 'weights');
        return t.text[t.customdata.findIndex(c => JSON.stringify(c) === '["W",2,0,1]')]; }}""")
    assert shown.startswith("W2[1,2] = ")
    assert float(field.input_value()) == pytest.approx(float(shown.split(" = ")[1]), abs=1e-3)
    field.fill("6")
    field.press("Enter")
    page.get_by_text("now 6.0000").wait_for(timeout=15_000)
    page.wait_for_function(f"(s) => {LIVE}.layout.images[0].source !== s", arg=source, timeout=15_000)
    title, after = boundary(page)
    assert title == "Decision boundary"
    assert np.abs(after - before).sum(axis=-1).mean() > 5  # a weight of 6 moves the boundary visibly
    page.screenshot(path=os.path.join(ARTIFACTS, "touch-3-edited.png"), full_page=True)
    # the drawing shows the new weight
    page.wait_for_function(f"""() => {NETWORK}._fullData.find(d => d.name === 'weights').text
                                     .includes('W2[1,2] = 6.000')""", timeout=15_000)


def test_editing_a_bias_changes_the_boundary_and_close_hides_the_editor(server, page):
    open_page(page, server, "&seed=4")
    source = page.evaluate(f"() => {LIVE}.layout.images[0].source")
    _, before = boundary(page)
    page.mouse.click(*target(page, "biases", ["b", 2, 0]))  # the output's bias, at its node's corner
    field = page.get_by_role("spinbutton", name="b[2][1] =")
    field.wait_for(timeout=15_000)
    field.fill("-3")
    field.press("Enter")
    page.wait_for_function(f"(s) => {LIVE}.layout.images[0].source !== s", arg=source, timeout=15_000)
    _, after = boundary(page)
    orange = lambda image: float(np.mean(image[..., 0] > image[..., 2]))  # noqa: E731 - share of class 0
    assert orange(after) > max(0.9, orange(before))  # P(class 1) = σ(… - 3): mostly class 0 now
    page.get_by_role("button", name="Close", exact=True).click()
    field.wait_for(state="detached", timeout=15_000)
