"""Teaching features in a real browser (Playwright + Debian's Chromium against
`streamlit run app.py`): presentation mode on a 1280×720 projector window, New
weights and its seed in the link, hide= for the run controls, and the squared
loss in the maths view. Screenshots go to test-artifacts/."""
import os
import re
import time

import pytest

from tests.support.server import browser_server, launch_chromium
from tests.test_e2e import ARTIFACTS, SKIP, counter

pytestmark = pytest.mark.skipif(SKIP, reason="PLAYGROUND_SKIP_BROWSER=1 was set explicitly")
PROJECTOR = {"width": 1280, "height": 720}

# Each element a teacher needs, as a bounding box [left, top, right, bottom] (null when absent).
BOXES = r"""() => {
  const box = e => { if (!e) return null; const r = e.getBoundingClientRect();
                     return r.width && r.height ? [r.left, r.top, r.right, r.bottom] : null; };
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  const button = text => [...document.querySelectorAll('button')].find(b => b.innerText.trim() === text);
  return {
    'Train button': box(button('Train')), 'Step button': box(button('Step')),
    'Step epoch button': box(button('Step epoch')), 'Reset button': box(button('Reset')),
    'New weights button': box(button('New weights')),
    'Speed': box([...document.querySelectorAll('[data-testid="stSelectbox"]')]
                  .find(e => e.innerText.startsWith('Speed'))),
    'boundary': box(plots.find(g => g.layout && g.layout.meta === 'live')),
    'cost curve': box(plots.find(g => g.layout && g.layout.meta === 'curves')),
    'network drawing': box(plots.find(g => g.layout && g.layout.uirevision === 'network')),
  };
}"""
SIDEBAR = r"""() => { const s = document.querySelector('section[data-testid="stSidebar"]');
  const r = s.getBoundingClientRect(); return {collapsed: s.getAttribute('data-collapsed'), right: r.right}; }"""


@pytest.fixture(scope="module")
def server():
    yield from browser_server(".streamlit-test-server-present.log")


