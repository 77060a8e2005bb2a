"""In a real browser, the default pace lets a person watch the network learn:
the boundary is drawn at several distinct epochs, each with a test accuracy
below 0.95, before the accuracy passes 0.95 (how many seconds that takes is
measured by bench/browser.py, not asserted here)."""
import time

import pytest

from tests.support.server import LEARNING_PROBE, learning_frames
from tests.test_e2e import SKIP, page, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.skipif(SKIP, reason="PLAYGROUND_SKIP_BROWSER=1 was set explicitly")


def test_the_default_pace_shows_the_boundary_forming(server, page):
    page.goto(server.url + "/")  # every setting at its default, Speed included
    page.locator("h3", has_text="Epoch 0").wait_for(timeout=30_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    page.evaluate(LEARNING_PROBE)
    page.get_by_role("button", name="Train", exact=True).click()
    deadline, drawn = time.time() + 60, []
    while time.time() < deadline:
        drawn = learning_frames(page)
        if drawn and drawn[-1][2] >= 0.95:
            break
        time.sleep(0.25)
    page.get_by_role("button", name="Pause", exact=True).click()
    drawn = [(epoch, accuracy) for _, epoch, accuracy in drawn]
    assert drawn and drawn[-1][1] >= 0.95, drawn[-5:]  # it does learn the circles
    before = {epoch for epoch, accuracy in drawn if accuracy < 0.95 and epoch > 0}
    assert len(before) >= 5, drawn  # the boundary was seen forming, not just appearing
    assert max(before) < drawn[-1][0]

