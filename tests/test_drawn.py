"""Drawn data without the UI: the link form (round trip, edge cases, bad
strings), adding, erasing and clearing points, the train/test rule, the CSV
round trip with a split column, and the Trainer taking new data."""
import base64

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from playground import drawn
from playground.config import Config
from playground.csvfile import load_csv, to_csv
from playground.data import make_dataset
from playground.engine import Trainer
from playground.plots import boundary_figure, points_patch

STEP = 16 / 4095  # one quantisation level of x1, x2 over -8..8 (12 bits), worked out by hand
VALUE_STEP = 16 / 32767  # of a regression value (15 bits)


def by_hand(points, labels, is_test, task="classification", n_classes=2, name=drawn.DRAW):
    return drawn.from_points(name, points, labels, is_test, task, n_classes, frame=drawn.DRAW_FRAME)


# ------------------------------------------------------------- link form
coordinate = st.floats(-8, 8, allow_nan=False)


@st.composite
def datasets(draw):
    n = draw(st.integers(0, drawn.MAX_LINK_POINTS))
    P = np.array(draw(st.lists(st.tuples(coordinate, coordinate), min_size=n, max_size=n)), dtype=float)
    is_test = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    if draw(st.booleans()):
        labels = np.array(draw(st.lists(coordinate, min_size=n, max_size=n)))
        return by_hand(P, labels, is_test, "regression", None)
    classes = draw(st.integers(2, 10))
    labels = np.array(draw(st.lists(st.integers(0, classes - 1), min_size=n, max_size=n)), dtype=int)
    return by_hand(P, labels, is_test, "classification", classes)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(datasets())