@pytest.fixture()
def browser():
    from playwright.sync_api import sync_playwright
    os.makedirs(ARTIFACTS, exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield browser
        browser.close()


def open_page(browser, server, query, viewport=PROJECTOR):
    page = browser.new_page(viewport=viewport)
    page.goto(f"{server.url}/?{query}")
    page.locator("h3", has_text="Epoch").first.wait_for(timeout=30_000)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 3", timeout=30_000)
    return page


def outside(boxes: dict, width: int, height: int) -> dict:
    """The elements that are missing or not wholly inside the window."""
    return {name: b for name, b in boxes.items()
            if b is None or b[0] < 0 or b[1] < 0 or b[2] > width + 0.5 or b[3] > height + 0.5}


def test_presentation_mode_fits_a_projector_window(server, browser):
    page = open_page(browser, server, "present=1&speed=max")
    time.sleep(1)  # the charts settle to their sizes
    page.screenshot(path=os.path.join(ARTIFACTS, "present-1280x720.png"))
    assert outside(page.evaluate(BOXES), **PROJECTOR) == {}
    sidebar = page.evaluate(SIDEBAR)
    assert sidebar["collapsed"] == "true" and sidebar["right"] <= 0
    assert float(page.evaluate("getComputedStyle(document.documentElement).fontSize")[:-2]) >= 19
    tick = "getComputedStyle(document.querySelector('.js-plotly-plot g[class$=\"tick\"] text')).fontSize"
    assert float(page.evaluate(tick)[:-2]) >= 14  # the charts' numbers too
    assert page.evaluate("window.scrollY") == 0
    assert "present=1" in page.url  # a view option kept in the link, like hide=

    # it trains in place, and the elements stay in view
    page.get_by_role("button", name="Train", exact=True).click()
    deadline = time.time() + 60
    while counter(page)[0] < 20 and time.time() < deadline:
        time.sleep(0.2)
    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_role("button", name="Train", exact=True).wait_for(timeout=10_000)
    assert counter(page)[0] >= 20
    assert outside(page.evaluate(BOXES), **PROJECTOR) == {}
    # a long counter line (a busy server's notice, a schedule's rate) stays one line: the charts stay in view
    page.evaluate("() => { const p = document.querySelector('.pg-counter p'); p.textContent += ' · slow frames:"
                  " one every 0.9 s (a busy server or browser) · learning rate 0.0123 (exponential schedule)'.repeat(3); }")
    assert outside(page.evaluate(BOXES), **PROJECTOR) == {}

    # the sidebar can still be opened, and a click on Step does not shut it
    page.get_by_test_id("stExpandSidebarButton").click()
    page.wait_for_function("() => document.querySelector('section[data-testid=\"stSidebar\"]')"
                           ".getAttribute('data-collapsed') === 'false'", timeout=10_000)
    page.get_by_role("button", name="Step", exact=True).click()
    time.sleep(1.5)
    assert page.evaluate(SIDEBAR)["collapsed"] == "false"
    assert "Traceback" not in page.inner_text("body")


def test_without_presentation_mode_the_same_window_does_not_fit(server, browser):
    """The check above can fail: the ordinary layout leaves the network below the fold."""
    page = open_page(browser, server, "speed=max")
    time.sleep(1)
    assert page.evaluate(SIDEBAR)["collapsed"] == "false"
    assert "network drawing" in outside(page.evaluate(BOXES), **PROJECTOR)


def test_new_weights_shows_its_seed_and_puts_it_in_the_link(server, browser):
    page = open_page(browser, server, "seed=4", viewport={"width": 1500, "height": 1000})
    seed_box = page.get_by_role("spinbutton", name="Weights seed")
    assert seed_box.input_value() == "" and seed_box.get_attribute("placeholder") == "= seed 4"
    page.get_by_role("button", name="New weights", exact=True).click()
    page.wait_for_function("() => /init_seed=\\d+/.test(location.search)", timeout=15_000)
    shown = re.search(r"init_seed=(\d+)", page.url).group(1)
    page.wait_for_function(f"() => document.body.innerText.includes('weights seed {shown}')", timeout=15_000)
    assert seed_box.input_value() == shown and "seed=4" in page.url
    page.screenshot(path=os.path.join(ARTIFACTS, "new-weights.png"))


def test_a_fixed_exercise_hides_the_run_controls(server, browser):
    page = open_page(browser, server, "hide=train,step_epoch,new_weights,speed,show_test,log_cost",
                     viewport={"width": 1500, "height": 1000})
    # The page as it settles: in 2 of 6 full-suite runs on clean clones (never alone) the view toggles
    # were still on screen when the charts had appeared, with the run buttons already hidden; the cause
    # is not known (see the 2026-12-07 closing note). A page that keeps them fails here.
    try:
        page.wait_for_function("() => !document.body.innerText.includes('Show test data')", timeout=15_000)
    except Exception:  # noqa: BLE001 - the assertions below say what is wrong
        pass
    boxes = page.evaluate(BOXES)
    assert boxes["Train button"] is None and boxes["Step epoch button"] is None and boxes["Speed"] is None
    assert boxes["New weights button"] is None and boxes["Step button"] and boxes["Reset button"]
    body = page.inner_text("body")
    assert "Show test data" not in body and "Log-scale cost" not in body and "Discretize output" in body
    page.get_by_role("button", name="Step", exact=True).click()
    page.wait_for_function("() => document.body.innerText.includes('step 1')", timeout=15_000)
    page.screenshot(path=os.path.join(ARTIFACTS, "fixed-exercise.png"))


def test_the_maths_view_shows_the_squared_loss(server, browser):
    page = open_page(browser, server, "loss=squared&layers=4,2&act=tanh,tanh&keep=1,1",
                     viewport={"width": 1500, "height": 1000})
    page.get_by_text("Maths", exact=True).click()
    page.locator(".katex", has_text="squared error").first.wait_for(timeout=15_000)
    assert page.locator(".katex", has_text="cross-entropy").count() == 0
