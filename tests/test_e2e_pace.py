"""In a real browser, the default pace lets a person watch the network learn:
the boundary is drawn at several distinct epochs, each with a test accuracy
below 0.95, before the accuracy passes 0.95 (how many seconds that takes is
measured by bench/browser.py, not asserted here)."""
import re
import time

from tests.test_e2e import SKIP, page, server  # noqa: F401 (fixtures)
import pytest

pytestmark = pytest.mark.skipif(SKIP, reason="PLAYGROUND_SKIP_BROWSER=1 was set explicitly")

# Each time the live chart shows a new boundary image, note the counter and
# the test accuracy on the page at that moment.
WATCH = r"""
() => {
  const seen = window.__seen = [];
  let last = null;
  function tick() {
    const live = [...document.getElementsByClassName('js-plotly-plot')].find(g => g.layout && g.layout.meta === 'live');
    const h = [...document.querySelectorAll('h3')].find(e => e.textContent.startsWith('Epoch'));
    if (live && h && live.layout.images[0].source !== last) {
      last = live.layout.images[0].source;
      seen.push([h.textContent, h.parentElement.parentElement.textContent]);
    }
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
}
"""


def test_the_default_pace_shows_the_boundary_forming(server, page):
    page.goto(server.url + "/")  # every setting at its default, Speed included
    page.locator("h3", has_text="Epoch 0").wait_for(timeout=30_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    page.evaluate(WATCH)
    page.get_by_role("button", name="Train", exact=True).click()
    deadline, frames = time.time() + 60, []
    while time.time() < deadline:
        frames = page.evaluate("() => window.__seen")
        if frames and _accuracy(frames[-1][1]) >= 0.95:
            break
        time.sleep(0.25)
    page.get_by_role("button", name="Pause", exact=True).click()
    drawn = [(_epoch(head), _accuracy(text)) for head, text in frames]
    assert drawn and drawn[-1][1] >= 0.95, drawn[-5:]  # it does learn the circles
    before = {epoch for epoch, accuracy in drawn if accuracy < 0.95 and epoch > 0}
    assert len(before) >= 5, drawn  # the boundary was seen forming, not just appearing
    assert max(before) < drawn[-1][0]


def _epoch(head: str) -> int:
    return int(re.search(r"Epoch (\d+)", head).group(1))


def _accuracy(text: str) -> float:
    return float(re.search(r"test accuracy\s*([0-9.]+)", text).group(1))
