"""Live frames send patches, not figures: applying each frame's patch (with the
op semantics documented in playground/plots/__init__.py, re-implemented in
tests/support/patches.py) to the figure sent
first must give what a whole new figure would show, at a fraction of the size."""
import json

import pytest

from playground.config import Config
from playground.ui import live_charts, state
from tests.support.apptest import fake_session
from tests.support.patches import apply


@pytest.fixture()
def session(monkeypatch):
    return fake_session(monkeypatch, Config(batch_size=32))


def test_patched_curves_equal_a_fresh_figure_even_when_a_frame_is_lost(session):
    trainer = session.trainer
    trainer.run(22)  # two epochs recorded: the curves are lines from now on
    fig, version, patch = live_charts.curves_chart(trainer, full=True)
    assert patch is None
    held = json.loads(fig.to_json())
    for frame in range(30):
        trainer.run(11 * (frame % 3 + 1))  # a few epochs per frame (11 steps per epoch)
        fig, same_version, patch = live_charts.curves_chart(trainer, full=False)
        assert same_version == version and patch is not None
        if frame % 7 == 3:
            continue  # Streamlit dropped this frame's output: the next patches must mend it
        held = apply(held, patch)
    fresh = json.loads(live_charts.curves_chart(trainer, full=True)[0].to_json())
    for mine, theirs in zip(held["data"], fresh["data"]):
        assert mine["x"] == theirs["x"] and mine["y"] == theirs["y"]
    low, high = held["layout"]["xaxis"]["range"]  # the range kept while the data fits, not a fresh one
    assert low <= min(fresh["data"][0]["x"]) and high >= max(fresh["data"][0]["x"])


def curves_data(figure: dict) -> list:
    return [(t["x"], t["y"], t["mode"]) for t in figure["data"]]


def test_the_first_point_grows_into_a_line_by_patches_alone(session):
    trainer = session.trainer
    fig, version, patch = live_charts.curves_chart(trainer, full=True)
    held = json.loads(fig.to_json())
    assert [t["mode"] for t in held["data"]] == ["markers"] * 4  # one row: a line of one point would not show
    for _ in range(3):
        trainer.run(11)  # an epoch each
        _, same_version, patch = live_charts.curves_chart(trainer, full=False)
        assert same_version == version and patch is not None  # no whole figure for the second row
        held = apply(held, patch)
    fresh = json.loads(live_charts.curves_chart(trainer, full=True)[0].to_json())
    assert curves_data(held) == curves_data(fresh) and fresh["data"][0]["mode"] == "lines"


def test_a_thinned_history_is_sent_as_a_patch_of_every_row(session):
    trainer = session.trainer
    fig, version, _ = live_charts.curves_chart(trainer, full=True)
    held = json.loads(fig.to_json())
    capacity = trainer.history.max_points
    trainer.run(11 * (capacity - 20))  # an epoch is 11 steps: a row each, 20 short of thinning
    for _ in range(live_charts.CURVE_OVERLAP_FRAMES):  # frames of an epoch each: the patches overlap only these
        trainer.run(11)
        held = apply(held, live_charts.curves_chart(trainer, full=False)[2])
    before = trainer.history.column("epoch")
    assert len(before) == capacity - 11
    trainer.run(11 * 20)  # past capacity: every other row goes
    assert len(trainer.history) < len(before) and trainer.history.column("epoch")[1] != before[1]
    _, same_version, patch = live_charts.curves_chart(trainer, full=False)
    assert same_version == version and any(op[0] == "splice" and op[2] == 0 for op in patch)
    held = apply(held, patch)
    fresh = json.loads(live_charts.curves_chart(trainer, full=True)[0].to_json())
    assert curves_data(held) == curves_data(fresh)


