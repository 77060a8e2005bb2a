"""The Draw dataset in the app (AppTest): a dataset=draw link opens an empty
drawing with the picker, a points= link restores its points, and the edge
cases of too little data are refused with a hint instead of a crash."""
import numpy as np

from playground import drawn
from playground.config import Config
from playground.data import make_dataset
from playground.ui import draw
from tests.support.apptest import session_of, start

STEP = 16 / 4095  # one quantisation level of x1, x2 (12 bits over -8..8)
POINTS = [[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0], [0.5, 0.25]]
LABELS, IS_TEST = [0, 1, 0, 1, 1], [False, False, False, False, True]


def drawing(n_classes=2):
    return drawn.from_points(drawn.DRAW, POINTS, LABELS, IS_TEST, "classification", n_classes,
                             frame=drawn.DRAW_FRAME)


def dataset(at):
    return session_of(at).trainer.dataset


def test_a_draw_link_opens_an_empty_drawing_with_the_picker():
    at = start({"dataset": "draw"})
    picker = at.radio(key="w_draw_mode")
    assert picker.label == "A click on the plot adds"
    assert [o.split("] ")[-1] for o in picker.options] == ["class 0", "class 1", "eraser"]
    assert at.selectbox(key="w_draw_classes").value == 2
    assert at.selectbox(key="w_dataset").value == "draw"
    ds = dataset(at)
    assert len(ds.y_train) == len(ds.y_test) == 0 and ds.extent == drawn.DRAW_FRAME
    assert "points" not in at.query_params
    assert any("Draw your own" in m.value for m in at.markdown)
    assert at.toggle(key="w_show_test").value is True  # a drawing shows where its test points went
    at.button(key="btn_train").click().run()
    assert not at.exception
    assert session_of(at).running is False
    assert any("0 training points" in i.value and "Click on the plot to add points" in i.value for i in at.info)
    at.button(key="btn_step").click().run()
    assert session_of(at).trainer.step_count == 0 and not at.exception
    for panel in ("Maths", "Gradient check", "Inside the layers", "History", "Export / import"):
        at.radio(key="w_panel").set_value(panel).run()
        assert not at.exception, panel


def test_a_points_link_restores_the_drawing_and_it_trains():
    text = drawn.encode(drawing())
    at = start({"dataset": "draw", "points": text, "hidden": "6", "activations": "tanh", "keep_probs": "1"})
    ds = dataset(at)
    assert np.all(np.abs(ds.points_train - POINTS[:4]) <= STEP / 2)
    assert np.all(np.abs(ds.points_test - POINTS[4:]) <= STEP / 2)
    assert ds.y_train.tolist() == [0, 1, 0, 1] and ds.y_test.tolist() == [1]
    assert at.query_params["points"] == [text] or at.query_params["points"] == text
    assert not at.warning
    at.button(key="btn_train").click().run()
    at.run()
    assert session_of(at).trainer.step_count > 0 and not at.exception


def test_a_bad_points_link_says_so_and_starts_empty():
    at = start({"dataset": "draw", "points": "Ig**"})
    assert any("ignored points=Ig**" in w.value.replace("\\", "") for w in at.warning)
    assert len(dataset(at).y_train) == 0 and "points" not in at.query_params


def test_one_class_is_refused_with_a_hint():
    one = drawn.from_points(drawn.DRAW, POINTS[:3], [1, 1, 1], [False] * 3, "classification", 2,
                            frame=drawn.DRAW_FRAME)
    at = start({"dataset": "draw", "points": drawn.encode(one)})
    at.button(key="btn_train").click().run()
    assert session_of(at).running is False
    assert any("Every training point is class 1" in i.value for i in at.info)


def test_three_classes_rebuild_the_model_and_travel_in_the_link():
    at = start({"dataset": "draw", "points": drawn.encode(drawing())})
    at.selectbox(key="w_draw_classes").set_value(3).run()
    assert not at.exception
    trainer = session_of(at).trainer
    assert trainer.network.output_ == "softmax" and trainer.network.dims_[-1] == 3
    assert len(trainer.dataset.y_train) == 4  # the points stay
    assert any("3 classes" in i.value for i in at.info)
    assert [o.split("] ")[-1] for o in at.radio(key="w_draw_mode").options] == ["class 0", "class 1", "class 2",
                                                                                   "eraser"]
    cfg, notices = Config.from_query({k: v for k, v in at.query_params.items()})
    assert not notices and cfg.make_dataset().n_classes == 3


def test_new_features_keep_the_drawing_and_a_new_dataset_drops_it():
    at = start({"dataset": "draw", "points": drawn.encode(drawing())})
    at.multiselect(key="w_features").set_value(["x1", "x2", "x1*x2"]).run()
    ds = dataset(at)
    assert ds.X_train.shape == (4, 3) and np.all(np.abs(ds.points_train - POINTS[:4]) <= STEP / 2)
    assert "points" in at.query_params
    at.selectbox(key="w_dataset").set_value("circles").run()
    assert len(dataset(at).y_train) + len(dataset(at).y_test) == 500
    assert "points" not in at.query_params and not at.exception


def test_the_link_notice_points_to_the_export():
    big = drawn.add_point(make_dataset("circles", n_samples=300), 0, 0, 1, 0.3)
    notice = draw.link_notice(big, Config(dataset="circles"))
    assert "at most 200 points" in notice and "Export / import" in notice and "Data (.csv)" in notice
    assert draw.link_points(big, Config(dataset="circles")) == ""
    assert draw.link_notice(make_dataset("circles", n_samples=300), Config()) is None  # not edited: no notice
    small = drawn.add_point(make_dataset("circles", n_samples=50), 0, 0, 1, 0.3)
    assert drawn.decoded(draw.link_points(small, Config(dataset="circles")), "circles").edited


def test_regression_data_gets_a_value_picker():
    at = start({"dataset": "plane", "n_samples": "50"})
    assert [o for o in at.radio(key="w_draw_mode").options] == ["a value", "eraser"]
    assert at.select_slider(key="w_draw_value").value == 0.0
    assert "w_draw_classes" not in [s.key for s in at.selectbox]


def test_hide_draw_hides_the_drawing_tools():
    at = start({"dataset": "draw", "points": drawn.encode(drawing()), "hide": "draw"})
    assert "w_draw_mode" not in [r.key for r in at.radio] and not at.warning
    assert len(dataset(at).y_train) == 4  # the puzzle is there, only not editable
