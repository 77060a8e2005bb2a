"""Drawing data in a real browser: clicks on an empty Draw plot add points,
the Data export holds them with their split, and the CSV upload reads it back."""
import csv
import os
import time

import pytest

from tests.support.server import ARTIFACTS, LIVE_PLOT_JS as PLOT_JS, browser_page, browser_server



@pytest.fixture(scope="module")
def server():
    yield from browser_server(".streamlit-test-server-draw.log")


@pytest.fixture()
def page(server):
    yield from browser_page(accept_downloads=True)


def drawn_points(page) -> list:
    """[x, y, trace name] of every point the boundary chart shows."""
    return page.evaluate(f"""() => {{ const gd = ({PLOT_JS})(); if (!gd) return null;
        return gd.data.filter(t => t.name !== 'legend')  // the colour legend's trace draws no point
            .flatMap(t => (t.x || []).map((x, i) => [x, t.y[i], t.name])); }}""")


def plot_box(page) -> dict:
    return page.evaluate(f"""() => {{ const gd = ({PLOT_JS})(); const r = gd.querySelector('.nsewdrag')
        .getBoundingClientRect(); return {{x: r.left, y: r.top, width: r.width, height: r.height,
        draws: gd.__draws, x0: gd._fullLayout.xaxis.range[0], x1: gd._fullLayout.xaxis.range[1],
        y0: gd._fullLayout.yaxis.range[0], y1: gd._fullLayout.yaxis.range[1]}}; }}""")


def wait_for_points(page, n: int, timeout: float = 20.0) -> list:
    deadline = time.time() + timeout
    while time.time() < deadline:
        points = drawn_points(page)
        if points is not None and len(points) == n:
            return points
        time.sleep(0.1)
    raise AssertionError(f"expected {n} points on the plot, found {drawn_points(page)}")