def test_a_frame_sends_a_new_boundary_image_and_a_small_patch(session):
    trainer = session.trainer
    values = live_charts.inspect.boundary_values(trainer.network, live_charts.grids(trainer)[0])
    fig, version, patch = live_charts.boundary_chart(trainer, values, full=True)
    whole = fig.to_json()
    first = json.loads(whole)["layout"]["images"][0]["source"]
    trainer.run(50)
    values = live_charts.inspect.boundary_values(trainer.network, live_charts.grids(trainer)[0])
    _, same_version, patch = live_charts.boundary_chart(trainer, values, full=False)
    assert same_version == version and patch[0][:2] == ["set", ["layout", "images", 0, "source"]]
    assert patch[0][2] != first and patch[0][2].startswith("data:image/png;base64,")
    assert len(json.dumps(patch)) < len(whole) / 2  # no points, axes or template
    trainer.run(10)
    assert len(json.dumps(live_charts.curves_chart(trainer, full=False)[2])) < len(live_charts.curves_chart(trainer, full=True)[0].to_json()) / 4


def test_a_new_model_or_view_sends_the_whole_figure_again(session):
    trainer = session.trainer
    _, version, _ = live_charts.curves_chart(trainer, full=True)
    state.reset()
    _, new_version, patch = live_charts.curves_chart(session.trainer, full=False)
    assert patch is None and new_version != version


def test_a_frame_with_no_step_due_sends_empty_patches_and_no_figure(session, monkeypatch):
    sent = []
    monkeypatch.setattr(live_charts, "live_plotly", lambda figures, key, **kw: sent.append((figures, kw)))
    trainer = session.trainer
    live_charts.live_charts(trainer, full=True)
    trainer.run(3)
    live_charts.live_charts(trainer, full=False)
    live_charts.live_charts(trainer, full=False, changed=False)
    (_, whole), (_, moved), (_, idle) = sent
    assert whole["patches"] == [None, None]  # the first frame sends both figures
    assert all(patch for patch in moved["patches"])  # a frame that trained: a new image and curve points
    assert idle["patches"] == [[], []] and idle["versions"] == moved["versions"]  # nothing to send


def test_a_runs_further_parts_patch_the_charts_into_the_state_they_end_at(session, monkeypatch):
    """A run of several parts (pacing.MAX_PARTS): its own frame, then one patch
    per further part, each trained as it is taken. Applied in order they must
    leave both charts as a whole new figure of the final state would, even
    when the history is thinned between two parts, and each part's counter is
    its own state's."""
    sent = []
    monkeypatch.setattr(live_charts, "live_plotly", lambda figures, key, **kw: sent.append((figures, kw)))
    trainer = session.trainer
    capacity = trainer.history.max_points
    trainer.run(11 * (capacity - 2))  # an epoch is 11 steps: a row each, two rows short of thinning
    counters = []

    def parts(n: int):
        for _ in range(n):
            trainer.run(11)  # an epoch per part: the third part thins the history
            counters.append(f"### Epoch {trainer.epoch} · step {trainer.step_count}")
            yield counters[-1], live_charts.inspect.boundary_values(trainer.network, live_charts.grids(trainer)[0])

    live_charts.live_charts(trainer, full=True, later=parts(3), spacing=0.1)
    (figures, kw), = sent
    assert kw["patches"] == [None, None] and len(kw["later"]) == 3 and kw["spacing"] == 0.1
    assert [part["counter"] for part in kw["later"]] == counters
    held = [json.loads(fig.to_json()) for fig in figures]
    images = [held[0]["layout"]["images"][0]["source"]]
    for part in kw["later"]:
        held = [apply(figure, ops) for figure, ops in zip(held, part["patches"])]
        images.append(held[0]["layout"]["images"][0]["source"])
    assert len(set(images)) == 4  # every part shows its own boundary
    assert len(trainer.history) < capacity  # thinned on the way
    boundary_values = live_charts.inspect.boundary_values(trainer.network, live_charts.grids(trainer)[0])
    fresh_boundary = json.loads(live_charts.boundary_chart(trainer, boundary_values, full=True)[0].to_json())
    fresh_curves = json.loads(live_charts.curves_chart(trainer, full=True)[0].to_json())
    assert held[0]["layout"]["images"][0]["source"] == fresh_boundary["layout"]["images"][0]["source"]
    assert curves_data(held[1]) == curves_data(fresh_curves)
