"""In a real browser: the boundary's legend, the confusion-matrix and
hidden-space panels render and follow the training live."""
import os

import pytest

from tests.test_e2e import ARTIFACTS, SKIP, page, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.skipif(SKIP, reason="PLAYGROUND_SKIP_BROWSER=1 was set explicitly")

FIND = "(meta) => [...document.getElementsByClassName('js-plotly-plot')].find(g => g.layout && g.layout.meta === meta)"


def chart(page, meta: str, script: str):
    """Evaluate script with gd, the chart whose layout.meta is meta (None when absent)."""
    return page.evaluate(f"() => {{ const gd = ({FIND})('{meta}'); if (!gd) return null; {script} }}")


# On a timeout, what the page showed: every chart's meta, version and draw
# count, the checked radio options and any error text. (The hidden-space wait
# failed now and then: the click had gone out inside a chart tick's fragment
# request, so the page never ran; tests/test_folded_page_run.py provokes that.)
CHECKED = "[...document.querySelectorAll('[data-testid=stRadioOption]')].filter(l => l.querySelector('input').checked).map(l => l.textContent)"
STATE = """() => ({charts: [...document.querySelectorAll('.pg-plot')].map(el => ({meta: el.layout && el.layout.meta,
  version: el.__version, draws: el.__draws || 0, drawing: !!el.__drawing, text: el.layout ? '' : el.textContent})),
  checked: CHECKED,
  errors: [...document.querySelectorAll('[data-testid=stException], [data-testid=stAlert]')].map(e => e.textContent)})""".replace(
    "CHECKED", CHECKED)


def wait_chart(page, meta: str, timeout: float = 30) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function(f"() => !!({FIND})('{meta}') && ({FIND})('{meta}')._fullData", timeout=timeout * 1000)
    except PlaywrightTimeout:
        raise AssertionError(f"no drawn '{meta}' chart after {timeout} s; the page had {page.evaluate(STATE)}") from None


def test_legend_confusion_matrix_and_hidden_space_render_and_update(server, page):  # noqa: F811
    page.goto(server.url + "/?speed=max&dataset=blobs3&layers=6,4&act=tanh,tanh&keep=1,1")
    page.locator("h3", has_text="Epoch 0").wait_for(timeout=30_000)
    wait_chart(page, "live")
    # the boundary's legend: one colour band per class, labelled
    bar = chart(page, "live", "const bar = gd.querySelector('.colorbar'); return bar && bar.textContent;")
    assert bar is not None and "class" in bar and all(str(c) in bar for c in range(3)), bar

    page.get_by_text("Confusion matrix", exact=True).click()
    wait_chart(page, "confusion")
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for(timeout=10_000)
    first = chart(page, "confusion", "return {z: gd._fullData[0].z.map(r => Array.from(r)), draws: gd.__draws || 0,"
                                     " texts: [...gd.querySelectorAll('text')].map(t => t.textContent)};")
    assert sum(map(sum, first["z"])) == 150  # every test point counted once (500 points, 30% test)
    cells = [str(v) for row in first["z"] for v in row]
    assert all(c in first["texts"] for c in cells), first  # each count is written in its cell
    page.wait_for_function(f"() => (({FIND})('confusion').__draws || 0) >= {first['draws'] + 2}", timeout=20_000)
    page.screenshot(path=os.path.join(ARTIFACTS, "picture-confusion.png"), full_page=True)

    page.get_by_text("Hidden space", exact=True).click()
    page.wait_for_function(f"() => {CHECKED}.includes('Hidden space')", timeout=10_000)  # the click was taken
    wait_chart(page, "hidden")
    read = "return {x: Array.from(gd._fullData[2].x), lines: gd._fullData[0].x.length, draws: gd.__draws || 0};"
    before = chart(page, "hidden", read)
    assert before["lines"] == 11 * 42 and len(before["x"]) > 100  # 11 lines of 41 points and a gap each
    page.wait_for_function(f"() => (({FIND})('hidden').__draws || 0) >= {before['draws'] + 2}", timeout=20_000)
    after = chart(page, "hidden", read)
    assert after["x"] != before["x"]  # the points move as the layer learns
    assert chart(page, "hidden", "return gd.querySelectorAll('.scatterlayer .trace').length;") == 5
    page.screenshot(path=os.path.join(ARTIFACTS, "picture-hidden.png"), full_page=True)
    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_role("button", name="Train", exact=True).wait_for(timeout=10_000)
    assert "Traceback" not in page.inner_text("body")


def test_sin_pi_is_offered_and_an_old_link_says_what_it_became(server, page):  # noqa: F811
    page.goto(server.url + "/?features=x1,x2,sin(x1)")
    page.get_by_text("sin(x1) is now sin(πx1)").wait_for(timeout=30_000)
    select = page.locator("[data-testid='stMultiSelect']").filter(has_text="Input features")
    tags = select.locator(".react-aria-ComboBox [data-tag]")
    tags.nth(2).wait_for(timeout=15_000)
    chips = tags.all_inner_texts()
    assert [c.strip() for c in chips] == ["x1", "x2", "sin(πx1)"], chips
    page.wait_for_function("() => decodeURIComponent(location.search).includes('features=x1,x2,sin(πx1)')",
                           timeout=10_000)
    select.locator(".react-aria-ComboBox input").click()
    page.get_by_role("option").first.wait_for(timeout=10_000)
    options = page.get_by_role("option").all_inner_texts()
    assert "sin(πx2)" in options and "sin(x2)" not in options, options
    page.get_by_text("Maths", exact=True).click()
    page.get_by_text("makes one full period").first.wait_for(timeout=15_000)
    assert "Traceback" not in page.inner_text("body")