def test_link_form_round_trip(ds):
    text = drawn.encode(ds)
    assert len(text) <= drawn.MAX_TEXT and "=" not in text
    assert len(text) == -(-(1 + 5 * (len(ds.y_train) + len(ds.y_test))) * 4 // 3)  # 5 bytes a point, 1 header
    back = drawn.decoded(text, drawn.DRAW)
    assert back.task == ds.task and back.n_classes == ds.n_classes
    assert len(back.y_train) == len(ds.y_train) and len(back.y_test) == len(ds.y_test)
    for got, want in ((back.points_train, ds.points_train), (back.points_test, ds.points_test)):
        assert np.all(np.abs(got - want) <= STEP / 2 + 1e-12)
    if ds.task == "classification":
        assert back.y_train.tolist() == ds.y_train.tolist() and back.y_test.tolist() == ds.y_test.tolist()
    else:
        assert np.all(np.abs(back.y_train - ds.y_train) <= VALUE_STEP / 2 + 1e-12)
        assert np.all(np.abs(back.y_test - ds.y_test) <= VALUE_STEP / 2 + 1e-12)
    assert drawn.encode(back) == text  # quantised points encode to themselves


def test_link_form_by_hand():
    ds = by_hand([[0.0, 8.0], [-8.0, 1.0]], [1, 0], [False, True])
    raw = base64.urlsafe_b64decode(drawn.encode(ds) + "==")
    assert raw[0] == 0x22  # version 1, two classes
    # x 0 -> level round(4095 / 2) = 2048 (half to even); x2 8 -> 4095; train; class 1
    assert int.from_bytes(raw[1:6], "big") == (2048 << 28) | (4095 << 16) | (0 << 15) | 1
    assert int.from_bytes(raw[6:11], "big") == (0 << 28) | (round(9 / 16 * 4095) << 16) | (1 << 15) | 0


def test_link_edge_cases():
    assert drawn.decoded(drawn.encode(drawn.empty()), drawn.DRAW).n_classes == 2
    three = drawn.empty(3)
    assert drawn.decoded(drawn.encode(three), drawn.DRAW).n_classes == 3
    full = by_hand(np.zeros((200, 2)), np.zeros(200, int), np.zeros(200, bool))
    assert len(drawn.encode(full)) == drawn.MAX_TEXT
    over = by_hand(np.zeros((201, 2)), np.zeros(201, int), np.zeros(201, bool))
    assert "at most 200 points" in drawn.link_problem(over)
    with pytest.raises(ValueError, match="at most 200"):
        drawn.encode(over)
    outside = by_hand([[9.0, 0.0]], [0], [False])
    assert "from -8 to 8" in drawn.link_problem(outside)


def _raw(*data: int) -> str:
    return base64.urlsafe_b64encode(bytes(data)).decode().rstrip("=")


@pytest.mark.parametrize("text, message", [
    ("A" * (drawn.MAX_TEXT + 1), "too long"),
    ("Ig!!", "base64url"), ("Ig==", "base64url"), ("I", "base64url"), ("Ih", "base64url"),  # Ih: stray bits
    (_raw(0x42), "version 2"), (_raw(0x21), "1 classes"), (_raw(0x2B), "11 classes"),
    (_raw(0x22, 1, 2, 3), "cut short"),
    (_raw(0x22, 0, 0, 0, 0, 2), "class 2 of 2 classes"),
    (_raw(0x22, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0), "before the test points"),
    ("", "no points"),
])
def test_bad_link_forms_say_why(text, message):
    with pytest.raises(ValueError, match=message):
        drawn.decode(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.binary(max_size=40).map(lambda b: base64.urlsafe_b64encode(b).decode()))
def test_any_text_is_decoded_or_refused_with_a_value_error(text):
    try:
        P, labels, is_test, task, classes = drawn.decode(text)
    except ValueError:
        return
    assert P.shape == (len(labels), 2) and np.all(np.abs(P) <= 8)
    assert task == "regression" or labels.max(initial=0) < classes


def test_a_bad_points_link_value_falls_back_to_no_points():
    cfg, notices = Config.from_query({"dataset": "draw", "points": "Ig!!xyz"})
    assert cfg.points == "" and cfg.dataset == "draw"
    assert notices == ["ignored points=Ig!!xyz: not the link form of drawn points (base64url); using none"]
    assert len(cfg.make_dataset().y_train) == 0
    cfg, notices = Config.from_query({"points": "200"})  # the old alias of n_samples still works
    assert cfg.n_samples == 200 and cfg.points == "" and not notices


def test_points_travel_in_the_link_and_the_json():
    ds = by_hand([[0.5, 0.5], [-0.5, -0.5], [0.5, -0.5]], [0, 1, 1], [False, False, True])
    cfg = Config(dataset="draw", points=drawn.encode(ds))
    assert cfg.to_query()["points"] == cfg.points
    assert "points" not in Config().to_query()  # no drawn points: no key
    assert Config.from_query(cfg.to_query()) == (cfg, [])
    assert Config.from_json(cfg.to_json()) == cfg
    back = cfg.make_dataset()
    assert np.all(np.abs(back.points_train - [[0.5, 0.5], [-0.5, -0.5]]) <= STEP / 2)
    assert back.y_test.tolist() == [1] and back.extent == drawn.DRAW_FRAME


# ------------------------------------------------------------- editing
def test_the_split_rule_follows_the_ratio_from_the_first_point():
    # test share of the first k points is floor(k * ratio) / k: worked out by hand
    assert [drawn.goes_to_test(k, 0.3) for k in range(10)] == [False, False, False, True, False, False, True,
                                                                False, False, True]
    assert [drawn.goes_to_test(k, 0.5) for k in range(6)] == [False, True, False, True, False, True]
    assert [k for k in range(20) if drawn.goes_to_test(k, 0.1)] == [9, 19]
    for ratio in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        assert sum(drawn.goes_to_test(k, ratio) for k in range(1000)) == round(ratio * 1000)


def test_add_erase_clear():
    ds = drawn.empty()
    clicks = [(0.1, 0.2, 0), (1.0, 1.0, 1), (-1.0, -1.0, 0), (0.5, -0.5, 1), (0.3, 0.3, 1)]
    for x, y, label in clicks:
        ds = drawn.add_point(ds, x, y, label, 0.3)
    assert ds.points_train.tolist() == [[0.1, 0.2], [1.0, 1.0], [-1.0, -1.0], [0.3, 0.3]]
    assert ds.points_test.tolist() == [[0.5, -0.5]] and ds.y_train.tolist() == [0, 1, 0, 1]
    assert ds.X_train.tolist() == [[0.1, 0.2], [1.0, 1.0], [-1.0, -1.0], [0.3, 0.3]]
    assert ds.extent == drawn.DRAW_FRAME and not ds.edited
    ds = drawn.erase_nearest(ds, 0.45, -0.4)  # nearest: the test point (0.5, -0.5)
    assert len(ds.y_test) == 0 and len(ds.y_train) == 4
    ds = drawn.erase_nearest(ds, 0.9, 1.2)
    assert ds.points_train.tolist() == [[0.1, 0.2], [-1.0, -1.0], [0.3, 0.3]]
    ds = drawn.clear(ds)
    assert len(ds.y_train) == len(ds.y_test) == 0 and ds.extent == drawn.DRAW_FRAME
    assert drawn.erase_nearest(ds, 0, 0) is ds  # nothing to erase
    for bad in ((0, 0, 2), (0, 0, 0.5), (None, 0, 0), (float("nan"), 0, 0), ("x", 0, 0)):
        with pytest.raises(ValueError):
            drawn.add_point(ds, *bad, 0.3)


def test_editing_other_data_keeps_its_plot_and_says_edited():
    moons = make_dataset("moons", n_samples=50, seed=1)
    extent = moons.extent
    more = drawn.add_point(moons, 0.0, 0.0, 1, 0.3)
    assert more.edited and more.extent == extent and more.name == "moons"
    assert len(more.y_train) + len(more.y_test) == 51
    assert np.array_equal(more.points_train[:len(moons.y_train)], moons.points_train)
    plane = make_dataset("plane", n_samples=50)
    valued = drawn.add_point(plane, 0.2, 0.2, 0.7, 0.3)
    assert valued.task == "regression" and 0.7 in np.concatenate([valued.y_train, valued.y_test])


def test_fewer_classes_drop_their_points():
    ds = drawn.empty(3)
    for x, label in ((0.0, 0), (0.5, 2), (1.0, 1)):
        ds = drawn.add_point(ds, x, 0.0, label, 0.0)
    two, removed = drawn.with_classes(ds, 2)
    assert removed == 1 and two.n_classes == 2 and two.y_train.tolist() == [0, 1]


@pytest.mark.parametrize("points, labels, is_test, hint", [
    ([], [], [], "0 training points"),
    ([[0, 0]], [0], [False], "1 training point:"),
    ([[0, 0], [1, 1], [2, 2]], [0, 1, 1], [False, True, True], "1 training point:"),  # empty-ish train
    ([[0, 0], [1, 1], [0, 1]], [1, 1, 0], [False, False, True], "Every training point is class 1"),
])
def test_too_little_data_is_named(points, labels, is_test, hint):
    problem = drawn.training_problem(by_hand(points, labels, is_test))
    assert hint in problem and "click on the plot" in problem.lower()


def test_enough_data_even_without_a_test_set():
    assert drawn.training_problem(by_hand([[0, 0], [1, 1]], [0, 1], [False, False])) is None


# ------------------------------------------------------------------ CSV
@pytest.mark.parametrize("ds", [
    by_hand([[0.1, 0.2], [1.0, 1.0], [-1.0, -1.0], [0.5, -0.5], [0.3, 0.3], [-0.2, 0.9]], [0, 1, 0, 1, 1, 0],
            [False, False, False, True, False, False]),
    drawn.add_point(make_dataset("moons", n_samples=50, seed=3), 0.1, 0.1, 1, 0.3),
    make_dataset("plane", n_samples=50, noise=0.2),
    make_dataset("blobs3", n_samples=50),
])
def test_csv_round_trip_keeps_points_labels_and_split(ds):
    back = load_csv(to_csv(*drawn.all_points(ds)).encode(), test_ratio=0.5, seed=9)  # ratio and seed unused
    for name in ("points_train", "points_test", "y_train", "y_test", "X_train", "X_test"):
        assert np.array_equal(getattr(back, name), getattr(ds, name)), name
    assert back.task == ds.task and back.n_classes == ds.n_classes


def test_csv_split_column_is_checked_whole():
    good = "x1,x2,label,split\n0,0,0,train\n1,1,1,train\n0,1,0,test\n1,0,1,TEST\n"
    assert load_csv(good.encode()).y_test.tolist() == [0, 1]
    headerless = "0,0,0,train\n1,1,1,train\n0,1,0,test\n1,0,1,test\n"
    assert load_csv(headerless.encode()).points_test.tolist() == [[0.0, 1.0], [1.0, 0.0]]
    with pytest.raises(ValueError, match="line 4: the split column must say train or test, found 'tset'"):
        load_csv(good.replace("0,1,0,test", "0,1,0,tset").encode())
    with pytest.raises(ValueError, match="marks 1 row"):
        load_csv(good.replace("1,1,1,train", "1,1,1,test").encode())
    with pytest.raises(ValueError, match="line 3: expected 3 columns"):
        load_csv(good.replace("1,1,1,train", "1,1,train").encode())


# --------------------------------------------------------------- Trainer
def test_the_trainer_takes_new_data_and_keeps_its_weights():
    cfg = Config(dataset="draw", hidden=(4,), activations=("tanh",), keep_probs=(1.0,), learning_rate=0.1)
    ds = cfg.make_dataset()
    trainer = Trainer(cfg.make_network(ds), ds)
    assert trainer.run(5) == 0 and not trainer.diverged  # nothing to train on, and no crash
    assert np.isnan(trainer.evaluate()["train_cost"])
    for x, y, label in ((-1, -1, 0), (1, 1, 1), (-1, 1, 0), (1, -1, 1), (0.5, 0.5, 1)):
        ds = drawn.add_point(ds, x, y, label, 0.3)
    weights = trainer.network.flat_parameters.copy()
    trainer.set_dataset(ds)
    assert np.array_equal(trainer.network.flat_parameters, weights)
    assert trainer.Xc.tolist() == [[-1, 1, -1, 0.5], [-1, 1, 1, 0.5]]  # x1 row, x2 row: train points as columns
    assert trainer.Xc_test.tolist() == [[1], [-1]]
    assert trainer.run(200) == 200
    result = trainer.evaluate()
    assert result["train_score"] == 1.0 and np.isfinite(result["test_cost"])
    trainer.set_dataset(drawn.clear(ds))
    assert trainer.run(3) == 0 and trainer.Xc_test is None


def test_one_class_or_one_point_does_not_crash_the_trainer():
    ds = by_hand([[0, 0]], [1], [False])
    cfg = Config(dataset="draw")
    trainer = Trainer(cfg.make_network(ds), ds, batch_size=4)
    assert trainer.run(3) == 3 and not trainer.diverged
    assert np.isnan(trainer.evaluate()["test_cost"])


def test_a_three_class_drawing_gets_a_softmax():
    cfg = Config(dataset="draw")
    assert cfg.make_network(drawn.empty(3)).output_ == "softmax"
    assert cfg.make_network(drawn.empty(2)).output_ == "sigmoid"


# ---------------------------------------------------------------- patch
def _apply(figure: dict, ops: list) -> dict:
    """The patch format of plots/__init__.py, applied as the browser does (set only)."""
    for op, path, value in ops:
        assert op == "set"
        node = figure
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return figure


@pytest.mark.parametrize("task, n", [("classification", 2), ("classification", 3), ("regression", None)])
def test_a_click_patches_only_the_point_traces(task, n):
    xs = ys = np.linspace(-2, 2, 8)
    values = np.full((n if n and n > 2 else 1, 8, 8), 0.5)
    if task == "regression":
        before = by_hand([[0, 0], [1, 1]], [0.5, -0.5], [False, True], task, None)
    else:
        before = by_hand([[0, 0], [1, 1]], [0, 1], [False, True], task, n)
    after = drawn.add_point(drawn.add_point(before, -1, 1, 1, 0.0), 0.5, 0.5, 0, 0.0)
    old = boundary_figure(xs, ys, values, task, before.points_train, before.y_train, before.points_test,
                          before.y_test, "t")
    ops = points_patch(old, task, n, after.points_train, after.y_train, after.points_test, after.y_test)
    assert all(path[0] == "data" for _, path, _ in ops)  # never the image or the layout
    want = boundary_figure(xs, ys, values, task, after.points_train, after.y_train, after.points_test,
                           after.y_test, "t").to_plotly_json()
    got = _apply(old.to_plotly_json(), ops)
    for g, w in zip(got["data"], want["data"]):
        assert list(g["x"]) == list(w["x"]) and list(g["y"]) == list(w["y"]), g["name"]
        if task == "regression":
            assert list(g["marker"]["color"]) == list(w["marker"]["color"])