def test_six_clicks_export_six_rows_that_load_back(server, page):
    page.goto(server.url + "/?dataset=draw&speed=max")
    page.get_by_text("Draw your own").first.wait_for(timeout=30_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    wait_for_points(page, 0)
    box = plot_box(page)
    before_json = page.evaluate(f"() => ({PLOT_JS})().layout.images[0].source")
    # where each click lands, as fractions of the plot area, and the class chosen before it
    clicks = [(0.2, 0.2, 0), (0.3, 0.7, 0), (0.7, 0.3, 1), (0.8, 0.8, 1), (0.25, 0.5, 0), (0.75, 0.55, 1)]
    for k, (fx, fy, label) in enumerate(clicks):
        page.get_by_role("radiogroup").get_by_text(f"class {label}").click()
        page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
        time.sleep(0.15)  # a quick student: no waiting for the point to show
    points = wait_for_points(page, 6)
    page.screenshot(path=os.path.join(ARTIFACTS, "draw-1-six-points.png"), full_page=True)
    title = page.evaluate(f"() => ({PLOT_JS})().layout.title.text")
    assert title == "Decision boundary · 6 points (5 train, 1 test)", title  # 30% test: the 4th point (k = 3)
    assert "points=" in page.url
    link = page.url  # the share link, as a teacher would copy it
    # each point where it was clicked, in data coordinates (the axes did not move)
    expected = sorted((round(box["x0"] + fx * (box["x1"] - box["x0"]), 1),
                       round(box["y1"] - fy * (box["y1"] - box["y0"]), 1)) for fx, fy, _ in clicks)
    assert sorted((round(x, 1), round(y, 1)) for x, y, _ in points) == expected
    assert page.evaluate(f"() => ({PLOT_JS})().layout.images[0].source") == before_json  # paused: same image

    page.get_by_text("Export / import", exact=True).click()
    with page.expect_download(timeout=20_000) as info:
        page.get_by_role("button", name="Data (.csv)").click()
    path = os.path.join(ARTIFACTS, "draw-export.csv")
    info.value.save_as(path)
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6
    assert sorted(r["split"] for r in rows) == ["test"] + ["train"] * 5
    assert sorted(int(r["label"]) for r in rows) == [0, 0, 0, 1, 1, 1]
    assert sorted((round(float(r["x1"]), 1), round(float(r["x2"]), 1)) for r in rows) == expected

    # Train learns the drawing (the weights were kept through the clicks, and Train is not refused)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for(timeout=10_000)
    time.sleep(1.5)
    page.get_by_role("button", name="Pause", exact=True).click()

    # back through the CSV upload: the same six points with the same split
    page.get_by_role("combobox", name="Dataset").click()
    page.get_by_role("option", name="Upload CSV…").click()
    page.get_by_text("CSV with columns x1, x2, label").wait_for(timeout=10_000)
    page.locator("section[data-testid='stSidebar'] input[type=file]").set_input_files(path)
    try:
        page.get_by_text("Your CSV data is loaded").wait_for(timeout=20_000)
    finally:
        page.screenshot(path=os.path.join(ARTIFACTS, "draw-2-uploaded.png"), full_page=True)
    page.get_by_text("Uploaded CSV").first.wait_for(timeout=10_000)
    loaded = wait_for_points(page, 6)
    assert sorted((round(x, 4), round(y, 4)) for x, y, _ in loaded) == \
        sorted((round(float(r["x1"]), 4), round(float(r["x2"]), 4)) for r in rows)
    assert sum(name.startswith("test") for _, _, name in loaded) == 1
    page.screenshot(path=os.path.join(ARTIFACTS, "draw-2-loaded-back.png"), full_page=True)
    assert "Traceback" not in page.inner_text("body")

    page.goto(link)  # a student opens the teacher's link: the same six points
    reopened = wait_for_points(page, 6)
    assert sorted((round(x, 1), round(y, 1)) for x, y, _ in reopened) == expected
    assert sorted(name for _, _, name in reopened) == sorted(name for _, _, name in points)


def test_a_click_on_regression_data_adds_the_chosen_value(server, page):
    page.goto(server.url + "/?dataset=plane&n_samples=50&speed=max")
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    wait_for_points(page, 50)
    colours = f"() => ({PLOT_JS})().data.flatMap(t => t.marker.color)"
    assert 0 not in page.evaluate(colours)
    box = plot_box(page)
    page.mouse.click(box["x"] + 0.5 * box["width"], box["y"] + 0.5 * box["height"])
    wait_for_points(page, 51)
    assert page.evaluate(colours).count(0) == 1  # the Value picker's default, 0.0


def test_clicks_faster_than_the_server_each_add_a_point(server, page):
    """Ten clicks 50 ms apart: Streamlit keeps only the newest trigger when
    several arrive before a run, so each one carries the events before it."""
    page.goto(server.url + "/?dataset=draw&speed=max")
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    wait_for_points(page, 0)
    box = plot_box(page)
    for k in range(10):
        page.mouse.click(box["x"] + (0.1 + 0.08 * k) * box["width"], box["y"] + 0.3 * box["height"])
        time.sleep(0.05)
    wait_for_points(page, 10)
    time.sleep(1.0)
    assert len(drawn_points(page)) == 10  # and no click counted twice
    assert page.evaluate(f"() => ({PLOT_JS})()._fullLayout.xaxis.range") == [box["x0"], box["x1"]]  # no zoom


def test_eraser_and_clear_on_a_generated_dataset(server, page):
    """A click on other data adds to it (the data line says edited), the eraser
    takes the nearest point, Clear empties it and Train is then refused."""
    page.goto(server.url + "/?dataset=moons&n_samples=50&speed=max")
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    wait_for_points(page, 50)
    box = plot_box(page)
    page.mouse.click(box["x"] + 0.5 * box["width"], box["y"] + 0.1 * box["height"])
    wait_for_points(page, 51)
    page.wait_for_function(f"() => ({PLOT_JS})().layout.title.text.startsWith('Decision boundary · edited · 51 points')",
                           timeout=10_000)
    page.get_by_text("eraser", exact=True).click()
    page.mouse.click(box["x"] + 0.5 * box["width"], box["y"] + 0.1 * box["height"])
    wait_for_points(page, 50)
    page.get_by_role("button", name="Clear", exact=True).click()
    wait_for_points(page, 0)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_text("Click on the plot to add points").wait_for(timeout=10_000)
    assert page.get_by_role("button", name="Train", exact=True).is_visible()
